// Package consent records each guest's permission to be contacted, per channel, purpose and scope (the whole group
// or one brand), as a history that is only ever appended to, and answers "may we contact guest G for purpose P on
// channel C at brand B now?" with the reason. Every sender asks Decide before sending.
package consent

import (
	"errors"
	"fmt"
	"time"
)

// Channels.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
	ChannelPhone = "phone"
	ChannelPost  = "post"
	ChannelPush  = "push"
)

// Purposes.
const (
	PurposeMarketing = "marketing"
	PurposeService   = "service"
	PurposeSurveys   = "surveys"
	PurposeProfiling = "profiling"
)

// Statuses.
const (
	StatusGranted   = "granted"
	StatusDenied    = "denied"
	StatusWithdrawn = "withdrawn"
)

// ScopeGroup is the scope of a consent given to the whole hotel group; any other scope is a brand id.
const ScopeGroup = "group"

// Sources of a consent record.
var sources = map[string]bool{"pms": true, "precheckin": true, "tablet": true, "console": true, "unsubscribe": true, "import": true}

var (
	channels = map[string]bool{ChannelEmail: true, ChannelSMS: true, ChannelPhone: true, ChannelPost: true, ChannelPush: true}
	purposes = map[string]bool{PurposeMarketing: true, PurposeService: true, PurposeSurveys: true, PurposeProfiling: true}
	statuses = map[string]bool{StatusGranted: true, StatusDenied: true, StatusWithdrawn: true}
)

// ErrInvalid marks a record or question with an unknown channel, purpose, status or source.
var ErrInvalid = errors.New("invalid consent")

// Record is one consent decision as the guest expressed it.
type Record struct {
	GuestID     string    `json:"guestId"`
	Channel     string    `json:"channel"`
	Purpose     string    `json:"purpose"`
	Scope       string    `json:"scope"`
	Status      string    `json:"status"`
	Source      string    `json:"source"`
	TextVersion string    `json:"textVersion,omitempty"` // the wording the guest saw
	At          time.Time `json:"at"`
	RecordedBy  string    `json:"recordedBy"`
}

// Validate checks every field names a known value.
func (r Record) Validate() error {
	switch {
	case r.GuestID == "":
		return fmt.Errorf("%w: guestId is required", ErrInvalid)
	case !channels[r.Channel]:
		return fmt.Errorf("%w: channel %q is not email, sms, phone, post or push", ErrInvalid, r.Channel)
	case !purposes[r.Purpose]:
		return fmt.Errorf("%w: purpose %q is not marketing, service, surveys or profiling", ErrInvalid, r.Purpose)
	case r.Scope == "":
		return fmt.Errorf("%w: scope is required (\"group\" or a brand id)", ErrInvalid)
	case !statuses[r.Status]:
		return fmt.Errorf("%w: status %q is not granted, denied or withdrawn", ErrInvalid, r.Status)
	case !sources[r.Source]:
		return fmt.Errorf("%w: source %q is not pms, precheckin, tablet, console, unsubscribe or import", ErrInvalid, r.Source)
	case r.At.IsZero():
		return fmt.Errorf("%w: time is required", ErrInvalid)
	}
	return nil
}

// Question asks whether a guest may be contacted.
type Question struct {
	GuestID string
	Channel string
	Purpose string
	BrandID string    // the brand sending; empty for a group-wide message
	Address string    // the email address or phone number the message would go to, checked against suppressions
	At      time.Time // now, for live sends
}

// Decision answers a Question.
type Decision struct {
	Allowed bool    `json:"allowed"`
	Reason  string  `json:"reason"`
	Basis   *Record `json:"basis,omitempty"`
}

// Decide applies the rules, in order:
//  1. a suppression of the address (hard bounce, complaint, do-not-contact) or of the guest forbids every purpose;
//  2. otherwise the most recent record for the channel and purpose whose scope is the group or the sending brand
//     decides: the latest expression of the guest's will wins, so a group withdrawal overrides an older brand grant
//     and a newer brand grant overrides an older group withdrawal for that brand only;
//  3. with no record, service messages are allowed (they are part of the stay) and everything else is not: consent
//     is opt-in.
func Decide(history []Record, suppressions []Suppression, q Question) (Decision, error) {
	if !channels[q.Channel] || !purposes[q.Purpose] || q.GuestID == "" {
		return Decision{}, fmt.Errorf("%w: question needs a guest, a known channel and a known purpose", ErrInvalid)
	}
	for _, s := range suppressions {
		if s.Applies(q) {
			return Decision{Reason: fmt.Sprintf("suppressed: %s (%s) since %s", s.Target(), s.Reason, s.At.UTC().Format(time.RFC3339))}, nil
		}
	}
	var basis *Record
	for i := range history {
		r := history[i]
		if r.GuestID != q.GuestID || r.Channel != q.Channel || r.Purpose != q.Purpose || r.At.After(q.At) {
			continue
		}
		if r.Scope != ScopeGroup && r.Scope != q.BrandID {
			continue
		}
		if basis == nil || !r.At.Before(basis.At) {
			basis = &history[i]
		}
	}
	if basis == nil {
		if q.Purpose == PurposeService {
			return Decision{Allowed: true, Reason: "service messages need no opt-in and none was refused"}, nil
		}
		return Decision{Reason: fmt.Sprintf("no %s consent on %s recorded", q.Purpose, q.Channel)}, nil
	}
	where := "the group"
	if basis.Scope != ScopeGroup {
		where = "brand " + basis.Scope
	}
	reason := fmt.Sprintf("%s for %s on %s at %s (%s, %s)", basis.Status, q.Purpose, q.Channel, where, basis.Source, basis.At.UTC().Format(time.RFC3339))
	return Decision{Allowed: basis.Status == StatusGranted, Reason: reason, Basis: basis}, nil
}
