package consent

import (
	"fmt"
	"strings"
	"time"
)

// Suppression reasons.
const (
	ReasonHardBounce   = "hard_bounce"
	ReasonComplaint    = "complaint"
	ReasonDoNotContact = "do_not_contact"
)

// Suppression stops all messages to an address on a channel, or to a guest on every channel.
type Suppression struct {
	Channel string    `json:"channel"`           // a channel, or "*" with GuestID for a guest-wide stop
	Address string    `json:"address,omitempty"` // normalised email or E.164 phone
	GuestID string    `json:"guestId,omitempty"`
	Reason  string    `json:"reason"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
}

// NormaliseAddress lower-cases emails and strips phone formatting so lookups match however the address was typed.
func NormaliseAddress(channel, address string) string {
	address = strings.TrimSpace(address)
	if channel == ChannelEmail {
		return strings.ToLower(address)
	}
	var b strings.Builder
	for i, r := range address {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Validate checks the suppression names a channel, a target and a reason.
func (s Suppression) Validate() error {
	switch {
	case s.Reason != ReasonHardBounce && s.Reason != ReasonComplaint && s.Reason != ReasonDoNotContact:
		return fmt.Errorf("%w: reason %q is not hard_bounce, complaint or do_not_contact", ErrInvalid, s.Reason)
	case s.Channel == "*" && s.GuestID == "":
		return fmt.Errorf("%w: a suppression on every channel needs a guest", ErrInvalid)
	case s.Channel != "*" && !channels[s.Channel]:
		return fmt.Errorf("%w: channel %q is not email, sms, phone, post or push", ErrInvalid, s.Channel)
	case s.Channel != "*" && s.Address == "":
		return fmt.Errorf("%w: a channel suppression needs an address", ErrInvalid)
	}
	return nil
}

// Target names what is suppressed.
func (s Suppression) Target() string {
	if s.Channel == "*" {
		return "guest " + s.GuestID
	}
	return s.Channel + " " + s.Address
}

// Applies reports whether the suppression covers the question.
func (s Suppression) Applies(q Question) bool {
	if s.Channel == "*" {
		return s.GuestID == q.GuestID
	}
	return s.Channel == q.Channel && q.Address != "" && s.Address == NormaliseAddress(q.Channel, q.Address)
}
