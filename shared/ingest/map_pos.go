package ingest

import (
	"fmt"
	"strconv"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/money"
)

// Tender types of a POS check.
var tenderTypes = map[string]bool{"cash": true, "card": true, "room": true, "voucher": true, "points": true, "other": true}

// mapPOSCheck maps a closed check. The event's lines are the items (revenue by category) and its total their sum:
// tax and tips are not the hotel's revenue and earn no points, but they are checked, with the tenders, against the
// check's grand total so a truncated check is caught.
func (in *Ingester) mapPOSCheck(r *POSCheckRequest, p *problems) (Event, bool) {
	m := p.mark()
	checkID := ident("checkId", r.CheckID, true, p)
	outlet := ident("outletId", r.OutletID, true, p)
	at, _ := in.instant("closedAt", r.ClosedAt, true, false, p)
	if r.Covers < 0 {
		p.fail("covers", "must not be negative")
	}
	cur, _, err := in.currency("currency", r.Currency)
	if err != nil {
		p.fail("currency", err.Error())
	}
	if len(r.Items) == 0 {
		p.fail("items", "a check needs at least one item")
	}
	lines := make([]events.FolioLine, 0, len(r.Items))
	amounts := make([]money.Money, 0, len(r.Items)+2)
	for i := range r.Items {
		it := &r.Items[i]
		field := "items[" + strconv.Itoa(i) + "]"
		im := p.mark()
		amount, _ := in.money(field+".amount", &it.Amount, r.Currency, p)
		cat := in.category(field, it.Category, p, it.Code, r.RevenueCenter)
		if it.Quantity < 0 {
			p.fail(field+".quantity", "must not be negative")
		}
		name, truncated := cleanText(it.Name, maxTextLen)
		if truncated {
			p.warn(field+".name", WarnInconsistent, "longer than 200 characters; truncated")
		}
		if !p.failedSince(im) {
			lines = append(lines, events.FolioLine{Category: cat, Description: name, Amount: amount, Date: at.In(in.loc).Format(time.DateOnly)})
			amounts = append(amounts, amount)
		}
	}
	if len(amounts) > 0 {
		cur = amounts[0].Currency
	}
	net, _ := sum("items", cur, amounts, p)
	grand := append(amounts, in.optionalMoney("tax", r.Tax, r.Currency, p), in.optionalMoney("tip", r.Tip, r.Currency, p))
	gross, _ := sum("items", cur, grand, p)
	if r.Total != nil {
		if given, ok := in.money("total", r.Total, r.Currency, p); ok && given != gross && !p.failedSince(m) {
			p.fail("total", fmt.Sprintf("%s does not equal items + tax + tip %s", show(given), show(gross)))
		}
	}
	roomCharge, cards := in.tenders(r.Tenders, r.Currency, cur, gross, p, m)
	if rc := ident("roomCharge", r.RoomCharge, false, p); rc != "" {
		if roomCharge != "" && roomCharge != rc {
			p.fail("roomCharge", "differs from the room tender's reservationId")
		}
		roomCharge = rc
	}
	gi := jsonGuest(r.Guest)
	gi.Cards = append(gi.Cards, cards...)
	g := in.guest(gi, jsonNamer("guest"), p)
	if p.failedSince(m) {
		return Event{}, false
	}
	d := &events.POSCheckClosed{
		Source:     events.SourceRef{System: in.src.ID, RecordID: checkID},
		CheckID:    checkID,
		OutletID:   outlet,
		ClosedAt:   at.Format(time.RFC3339),
		Covers:     r.Covers,
		Lines:      lines,
		Total:      net,
		Guest:      g.snap,
		RoomCharge: roomCharge,
	}
	group := in.checkGroup(checkID)
	if roomCharge != "" {
		group = in.reservationGroup(roomCharge) // after the stay's own events, before its check-out
	}
	return in.canonicalEvent(d, KindPOSCheck, r.Meta, checkID, "closed", at, group, p)
}

// optionalMoney maps an optional non-negative amount; absent is zero.
func (in *Ingester) optionalMoney(field string, m *Money, msgCurrency string, p *problems) money.Money {
	if m == nil {
		cur, _, _ := in.currency(field, msgCurrency)
		return money.Money{Currency: cur}
	}
	v, _ := in.money(field, m, msgCurrency, p)
	if v.Amount < 0 {
		p.fail(field, "must not be negative")
	}
	return v
}

// tenders checks the payments against the grand total and returns the reservation charged (type room) and the card
// numbers seen (to hash onto the guest).
func (in *Ingester) tenders(ts []POSTender, msgCurrency, cur string, gross money.Money, p *problems, m int) (roomCharge string, cards []string) {
	if len(ts) == 0 {
		return "", nil
	}
	paid := make([]money.Money, 0, len(ts))
	for i := range ts {
		t := &ts[i]
		field := "tenders[" + strconv.Itoa(i) + "]"
		if !tenderTypes[t.Type] {
			p.fail(field+".type", quote(t.Type)+" is not cash, card, room, voucher, points or other")
		}
		if a, ok := in.money(field+".amount", &t.Amount, msgCurrency, p); ok {
			paid = append(paid, a)
		}
		if t.Card != nil && t.Card.Number != "" {
			cards = append(cards, t.Card.Number)
		}
		ident(field+".room", t.Room, false, p)
		res := ident(field+".reservationId", t.ReservationID, t.Type == "room", p)
		if t.Type == "room" && res != "" {
			if roomCharge != "" && roomCharge != res {
				p.fail(field+".reservationId", "a check can be charged to one reservation only")
			}
			roomCharge = res
		}
	}
	total, ok := sum("tenders", cur, paid, p)
	if ok && !p.failedSince(m) && total != gross {
		p.fail("tenders", fmt.Sprintf("add up to %s, the check is %s", show(total), show(gross)))
	}
	return roomCharge, cards
}
