package ingest

import (
	"strings"
)

// OTA carries a reservation's status in two places: the root's ResStatus (a transaction status: Initiate, Commit,
// Modify, Cancel, Ignore) and each HotelReservation's ResStatus (a PMS status: Reserved, Cancelled, No-show,
// In-house, Checked out, or, from many channel managers, Book/Modify/Cancel again). These are the Hearth meanings.
const (
	otaCheckIn = "checked_in" // In-house: the guest arrived; a Stay Checked In event
	otaIgnore  = "ignore"     // a status that produces no event, flagged with a warning
)

var otaStatuses = map[string]string{
	"commit": StatusBooked, "book": StatusBooked, "booked": StatusBooked, "reserved": StatusBooked,
	"confirmed": StatusBooked, "new": StatusBooked,
	"modify": StatusModified, "modified": StatusModified, "modification": StatusModified,
	"cancel": StatusCancelled, "cancelled": StatusCancelled, "canceled": StatusCancelled, "cancellation": StatusCancelled,
	"noshow":  StatusNoShow,
	"inhouse": otaCheckIn, "checkedin": otaCheckIn,
	// no event: two-phase openings, unconfirmed requests, and check-outs, whose folio comes by StayInfo
	"initiate": otaIgnore, "ignore": otaIgnore, "requested": otaIgnore, "waitlisted": otaIgnore,
	"requestdenied": otaIgnore, "pending": otaIgnore, "checkedout": otaIgnore,
}

// classifyStatus maps an OTA status to its Hearth meaning; "" for an absent status, ok false for an unknown one.
func classifyStatus(s string) (string, bool) {
	k := normKey(strings.TrimSpace(s))
	if k == "" {
		return "", true
	}
	v, ok := otaStatuses[k]
	return v, ok
}

// resolveStatus decides a reservation's status from both levels. A decisive reservation-level status (cancelled,
// no-show, in-house, or one that produces no event) wins; otherwise a root Cancel or Modify says what the
// transaction did to a reservation that is still "Reserved"; otherwise the more specific level, else the message
// type's default. A Modify message never yields "booked".
func resolveStatus(root, res, dflt string, rootField, resField string, p *problems) string {
	r, okR := classifyStatus(res)
	if !okR {
		p.fail(resField, quote(res)+" is not a reservation status Hearth knows")
	}
	t, okT := classifyStatus(root)
	if !okT {
		p.fail(rootField, quote(root)+" is not a transaction status Hearth knows")
	}
	if !okR || !okT {
		return ""
	}
	var s string
	switch {
	case r == StatusCancelled || r == StatusNoShow || r == otaCheckIn || r == otaIgnore:
		s = r
	case t == StatusCancelled || t == StatusModified || t == otaIgnore:
		s = t
	case r != "":
		s = r
	case t != "":
		s = t
	default:
		s = dflt
	}
	if s == StatusBooked && dflt == StatusModified {
		s = StatusModified
	}
	return s
}
