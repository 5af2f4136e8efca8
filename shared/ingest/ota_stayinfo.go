package ingest

import (
	"strings"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/money"
)

// otaStayInfos maps OTA_HotelStayInfoNotifRQ: each StayInfo is a completed stay with its revenue by category, so
// it becomes Stay Checked Out with one folio line per RevenueDetail (or per category's SummaryAmount when the
// sender gives no detail).
func (in *Ingester) otaStayInfos(msg *OTAMessage, p *problems) []Event {
	infos := msg.rq.StayInfos
	if infos == nil || len(infos.StayInfos) == 0 {
		p.required("StayInfos/StayInfo")
		return nil
	}
	in.checkHotel("StayInfos/@HotelCode", infos.HotelCode, p)
	msgTime := in.messageTime(msg, p)
	seen := map[string]int{}
	for i := range infos.StayInfos {
		seen[stayInfoReservationID(&infos.StayInfos[i])]++
	}
	out := make([]Event, 0, len(infos.StayInfos))
	for i := range infos.StayInfos {
		si := &infos.StayInfos[i]
		base := indexed("StayInfos/StayInfo", i)
		m := p.mark()
		resID := ident(base+"/ReservationID/@ID", stayInfoReservationID(si), true, p)
		stayID := resID
		if seen[resID] > 1 && strings.TrimSpace(si.RoomStayRPH) != "" {
			stayID = resID + "-" + strings.TrimSpace(si.RoomStayRPH) // one reservation, several rooms
		}
		var arrival, departure civilDate
		var g guestOut
		var company, agent *events.AccountSnapshot
		if hr := si.HotelReservation; hr == nil || len(hr.RoomStays) == 0 {
			p.required(base + "/HotelReservation/RoomStays/RoomStay/TimeSpan")
		} else {
			arrival, departure = in.span(base+"/HotelReservation/RoomStays/RoomStay[1]/TimeSpan", hr.RoomStays[0].TimeSpan, p)
			g = in.otaResGuest(hr, base+"/HotelReservation", p)
			company, agent = in.otaAccounts(hr, base+"/HotelReservation", p)
		}
		nights := stayDates(arrival, departure, base+"/HotelReservation/RoomStays/RoomStay[1]/TimeSpan/@End", p)
		lines := in.revenueLines(base, si.RevenueCategories, p)
		cur, _, _ := in.currency("")
		amounts := make([]money.Money, len(lines))
		for k, l := range lines {
			amounts[k] = l.Amount
		}
		if len(lines) > 0 {
			cur = lines[0].Amount.Currency
		}
		total, _ := sum(base+"/RevenueCategories", cur, amounts, p)
		if p.failedSince(m) {
			continue
		}
		at := msgTime
		if at.IsZero() {
			at = in.now().UTC()
		}
		stamp := ""
		if n := strings.TrimSpace(si.SequenceNumber); n != "" {
			stamp = "n" + n
		}
		if stamp = msg.stamp(stamp); stamp == "" && !msgTime.IsZero() {
			stamp = timeStamp(msgTime)
		}
		d := in.checkedOut(resID, stayID, arrival, departure, nights, lines, total, g)
		d.Company, d.TravelAgent = company, agent
		if ev, ok := in.event(d, KindCheckOut, stayID, "checked_out", stamp, in.reservationGroup(resID), at, p); ok {
			out = append(out, ev)
		}
	}
	return out
}

func stayInfoReservationID(si *otaStayInfo) string {
	if si.ReservationID != nil && strings.TrimSpace(si.ReservationID.ID) != "" {
		return si.ReservationID.ID
	}
	if si.HotelReservation != nil {
		return otaReservationID(si.HotelReservation)
	}
	return ""
}

// revenueLines turns revenue categories into folio lines. A detail's PMS revenue code is more specific than its
// category's code, so it is looked up first.
func (in *Ingester) revenueLines(base string, cats []otaRevenueCategory, p *problems) []events.FolioLine {
	var lines []events.FolioLine
	table := in.src.Mapping.RevenueCodes
	for c := range cats {
		rc := &cats[c]
		cpath := indexed(base+"/RevenueCategories/RevenueCategory", c)
		details := rc.Details
		dpath := cpath + "/RevenueDetails/RevenueDetail"
		if len(details) == 0 && rc.Summary != nil {
			details, dpath = []otaRevenueDetail{*rc.Summary}, cpath+"/SummaryAmount"
		}
		if len(details) == 0 {
			p.required(cpath + "/RevenueDetails/RevenueDetail")
			continue
		}
		for k := range details {
			d := &details[k]
			field := dpath
			if len(rc.Details) > 0 {
				field = indexed(dpath, k)
			}
			amount, ok := in.otaMoney(field, "Amount", d.Amount, d.CurrencyCode, d.DecimalPlaces, p)
			cat := revenue(table, field, p, d.PMSRevenueCode, rc.Code)
			desc, truncated := cleanText(d.Description, maxTextLen)
			if truncated {
				p.warn(field+"/@Description", WarnInconsistent, "longer than 200 characters; truncated")
			}
			day := date(field+"/@TransactionDate", d.TransactionDate, false, true, p)
			if ok {
				lines = append(lines, events.FolioLine{Category: cat, Description: desc, Amount: amount, Date: day.s})
			}
		}
	}
	return lines
}
