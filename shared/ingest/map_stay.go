package ingest

import (
	"fmt"
	"strconv"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/money"
)

// maxTextLen bounds descriptions copied into events.
const maxTextLen = 200

func (in *Ingester) mapCheckIn(r *CheckInRequest, p *problems) (Event, bool) {
	m := p.mark()
	resID := ident("reservationId", r.ReservationID, true, p)
	stayID := ident("stayId", r.StayID, false, p)
	if stayID == "" {
		stayID = resID
	}
	at, _ := in.instant("checkedInAt", r.CheckedInAt, true, false, p)
	room := ident("room", r.Room, false, p)
	arrival := date("arrival", r.Arrival, true, false, p)
	departure := date("departure", r.Departure, true, false, p)
	stayDates(arrival, departure, "departure", p)
	g := in.guest(jsonGuest(&r.Guest), jsonNamer("guest"), p)
	if p.failedSince(m) {
		return Event{}, false
	}
	d := &events.StayCheckedIn{
		Source:        events.SourceRef{System: in.src.ID, RecordID: stayID},
		ReservationID: resID,
		StayID:        stayID,
		Room:          room,
		Arrival:       arrival.s,
		Departure:     departure.s,
		Guest:         g.snap,
	}
	return in.canonicalEvent(d, KindCheckIn, r.Meta, stayID, "checked_in", at, in.reservationGroup(resID), p)
}

func (in *Ingester) mapCheckOut(r *CheckOutRequest, p *problems) (Event, bool) {
	m := p.mark()
	resID := ident("reservationId", r.ReservationID, true, p)
	stayID := ident("stayId", r.StayID, false, p)
	if stayID == "" {
		stayID = resID
	}
	at, _ := in.instant("checkedOutAt", r.CheckedOutAt, true, false, p)
	arrival := date("arrival", r.Arrival, true, false, p)
	departure := date("departure", r.Departure, true, false, p)
	nights := stayDates(arrival, departure, "departure", p)
	if r.Nights != nil {
		switch {
		case *r.Nights < 0:
			p.fail("nights", "must not be negative")
		case *r.Nights != nights && !arrival.isZero() && !departure.isZero():
			p.warn("nights", WarnInconsistent, fmt.Sprintf("%d nights given, the dates span %d; kept as given", *r.Nights, nights))
		}
		nights = *r.Nights
	}
	cur, _, err := in.currency("currency", r.Currency)
	if err != nil {
		p.fail("currency", err.Error())
	}
	lines := make([]events.FolioLine, 0, len(r.Folio))
	amounts := make([]money.Money, 0, len(r.Folio))
	for i := range r.Folio {
		l, ok := in.folioLine("folio["+strconv.Itoa(i)+"]", &r.Folio[i], r.Currency, p)
		if ok {
			lines = append(lines, l)
			amounts = append(amounts, l.Amount)
		}
	}
	if len(amounts) > 0 {
		cur = amounts[0].Currency
	}
	total, _ := sum("folio", cur, amounts, p)
	if r.Total != nil {
		if given, ok := in.money("total", r.Total, r.Currency, p); ok && given != total && !p.failedSince(m) {
			p.fail("total", fmt.Sprintf("%s does not equal the folio's sum %s", show(given), show(total)))
		}
	}
	g := in.guest(jsonGuest(&r.Guest), jsonNamer("guest"), p)
	company := in.account(jsonAccount(r.Company), "company", jsonNamer("company"), p)
	agent := in.account(jsonAccount(r.TravelAgent), "travelAgent", jsonNamer("travelAgent"), p)
	if p.failedSince(m) {
		return Event{}, false
	}
	d := in.checkedOut(resID, stayID, arrival, departure, nights, lines, total, g)
	d.Company, d.TravelAgent = company, agent
	return in.canonicalEvent(d, KindCheckOut, r.Meta, stayID, "checked_out", at, in.reservationGroup(resID), p)
}

// folioLine maps one canonical folio line.
func (in *Ingester) folioLine(field string, l *FolioLine, msgCurrency string, p *problems) (events.FolioLine, bool) {
	m := p.mark()
	amount, _ := in.money(field+".amount", &l.Amount, msgCurrency, p)
	cat := in.category(field, l.Category, p, l.Code)
	desc, truncated := cleanText(l.Description, maxTextLen)
	if truncated {
		p.warn(field+".description", WarnInconsistent, "longer than 200 characters; truncated")
	}
	day := date(field+".date", l.Date, false, false, p)
	if p.failedSince(m) {
		return events.FolioLine{}, false
	}
	return events.FolioLine{Category: cat, Description: desc, Amount: amount, Date: day.s}, true
}

// category takes a Hearth category given directly, else maps the codes through RevenueCodes.
func (in *Ingester) category(field, direct string, p *problems, codes ...string) string {
	if direct != "" {
		if !revenueCategories[direct] {
			p.fail(field+".category", quote(direct)+" is not room, food_beverage, spa or other")
			return ""
		}
		return direct
	}
	return revenue(in.src.Mapping.RevenueCodes, field, p, codes...)
}

// checkedOut builds the Stay Checked Out detail both the canonical and the OTA mappings produce.
func (in *Ingester) checkedOut(resID, stayID string, arrival, departure civilDate, nights int, lines []events.FolioLine, total money.Money, g guestOut) *events.StayCheckedOut {
	return &events.StayCheckedOut{
		Source:        events.SourceRef{System: in.src.ID, RecordID: stayID},
		ReservationID: resID,
		StayID:        stayID,
		Arrival:       arrival.s,
		Departure:     departure.s,
		Nights:        nights,
		Folio:         lines,
		Total:         total,
		Guest:         g.snap,
	}
}
