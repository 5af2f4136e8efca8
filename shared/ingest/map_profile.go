package ingest

import (
	"slices"
	"strconv"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// maxTags bounds a profile's tags; PMS "preferences" lists can be long and are not all tags.
const maxTags = 50

func (in *Ingester) mapProfile(r *ProfileRequest, p *problems) (Event, bool) {
	m := p.mark()
	id := ident("id", r.ID, true, p)
	var at time.Time
	if r.UpdatedAt != "" {
		at, _ = in.instant("updatedAt", r.UpdatedAt, true, false, p)
	}
	gi := jsonGuest(&r.Guest)
	if len(gi.Cards) > 0 {
		// Guest Profile Upserted has no card hash; reservations and stays carry it to matching instead.
		p.warn("card", WarnIgnored, "profiles carry no card hash; card ignored")
		gi.Cards = nil
	}
	g := in.guest(gi, jsonNamer(""), p)
	tags := in.tags("tags", r.Tags, p)
	prefs := stated("", r.Preferences, r.Dietary, p)
	if p.failedSince(m) {
		return Event{}, false
	}
	d := profileEvent(in.src.ID, id, g, tags)
	d.Stated = prefs
	return in.canonicalEvent(d, KindProfile, r.Meta, id, "upserted", at, in.guestGroup(id), p)
}

// profileEvent builds the profile detail shared by every format.
func profileEvent(system, id string, g guestOut, tags []string) *events.GuestProfileUpserted {
	return &events.GuestProfileUpserted{
		FirstName:     g.snap.FirstName,
		LastName:      g.snap.LastName,
		Email:         g.snap.Email,
		Phone:         g.snap.Phone,
		Language:      g.language,
		LoyaltyNumber: g.snap.LoyaltyNumber,
		Tags:          tags,
		Sources:       []events.SourceRef{{System: system, RecordID: id}},
	}
}

// tags cleans, de-duplicates and sorts tags, so the same set always encodes the same way (and hashes alike).
func (in *Ingester) tags(field string, raw []string, p *problems) []string {
	if len(raw) > maxTags {
		p.fail(field, "at most "+strconv.Itoa(maxTags)+" tags")
		return nil
	}
	var out []string
	for i, t := range raw {
		t, truncated := cleanText(t, 50)
		if truncated {
			p.warn(field+"["+strconv.Itoa(i)+"]", WarnInconsistent, "longer than 50 characters; truncated")
		}
		if t != "" {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
