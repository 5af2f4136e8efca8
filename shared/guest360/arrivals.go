package guest360

import (
	"errors"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Arrival is an upcoming stay as the PMS last described it: the arrivals list and the dossier read these.
type Arrival struct {
	PropertyID    string    `json:"propertyId"`
	ReservationID string    `json:"reservationId"`
	GuestID       string    `json:"guestId,omitempty"` // "" when the reservation matched no guest
	Arrival       string    `json:"arrival"`           // YYYY-MM-DD in the property's zone
	Departure     string    `json:"departure"`
	RoomType      string    `json:"roomType,omitempty"`
	RatePlan      string    `json:"ratePlan,omitempty"`
	Status        string    `json:"status"`
	UpdatedAt     time.Time `json:"updatedAt"` // the message's occurredAt: an older message never overwrites a newer
}

// ArrivalFromReservation is the arrival a Reservation Upserted describes.
func ArrivalFromReservation(env events.Envelope, d events.ReservationUpserted) Arrival {
	return Arrival{
		PropertyID: env.PropertyID, ReservationID: d.ReservationID, GuestID: env.GuestID, Arrival: d.Arrival,
		Departure: d.Departure, RoomType: d.RoomType, RatePlan: d.RatePlan, Status: d.Status, UpdatedAt: env.OccurredAt.UTC(),
	}
}

// Expected reports whether the guest is still expected: cancelled and no-show reservations leave the list.
func (a Arrival) Expected() bool { return a.Status != "cancelled" && a.Status != "no_show" }

// ErrInvalid marks a bad request (a malformed date range).
var ErrInvalid = errors.New("invalid request")
