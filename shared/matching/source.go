package matching

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity"
)

// Record is one source record to resolve: what one source system said about a guest on one message.
type Record struct {
	// Source names the source system and its own id for the guest (RecordID: the snapshot's sourceGuestId). A
	// record without one is named after its identifiers (see Match).
	Source events.SourceRef
	// Guest holds the values as the source wrote them; Guest.ID is ignored.
	Guest identity.Record
	// At is when the source said it (the message's occurredAt); zero means now. It orders the updates of one
	// source record: an older message never overwrites a newer one.
	At time.Time
	// Message is the idempotency key of the message: delivering it again replays its outcome.
	Message string
	// Scope is copied into the events the resolution emits.
	Scope events.Scope
}

// SnapshotOf returns the guest snapshot an ingested envelope carries and the source system it came from: the
// reservation, check-in, check-out and POS check events carry one, and a PMS profile (Guest Profile Upserted naming
// its one source record) is one. ok is false for other types.
func SnapshotOf(env events.Envelope) (system string, s events.GuestSnapshot, ok bool, err error) {
	switch env.Type {
	case events.TypeReservationUpserted, events.TypeStayCheckedIn, events.TypeStayCheckedOut, events.TypePOSCheckClosed, events.TypeGuestProfileUpserted:
	default:
		return "", events.GuestSnapshot{}, false, nil
	}
	d, err := env.Decode()
	if err != nil {
		return "", events.GuestSnapshot{}, false, err
	}
	switch d := d.(type) {
	case *events.ReservationUpserted:
		return d.Source.System, d.Guest, true, nil
	case *events.StayCheckedIn:
		return d.Source.System, d.Guest, true, nil
	case *events.StayCheckedOut:
		return d.Source.System, d.Guest, true, nil
	case *events.POSCheckClosed:
		return d.Source.System, d.Guest, true, nil
	case *events.GuestProfileUpserted:
		if len(d.Sources) != 1 || d.Sources[0].RecordID == "" {
			return "", events.GuestSnapshot{}, false, nil
		}
		return d.Sources[0].System, events.GuestSnapshot{
			SourceGuestID: d.Sources[0].RecordID, FirstName: d.FirstName, LastName: d.LastName, Email: d.Email,
			Phone: d.Phone, LoyaltyNumber: d.LoyaltyNumber,
		}, true, nil
	}
	return "", events.GuestSnapshot{}, false, nil
}

// RecordOf turns a snapshot into a source record of system.
func RecordOf(system string, s events.GuestSnapshot) Record {
	return Record{
		Source: events.SourceRef{System: system, RecordID: s.SourceGuestID},
		Guest: identity.Record{
			FirstName: s.FirstName, LastName: s.LastName, Email: s.Email, Phone: s.Phone,
			LoyaltyNumber: s.LoyaltyNumber, CardHash: s.CardHash,
		},
	}
}

// snapshotOfRecord is what the erasure check sees of a record.
func snapshotOfRecord(r Record) events.GuestSnapshot {
	return events.GuestSnapshot{
		SourceGuestID: r.Source.RecordID, FirstName: r.Guest.FirstName, LastName: r.Guest.LastName,
		Email: r.Guest.Email, Phone: r.Guest.Phone, LoyaltyNumber: r.Guest.LoyaltyNumber, CardHash: r.Guest.CardHash,
	}
}

// blankGuest returns env with the personal fields of its guest snapshot blanked (the fields privacy scrubs:
// names, email, phone, loyalty number, card hash) and no guest id.
func blankGuest(env events.Envelope) (events.Envelope, error) {
	d, err := env.Decode()
	if err != nil {
		return env, err
	}
	blank := func(s *events.GuestSnapshot) {
		*s = events.GuestSnapshot{SourceGuestID: s.SourceGuestID}
	}
	switch d := d.(type) {
	case *events.ReservationUpserted:
		blank(&d.Guest)
	case *events.StayCheckedIn:
		blank(&d.Guest)
	case *events.StayCheckedOut:
		blank(&d.Guest)
	case *events.POSCheckClosed:
		blank(&d.Guest)
	case *events.GuestProfileUpserted:
		// An erased person's profile keeps only which record it was: no name, contact or health data.
		*d = events.GuestProfileUpserted{Sources: d.Sources}
	default:
		return env, fmt.Errorf("%w: %s carries no guest snapshot", events.ErrInvalid, env.Type)
	}
	data, err := json.Marshal(d)
	if err != nil {
		return env, fmt.Errorf("encode %s: %w", env.Type, err)
	}
	env.Data, env.GuestID = data, ""
	return env, nil
}
