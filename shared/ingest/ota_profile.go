package ingest

// otaProfile maps OTA_ProfileCreateRQ: the source's profile id (UniqueID, Type 1 preferred) and its Customer become
// Guest Profile Upserted.
func (in *Ingester) otaProfile(msg *OTAMessage, p *problems) []Event {
	m := p.mark()
	rq := &msg.rq
	if rq.Profile == nil || rq.Profile.Customer == nil {
		p.required("Profile/Customer")
		return nil
	}
	gi := in.customerInput(rq.Profile.Customer, rq.UniqueIDs)
	id := ident("UniqueID/@ID", gi.ID, true, p)
	if len(gi.Cards) > 0 {
		p.warn("Profile/Customer/PaymentForm/PaymentCard", WarnIgnored, "profiles carry no card hash; card ignored")
		gi.Cards = nil
	}
	g := in.guest(gi, otaNamer("", "Profile/Customer"), p)
	msgTime := in.messageTime(msg, p)
	if p.failedSince(m) {
		return nil
	}
	at := msgTime
	if at.IsZero() {
		at = in.now().UTC()
	}
	stamp := msg.stamp()
	if stamp == "" && !msgTime.IsZero() {
		stamp = timeStamp(msgTime)
	}
	d := profileEvent(in.src.ID, id, g, nil)
	d.Stated = otaStated(rq.Profile.PrefCollections, "Profile/PrefCollections/", p)
	ev, ok := in.event(d, KindProfile, id, "upserted", stamp, in.guestGroup(id), at, p)
	if !ok {
		return nil
	}
	return []Event{ev}
}
