// Package retention says how long each class of guest data is kept, per hotel group, and when a piece of data
// expires. The journal stamps each event's expiry from it (DynamoDB TTL deletes it) and the daily sweep erases
// profiles of guests inactive for longer than the profile period.
package retention

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Class is a data class with its own retention period.
type Class string

// Data classes.
const (
	ProfilePII Class = "profile" // profiles and their personal data, counted from the guest's last activity
	Stays      Class = "stays"   // reservations and stays
	Spend      Class = "spend"   // folios, checks and loyalty postings
	Messages   Class = "messages"
	Surveys    Class = "surveys"
	Audit      Class = "audit" // the audit log and operational events
)

// limits are the least and most days a class may be kept: finance records must survive tax audits, and nothing
// is kept forever.
var limits = map[Class][2]int{
	ProfilePII: {365, 3650},
	Stays:      {365 * 6, 3650},
	Spend:      {365 * 6, 3650},
	Messages:   {30, 1095},
	Surveys:    {90, 1825},
	Audit:      {365, 3650},
}

// Policy is a group's retention periods in days.
type Policy struct {
	Days map[Class]int `json:"days"`
}

// Default is the policy of a group that has not set one.
func Default() Policy {
	return Policy{Days: map[Class]int{ProfilePII: 1095, Stays: 2555, Spend: 2555, Messages: 400, Surveys: 730, Audit: 2555}}
}

// ErrInvalid marks a policy outside the allowed limits.
var ErrInvalid = errors.New("invalid retention policy")

// Validate checks every class is set and within its limits.
func (p Policy) Validate() error {
	for c, lim := range limits {
		d, ok := p.Days[c]
		if !ok {
			return fmt.Errorf("%w: %s has no period", ErrInvalid, c)
		}
		if d < lim[0] || d > lim[1] {
			return fmt.Errorf("%w: %s must be kept between %d and %d days, not %d", ErrInvalid, c, lim[0], lim[1], d)
		}
	}
	for c := range p.Days {
		if _, ok := limits[c]; !ok {
			return fmt.Errorf("%w: unknown data class %q (known: %v)", ErrInvalid, c, Classes())
		}
	}
	return nil
}

// Classes lists the data classes.
func Classes() []Class {
	out := make([]Class, 0, len(limits))
	for c := range limits {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// ClassOf says which class an event's data belongs to.
func ClassOf(eventType string) Class {
	switch eventType {
	case events.TypeReservationUpserted, events.TypeStayCheckedIn, events.TypeStayCheckedOut:
		return Stays
	case events.TypePOSCheckClosed, events.TypePointsPosted, events.TypeTierChanged:
		return Spend
	case events.TypeGuestProfileUpserted, events.TypeProfilesMerged, events.TypeProfilesUnmerged, events.TypeConsentChanged:
		return ProfilePII
	}
	return Audit
}

// Expires returns when data of class c created at t expires.
func (p Policy) Expires(c Class, t time.Time) time.Time {
	d, ok := p.Days[c]
	if !ok {
		d = Default().Days[c]
	}
	return t.UTC().AddDate(0, 0, d)
}
