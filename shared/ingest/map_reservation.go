package ingest

import (
	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/money"
)

// Reservation statuses of events.ReservationUpserted.
const (
	StatusBooked    = "booked"
	StatusModified  = "modified"
	StatusCancelled = "cancelled"
	StatusNoShow    = "no_show"
)

var reservationStatuses = map[string]bool{StatusBooked: true, StatusModified: true, StatusCancelled: true, StatusNoShow: true}

func (in *Ingester) mapReservation(r *ReservationRequest, p *problems) (Event, bool) {
	m := p.mark()
	id := ident("reservationId", r.ReservationID, true, p)
	if r.Status == "" {
		p.required("status")
	} else if !reservationStatuses[r.Status] {
		p.fail("status", quote(r.Status)+" is not booked, modified, cancelled or no_show")
	}
	at, _ := in.instant("modifiedAt", r.ModifiedAt, true, false, p)
	arrival := date("arrival", r.Arrival, true, false, p)
	departure := date("departure", r.Departure, true, false, p)
	stayDates(arrival, departure, "departure", p)
	var total money.Money
	if r.Total != nil {
		total, _ = in.money("total", r.Total, r.Currency, p)
		if total.Amount < 0 {
			p.fail("total", "must not be negative")
		}
	} else if cur, _, err := in.currency("currency", r.Currency); err != nil {
		p.fail("currency", err.Error())
	} else {
		total = money.Money{Currency: cur}
	}
	mp := in.src.Mapping
	roomType := code(mp.RoomTypes, r.RoomType, "room type", "roomType", p)
	ratePlan := code(mp.RatePlans, r.RatePlan, "rate plan", "ratePlan", p)
	code(mp.MarketCodes, r.MarketCode, "market", "marketCode", p) // checked and flagged; the event has no market field yet
	channel := code(mp.SourceCodes, r.SourceCode, "source", "sourceCode", p)
	g := in.guest(jsonGuest(&r.Guest), jsonNamer("guest"), p)
	company := in.account(jsonAccount(r.Company), "company", jsonNamer("company"), p)
	agent := in.account(jsonAccount(r.TravelAgent), "travelAgent", jsonNamer("travelAgent"), p)
	if p.failedSince(m) {
		return Event{}, false
	}
	d := &events.ReservationUpserted{
		Source:        events.SourceRef{System: in.src.ID, RecordID: id},
		ReservationID: id,
		Status:        r.Status,
		Arrival:       arrival.s,
		Departure:     departure.s,
		RoomType:      roomType,
		RatePlan:      ratePlan,
		Channel:       channel,
		Total:         total,
		Guest:         g.snap,
		Company:       company,
		TravelAgent:   agent,
	}
	return in.canonicalEvent(d, KindReservation, r.Meta, id, r.Status, at, in.reservationGroup(id), p)
}
