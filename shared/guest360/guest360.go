// Package guest360 keeps the unified history of a guest across every property: each stay and check once, and
// statistics derived from them (stays, nights, revenue by category and currency, ADR, first and last stay, days
// since the last one).
//
// Merges: a merged guest keeps its visits as they were, and the survivor gets a copy of each (Copy), marked with
// the guest it came from and the merge, so the survivor's history shows both guests' stays and spend. Undoing
// the merge removes the copies: each guest has exactly the visits it had before.
package guest360

import (
	"sort"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Visit is one stay or one outlet check of a guest.
type Visit struct {
	Key        string           `json:"key"`  // the source fact's idempotency key: a visit counts once
	Kind       string           `json:"kind"` // stay or check
	PropertyID string           `json:"propertyId"`
	Reference  string           `json:"reference"` // reservation or check id
	Arrival    string           `json:"arrival,omitempty"`
	Departure  string           `json:"departure"` // the check's business date for checks
	Nights     int              `json:"nights,omitempty"`
	Revenue    map[string]int64 `json:"revenue"` // by revenue category, minor units of Currency
	Currency   string           `json:"currency"`
	// MergedFrom is set on a copy filed under a survivor: the guest the visit was first filed under; MergeID is
	// the merge that brought it.
	MergedFrom string `json:"mergedFrom,omitempty"`
	MergeID    string `json:"mergeId,omitempty"`
}

// Copy is the visit as a survivor shows it after guest from was merged into it by mergeID. A visit that is
// already a copy keeps its origin.
func (v Visit) Copy(from, mergeID string) Visit {
	if v.MergedFrom == "" {
		v.MergedFrom = from
	}
	v.MergeID = mergeID
	return v
}

// Stats summarise a guest's visits.
type Stats struct {
	Stays      int                         `json:"stays"`
	Nights     int                         `json:"nights"`
	Checks     int                         `json:"checks"`
	Revenue    map[string]map[string]int64 `json:"revenue"` // currency → category → minor units
	ADR        map[string]int64            `json:"adr"`     // currency → room revenue per night (minor units)
	FirstStay  string                      `json:"firstStay,omitempty"`
	LastStay   string                      `json:"lastStay,omitempty"`
	ByProperty map[string]int              `json:"byProperty"` // property → visits
}

// VisitFromStay turns a checked-out stay into a visit.
func VisitFromStay(env events.Envelope, d events.StayCheckedOut) Visit {
	v := Visit{Key: env.IdempotencyKey, Kind: "stay", PropertyID: env.PropertyID, Reference: d.ReservationID,
		Arrival: d.Arrival, Departure: d.Departure, Nights: d.Nights, Revenue: map[string]int64{}, Currency: d.Total.Currency}
	for _, l := range d.Folio {
		v.Revenue[l.Category] += l.Amount.Amount
	}
	return v
}

// VisitFromCheck turns a closed outlet check into a visit.
func VisitFromCheck(env events.Envelope, d events.POSCheckClosed) Visit {
	day := d.ClosedAt
	if t, err := time.Parse(time.RFC3339, d.ClosedAt); err == nil {
		day = t.UTC().Format(time.DateOnly)
	}
	v := Visit{Key: env.IdempotencyKey, Kind: "check", PropertyID: env.PropertyID, Reference: d.CheckID, Departure: day,
		Revenue: map[string]int64{}, Currency: d.Total.Currency}
	for _, l := range d.Lines {
		v.Revenue[l.Category] += l.Amount.Amount
	}
	return v
}

// Summarise computes statistics from visits; recomputing from the visits always gives the stored figures.
func Summarise(visits []Visit) Stats {
	s := Stats{Revenue: map[string]map[string]int64{}, ADR: map[string]int64{}, ByProperty: map[string]int{}}
	roomNights := map[string][2]int64{} // currency → room revenue, nights
	sort.Slice(visits, func(i, j int) bool { return visits[i].Departure < visits[j].Departure })
	for _, v := range visits {
		s.ByProperty[v.PropertyID]++
		if s.Revenue[v.Currency] == nil {
			s.Revenue[v.Currency] = map[string]int64{}
		}
		for cat, amount := range v.Revenue {
			s.Revenue[v.Currency][cat] += amount
		}
		if v.Kind != "stay" {
			s.Checks++
			continue
		}
		s.Stays++
		s.Nights += v.Nights
		if s.FirstStay == "" {
			s.FirstStay = v.Arrival
		}
		s.LastStay = v.Departure
		rn := roomNights[v.Currency]
		rn[0] += v.Revenue[events.RevenueRoom]
		rn[1] += int64(v.Nights)
		roomNights[v.Currency] = rn
	}
	for cur, rn := range roomNights {
		if rn[1] > 0 {
			s.ADR[cur] = rn[0] / rn[1]
		}
	}
	return s
}

// DaysSinceLastStay counts whole days from the last departure to today (-1 without stays).
func (s Stats) DaysSinceLastStay(today time.Time) int {
	last, err := time.Parse(time.DateOnly, s.LastStay)
	if err != nil {
		return -1
	}
	return int(today.UTC().Truncate(24*time.Hour).Sub(last).Hours() / 24)
}
