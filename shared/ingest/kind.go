package ingest

import "fmt"

// Kind is the kind of fact a canonical JSON message or CSV file carries; routes and `hearth import --kind` name it.
type Kind string

// Kinds of input.
const (
	KindReservation Kind = "reservation" // → Reservation Upserted
	KindCheckIn     Kind = "check_in"    // → Stay Checked In
	KindCheckOut    Kind = "check_out"   // → Stay Checked Out (CSV "stays")
	KindPOSCheck    Kind = "pos_check"   // → POS Check Closed
	KindProfile     Kind = "profile"     // → Guest Profile Upserted (CSV "guests")
)

// kindAliases accepts the plural words operators type on the command line.
var kindAliases = map[string]Kind{
	"reservation": KindReservation, "reservations": KindReservation,
	"check_in": KindCheckIn, "checkin": KindCheckIn, "check-in": KindCheckIn,
	"check_out": KindCheckOut, "checkout": KindCheckOut, "check-out": KindCheckOut, "stay": KindCheckOut, "stays": KindCheckOut,
	"pos_check": KindPOSCheck, "pos": KindPOSCheck, "checks": KindPOSCheck, "pos_checks": KindPOSCheck,
	"profile": KindProfile, "profiles": KindProfile, "guest": KindProfile, "guests": KindProfile,
}

// ParseKind reads a kind from a route segment or a --kind flag, accepting plurals ("stays", "guests", "checks").
func ParseKind(s string) (Kind, error) {
	if k, ok := kindAliases[s]; ok {
		return k, nil
	}
	return "", fmt.Errorf("%w: unknown kind %q (reservation, check_in, check_out, pos_check, profile)", ErrInvalid, s)
}
