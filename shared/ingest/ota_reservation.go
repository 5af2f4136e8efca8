package ingest

import (
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/money"
)

// otaReservations maps the HotelReservation (or HotelResModify) list of a reservation notification.
func (in *Ingester) otaReservations(msg *OTAMessage, list []otaReservation, path, dflt string, p *problems) []Event {
	if len(list) == 0 {
		p.required(path)
		return nil
	}
	msgTime := in.messageTime(msg, p)
	out := make([]Event, 0, len(list))
	for i := range list {
		if ev, ok := in.otaReservation(msg, &list[i], indexed(path, i), dflt, msgTime, p); ok {
			out = append(out, ev)
		}
	}
	return out
}

// otaReservation maps one reservation to Reservation Upserted, or to Stay Checked In for an in-house status.
func (in *Ingester) otaReservation(msg *OTAMessage, r *otaReservation, base, dflt string, msgTime time.Time, p *problems) (Event, bool) {
	m := p.mark()
	status := resolveStatus(msg.rq.ResStatus, r.ResStatus, dflt, "@ResStatus", base+"/@ResStatus", p)
	resID := ident(base+"/UniqueID/@ID", otaReservationID(r), true, p)
	if status == otaIgnore {
		p.warn(base+"/@ResStatus", WarnIgnored, "status "+quote(firstNonEmpty(r.ResStatus, msg.rq.ResStatus))+" produces no event")
		return Event{}, false
	}
	if r.Global.Property != nil {
		in.checkHotel(base+"/ResGlobalInfo/BasicPropertyInfo/@HotelCode", r.Global.Property.HotelCode, p)
	}
	if len(r.RoomStays) == 0 {
		p.required(base + "/RoomStays/RoomStay")
	}
	var arrival, departure civilDate
	var roomType, ratePlan, market, source, room string
	var stayTotals []money.Money
	for j := range r.RoomStays {
		rs := &r.RoomStays[j]
		rsPath := indexed(base+"/RoomStays/RoomStay", j)
		a, d := in.span(rsPath+"/TimeSpan", rs.TimeSpan, p)
		if !a.isZero() && (arrival.isZero() || a.s < arrival.s) {
			arrival = a
		}
		if !d.isZero() && d.s > departure.s {
			departure = d
		}
		if rs.Property != nil {
			in.checkHotel(rsPath+"/BasicPropertyInfo/@HotelCode", rs.Property.HotelCode, p)
		}
		if t, ok := in.otaTotal(rsPath+"/Total", rs.Total, p); ok {
			stayTotals = append(stayTotals, t)
		}
		rt, rp := "", ""
		if len(rs.RoomTypes) > 0 {
			rt, room = rs.RoomTypes[0].RoomTypeCode, firstNonEmpty(room, rs.RoomTypes[0].RoomID)
		}
		if len(rs.RatePlans) > 0 {
			rp = rs.RatePlans[0].RatePlanCode
		} else if len(rs.RoomRates) > 0 {
			rp = rs.RoomRates[0].RatePlanCode
		}
		if j == 0 {
			roomType, ratePlan, market, source = rt, rp, rs.MarketCode, rs.SourceOfBusiness
			continue
		}
		if rt != roomType || rp != ratePlan {
			p.warn(rsPath, WarnInconsistent, "several room stays with different room types or rate plans; the first is kept")
		}
	}
	stayDates(arrival, departure, base+"/RoomStays/RoomStay/TimeSpan/@End", p)
	total := in.reservationTotal(base, r, stayTotals, p)
	mp := in.src.Mapping
	rsPath := base + "/RoomStays/RoomStay[1]"
	roomType = code(mp.RoomTypes, roomType, "room type", rsPath+"/RoomTypes/RoomType[1]/@RoomTypeCode", p)
	ratePlan = code(mp.RatePlans, ratePlan, "rate plan", rsPath+"/RatePlans/RatePlan[1]/@RatePlanCode", p)
	code(mp.MarketCodes, market, "market", rsPath+"/@MarketCode", p) // checked and flagged; the event has no market field yet
	channel := code(mp.SourceCodes, source, "source", rsPath+"/@SourceOfBusiness", p)
	g := in.otaResGuest(r, base, p)
	company, agent := in.otaAccounts(r, base, p)
	at := msgTime
	var modified time.Time
	if s := firstNonEmpty(r.LastModifyDateTime, r.CreateDateTime); s != "" {
		field := base + "/@LastModifyDateTime"
		if r.LastModifyDateTime == "" {
			field = base + "/@CreateDateTime"
		}
		modified, _ = in.instant(field, s, false, true, p)
		at = modified
	}
	if p.failedSince(m) {
		return Event{}, false
	}
	if at.IsZero() {
		at = in.now().UTC()
	}
	stamp := ""
	if !modified.IsZero() {
		stamp = timeStamp(modified)
	}
	stamp = msg.stamp(stamp)
	if stamp == "" && !msgTime.IsZero() {
		stamp = timeStamp(msgTime)
	}
	src := events.SourceRef{System: in.src.ID, RecordID: resID}
	if status == otaCheckIn {
		d := &events.StayCheckedIn{Source: src, ReservationID: resID, StayID: resID, Room: ident(base+"/RoomStays/RoomStay/RoomTypes/RoomType/@RoomID", room, false, p),
			Arrival: arrival.s, Departure: departure.s, Guest: g.snap}
		return in.event(d, KindCheckIn, resID, otaCheckIn, stamp, in.reservationGroup(resID), at, p)
	}
	d := &events.ReservationUpserted{Source: src, ReservationID: resID, Status: status, Arrival: arrival.s,
		Departure: departure.s, RoomType: roomType, RatePlan: ratePlan, Channel: channel, Total: total, Guest: g.snap,
		Company: company, TravelAgent: agent}
	return in.event(d, KindReservation, resID, status, stamp, in.reservationGroup(resID), at, p)
}

// otaReservationID is the reservation's own id: UniqueID of Type 14 (reservation), else the first UniqueID, else
// the first HotelReservationID.
func otaReservationID(r *otaReservation) string {
	for _, u := range r.UniqueIDs {
		if u.Type == "14" && strings.TrimSpace(u.ID) != "" {
			return u.ID
		}
	}
	for _, u := range r.UniqueIDs {
		if strings.TrimSpace(u.ID) != "" {
			return u.ID
		}
	}
	for _, id := range r.Global.ResIDs {
		if strings.TrimSpace(id.Value) != "" {
			return id.Value
		}
	}
	return ""
}

// reservationTotal is ResGlobalInfo's Total when given, else the sum of the room stays' totals, else zero.
func (in *Ingester) reservationTotal(base string, r *otaReservation, stays []money.Money, p *problems) money.Money {
	if t, ok := in.otaTotal(base+"/ResGlobalInfo/Total", r.Global.Total, p); ok {
		return t
	}
	cur, _, _ := in.currency("")
	if len(stays) == 0 {
		return money.Money{Currency: cur}
	}
	t, _ := sum(base+"/RoomStays/RoomStay/Total/@CurrencyCode", stays[0].Currency, stays, p)
	if t.Amount < 0 {
		p.fail(base+"/RoomStays/RoomStay/Total", "must not be negative")
	}
	return t
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
