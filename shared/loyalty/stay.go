package loyalty

import (
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/money"
)

// Stay is what earning needs to know about a stay: its references, business dates and folio.
type Stay struct {
	PropertyID    string
	ReservationID string
	StayID        string // the registration; part of every accrual key
	FolioID       string // invoice number, for the statement
	Arrival       Date   // business dates in the property's zone
	Departure     Date
	Nights        int // zero means Departure − Arrival
	RatePlan      string
	CheckedOut    bool
	Lines         []Line
}

// Line is one folio or check line. Amount is gross; Tax is the part of Amount that is tax (zero when unknown).
type Line struct {
	Category    string // revenue category, e.g. events.RevenueRoom
	Code        string // PMS/POS revenue (transaction) code
	Description string
	Amount      money.Money
	Tax         money.Money
	// CheckID marks a POS check charged to the room. The check earns itself (EarnCheck), so the stay skips the
	// line rather than award the same spend twice.
	CheckID string
	// Package is the package code of a package line; Components are its parts, which earn one by one when the
	// programme marks the package unbundled, and are ignored otherwise.
	Package    string
	Components []Line
}

// Check is a closed POS check.
type Check struct {
	PropertyID string
	CheckID    string
	OutletID   string
	// OutletCategory is the outlet's revenue category; when empty the programme's Outlets map gives it.
	OutletCategory string
	ClosedAt       time.Time
	Lines          []Line
	// RoomCharge is the reservation the check was charged to, if any.
	RoomCharge string
}

func (s *Stay) nights() int {
	if s.Nights > 0 {
		return s.Nights
	}
	return int(s.Departure - s.Arrival)
}

func (s *Stay) validate() error {
	switch {
	case s.PropertyID == "" || containsSlash(s.PropertyID):
		return invalid("propertyId", "required, without '/'")
	case s.StayID == "":
		return invalid("stayId", "required")
	case s.Arrival == 0 || s.Departure == 0:
		return invalid("arrival", "arrival and departure are required")
	case s.Departure < s.Arrival:
		return invalid("departure", "before arrival")
	case s.Nights < 0:
		return invalid("nights", "cannot be negative")
	}
	return nil
}

func (c *Check) validate() error {
	switch {
	case c.PropertyID == "" || containsSlash(c.PropertyID):
		return invalid("propertyId", "required, without '/'")
	case c.CheckID == "":
		return invalid("checkId", "required")
	case c.ClosedAt.IsZero():
		return invalid("closedAt", "required")
	}
	return nil
}

// StayFromEvent converts a StayCheckedOut detail for a property into a Stay. The event carries no revenue
// codes, taxes or packages, so its lines earn by category and gross.
func StayFromEvent(propertyID string, d events.StayCheckedOut) (Stay, error) {
	arr, err := ParseDate(d.Arrival)
	if err != nil {
		return Stay{}, err
	}
	dep, err := ParseDate(d.Departure)
	if err != nil {
		return Stay{}, err
	}
	return Stay{
		PropertyID: propertyID, ReservationID: d.ReservationID, StayID: d.StayID,
		Arrival: arr, Departure: dep, Nights: d.Nights, CheckedOut: true,
		Lines: linesFromEvent(d.Folio),
	}, nil
}

// CheckFromEvent converts a POSCheckClosed detail for a property into a Check.
func CheckFromEvent(propertyID string, d events.POSCheckClosed) (Check, error) {
	at, err := time.Parse(time.RFC3339, d.ClosedAt)
	if err != nil {
		return Check{}, invalid("closedAt", "want RFC 3339: "+quote(d.ClosedAt))
	}
	return Check{
		PropertyID: propertyID, CheckID: d.CheckID, OutletID: d.OutletID, ClosedAt: at.UTC(),
		Lines: linesFromEvent(d.Lines), RoomCharge: d.RoomCharge,
	}, nil
}

func linesFromEvent(in []events.FolioLine) []Line {
	out := make([]Line, len(in))
	for i, l := range in {
		out[i] = Line{Category: l.Category, Description: l.Description, Amount: l.Amount}
	}
	return out
}

func containsSlash(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			return true
		}
	}
	return false
}
