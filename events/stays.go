package events

import (
	"errors"

	"github.com/hearthcrm/hearth/shared/money"
)

// SourceRef names the system and record a fact came from, so every fact keeps its lineage.
type SourceRef struct {
	System   string `json:"system"`   // connector id, e.g. "opera-eu-1"
	RecordID string `json:"recordId"` // the id in that system
	// Archive is the key of the raw message in the archive bucket, set by the ingest function, so that erasure can
	// find every archived copy of a guest's messages. It names one delivery, not the record: compare sources
	// by System and RecordID.
	Archive string `json:"archive,omitempty"`
}

// GuestSnapshot is the guest as a source system described it on one message, before matching.
type GuestSnapshot struct {
	SourceGuestID string `json:"sourceGuestId"`
	FirstName     string `json:"firstName,omitempty"`
	LastName      string `json:"lastName,omitempty"`
	Email         string `json:"email,omitempty"`
	Phone         string `json:"phone,omitempty"`
	LoyaltyNumber string `json:"loyaltyNumber,omitempty"`
	// CardHash is the keyed hash of a payment card; the number itself never enters Hearth.
	CardHash string `json:"cardHash,omitempty"`
}

// ReservationUpserted says a PMS created or changed a reservation.
type ReservationUpserted struct {
	Source        SourceRef     `json:"source"`
	ReservationID string        `json:"reservationId"`
	Status        string        `json:"status"`    // booked, modified, cancelled, no_show
	Arrival       string        `json:"arrival"`   // YYYY-MM-DD in the property's zone
	Departure     string        `json:"departure"` // YYYY-MM-DD in the property's zone
	RoomType      string        `json:"roomType,omitempty"`
	RatePlan      string        `json:"ratePlan,omitempty"`
	Channel       string        `json:"channel,omitempty"`
	Total         money.Money   `json:"total"`
	Guest         GuestSnapshot `json:"guest"`
	// Company and TravelAgent are the accounts the booking was made through, when the PMS sent them (optional).
	Company     *AccountSnapshot `json:"company,omitempty"`
	TravelAgent *AccountSnapshot `json:"travelAgent,omitempty"`
}

// EventType implements Detail.
func (ReservationUpserted) EventType() string { return TypeReservationUpserted }

// EventVersion implements Detail.
func (ReservationUpserted) EventVersion() int { return 1 }

func (d ReservationUpserted) validate() error {
	if d.ReservationID == "" || d.Arrival == "" || d.Departure == "" {
		return errors.New("reservationId, arrival and departure are required")
	}
	if err := validateAccounts(d.Company, d.TravelAgent); err != nil {
		return err
	}
	return d.Total.Validate()
}

// StayCheckedIn says a guest arrived.
type StayCheckedIn struct {
	Source        SourceRef     `json:"source"`
	ReservationID string        `json:"reservationId"`
	StayID        string        `json:"stayId"`
	Room          string        `json:"room,omitempty"`
	Arrival       string        `json:"arrival"`
	Departure     string        `json:"departure"`
	Guest         GuestSnapshot `json:"guest"`
}

// EventType implements Detail.
func (StayCheckedIn) EventType() string { return TypeStayCheckedIn }

// EventVersion implements Detail.
func (StayCheckedIn) EventVersion() int { return 1 }

func (d StayCheckedIn) validate() error {
	if d.StayID == "" || d.Arrival == "" {
		return errors.New("stayId and arrival are required")
	}
	return nil
}

// Revenue categories of folio and check lines; analytics and earning rules key on them.
const (
	RevenueRoom         = "room"
	RevenueFoodBeverage = "food_beverage"
	RevenueSpa          = "spa"
	RevenueOther        = "other"
)

// FolioLine is one posted charge, by revenue category.
type FolioLine struct {
	Category    string      `json:"category"`
	Description string      `json:"description,omitempty"`
	Amount      money.Money `json:"amount"`
	Date        string      `json:"date,omitempty"` // business date, YYYY-MM-DD
}

// StayCheckedOut says a stay ended, with its folio.
type StayCheckedOut struct {
	Source        SourceRef     `json:"source"`
	ReservationID string        `json:"reservationId"`
	StayID        string        `json:"stayId"`
	Arrival       string        `json:"arrival"`
	Departure     string        `json:"departure"`
	Nights        int           `json:"nights"`
	Folio         []FolioLine   `json:"folio"`
	Total         money.Money   `json:"total"`
	Guest         GuestSnapshot `json:"guest"`
	// Company and TravelAgent are the accounts the stay was booked through (optional): the stay joins their
	// history and the guest is linked to them.
	Company     *AccountSnapshot `json:"company,omitempty"`
	TravelAgent *AccountSnapshot `json:"travelAgent,omitempty"`
}

// EventType implements Detail.
func (StayCheckedOut) EventType() string { return TypeStayCheckedOut }

// EventVersion implements Detail.
func (StayCheckedOut) EventVersion() int { return 1 }

func (d StayCheckedOut) validate() error {
	if d.StayID == "" || d.Arrival == "" || d.Departure == "" {
		return errors.New("stayId, arrival and departure are required")
	}
	if d.Nights < 0 {
		return errors.New("nights cannot be negative")
	}
	if err := validateAccounts(d.Company, d.TravelAgent); err != nil {
		return err
	}
	return validateLines(d.Total, d.Folio)
}

// POSCheckClosed says an outlet (restaurant, bar, spa) closed a check.
type POSCheckClosed struct {
	Source   SourceRef     `json:"source"`
	CheckID  string        `json:"checkId"`
	OutletID string        `json:"outletId"`
	ClosedAt string        `json:"closedAt"` // RFC 3339, UTC
	Covers   int           `json:"covers,omitempty"`
	Lines    []FolioLine   `json:"lines"`
	Total    money.Money   `json:"total"`
	Guest    GuestSnapshot `json:"guest"`
	// RoomCharge links the check to a stay when it was charged to a room.
	RoomCharge string `json:"roomCharge,omitempty"`
}

// EventType implements Detail.
func (POSCheckClosed) EventType() string { return TypePOSCheckClosed }

// EventVersion implements Detail.
func (POSCheckClosed) EventVersion() int { return 1 }

func (d POSCheckClosed) validate() error {
	if d.CheckID == "" || d.ClosedAt == "" {
		return errors.New("checkId and closedAt are required")
	}
	return validateLines(d.Total, d.Lines)
}

// validateLines checks every line is in the total's currency and the lines add up to the total.
func validateLines(total money.Money, lines []FolioLine) error {
	if err := total.Validate(); err != nil {
		return err
	}
	sum := money.Money{Currency: total.Currency}
	for _, l := range lines {
		if l.Category == "" {
			return errors.New("every line needs a revenue category")
		}
		var err error
		if sum, err = sum.Add(l.Amount); err != nil {
			return err
		}
	}
	if len(lines) > 0 && sum.Amount != total.Amount {
		return errors.New("lines do not add up to the total")
	}
	return nil
}
