// Package reconcile checks, per property and business day, that what the PMS billed, what Guest 360 filed and what
// loyalty awarded agree, reservation by reservation. It is the daily answer to "did every checked-out stay reach
// its guest and earn what it should?": lost or unmatched messages, folios re-sent after late charges and members
// enrolled after their stay all show up as mismatches an operator can act on.
package reconcile

import (
	"fmt"
	"sort"
	"time"
)

// Kinds of mismatch.
const (
	// NoGuest: the stay matched no guest (unidentified, or the property does not add new guests): its revenue is
	// in nobody's profile.
	NoGuest = "no_guest"
	// SpendMissing: the stay has a guest but Guest 360 filed no spend for it.
	SpendMissing = "spend_missing"
	// SpendDiffers: the spend filed differs from the PMS folio (a folio re-sent after late charges, a duplicate).
	SpendDiffers = "spend_differs"
	// PointsMissing: a member's stay earned nothing although the programme awards it points.
	PointsMissing = "points_missing"
	// PointsDiffer: the points posted (awarded or withheld) differ from what the programme gives the folio.
	PointsDiffer = "points_differ"
)

// Stay is what each system holds about one reservation checked out at the property on the day.
type Stay struct {
	ReservationID string
	GuestID       string // "" when the stay matched no guest
	Currency      string
	// Folio is the total of the PMS's latest check-out message for the reservation; FolioMessages counts them.
	Folio         int64
	FolioMessages int
	// Filed are the totals of the Guest 360 visits filed for the reservation.
	Filed []int64
	// Member says whether the guest is a loyalty member; the points are theirs for this reservation.
	Member   bool
	Expected int64 // by the programme's rules, for the latest folio
	Earned   int64 // posted as earned
	Withheld int64 // recorded as not awarded (the property's switch)
}

// Mismatch is one disagreement, by reservation.
type Mismatch struct {
	ReservationID string `json:"reservationId"`
	GuestID       string `json:"guestId,omitempty"`
	Kind          string `json:"kind"`
	Expected      int64  `json:"expected"`
	Actual        int64  `json:"actual"`
	Detail        string `json:"detail"`
}

// Report is a property's reconciliation of one business day. Money is in minor units of Currency.
type Report struct {
	PropertyID     string     `json:"propertyId"`
	Day            string     `json:"day"` // the business day in the property's time zone
	TimeZone       string     `json:"timeZone"`
	Currency       string     `json:"currency"`
	GeneratedAt    time.Time  `json:"generatedAt"`
	Reservations   int        `json:"reservations"`
	FolioRevenue   int64      `json:"folioRevenue"`
	FiledSpend     int64      `json:"filedSpend"`
	PointsExpected int64      `json:"pointsExpected"`
	PointsEarned   int64      `json:"pointsEarned"`
	PointsWithheld int64      `json:"pointsWithheld"`
	Mismatches     []Mismatch `json:"mismatches"`
}

// Compare reconciles the day's stays. Stays in another currency than the property's are compared among
// themselves but kept out of the revenue totals, which are in the property's currency.
func Compare(r Report, stays []Stay) Report {
	r.Mismatches = []Mismatch{}
	sort.Slice(stays, func(i, j int) bool { return stays[i].ReservationID < stays[j].ReservationID })
	for _, s := range stays {
		r.Reservations++
		filed := sum(s.Filed)
		if s.Currency == r.Currency {
			r.FolioRevenue += s.Folio
			r.FiledSpend += filed
		}
		r.PointsExpected += s.Expected
		r.PointsEarned += s.Earned
		r.PointsWithheld += s.Withheld
		add := func(kind string, expected, actual int64, detail string) {
			r.Mismatches = append(r.Mismatches, Mismatch{ReservationID: s.ReservationID, GuestID: s.GuestID, Kind: kind, Expected: expected, Actual: actual, Detail: detail})
		}
		switch {
		case s.GuestID == "":
			add(NoGuest, s.Folio, 0, "the stay matched no guest: its revenue is in no profile")
		case len(s.Filed) == 0:
			add(SpendMissing, s.Folio, 0, "no spend filed for the stay in Guest 360")
		case filed != s.Folio:
			add(SpendDiffers, s.Folio, filed, fmt.Sprintf("%d visit(s) filed against %d check-out message(s) from the PMS", len(s.Filed), s.FolioMessages))
		}
		if !s.Member || s.Expected == s.Earned+s.Withheld {
			continue
		}
		if s.Earned+s.Withheld == 0 {
			add(PointsMissing, s.Expected, 0, "a member's stay earned no points (enrolled after the stay, or the award was lost)")
		} else {
			add(PointsDiffer, s.Expected, s.Earned+s.Withheld, "points posted differ from the programme's award for the latest folio")
		}
	}
	return r
}

func sum(xs []int64) int64 {
	var t int64
	for _, x := range xs {
		t += x
	}
	return t
}
