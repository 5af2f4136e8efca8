package matching_test

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/privacy"
	"github.com/hearthcrm/hearth/shared/profile"
	"github.com/hearthcrm/hearth/shared/store"
)

var ann = events.GuestSnapshot{
	SourceGuestID: "P-100", FirstName: "Ann", LastName: "Whitfield", Email: "ann.whitfield@gmail.com",
	Phone: "+14155550134",
}

func TestSameMessageTwice(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	env := reservation(t, "opera", "R-1", ann, f.clock.Now())

	first := f.match(t, env)
	if first.Outcome != matching.Created || first.GuestID == "" || first.Envelope.GuestID != first.GuestID {
		t.Fatalf("first delivery: %s, guest %q, envelope guest %q", first.Outcome, first.GuestID, first.Envelope.GuestID)
	}
	if got := eventTypes(first.Events); !slices.Equal(got, []string{events.TypeGuestProfileUpserted}) {
		t.Fatalf("first delivery emitted %v", got)
	}

	before := f.db.Calls.Snapshot()
	again := f.match(t, env)
	calls := f.db.Calls.Since(before)
	if again.Outcome != matching.Replayed || again.GuestID != first.GuestID {
		t.Fatalf("second delivery: %s, guest %q, want replayed %q", again.Outcome, again.GuestID, first.GuestID)
	}
	// The same events, byte for byte (ids and idempotency keys included), so that a publish that failed after the
	// first commit is retried and consumers see one event, not two.
	if !reflect.DeepEqual(again.Events, first.Events) {
		t.Errorf("second delivery events differ:\n%+v\n%+v", again.Events, first.Events)
	}
	if calls["TransactWriteItems"] != 0 || calls["BatchGetItem"] != 1 {
		t.Errorf("second delivery calls %v, want one BatchGetItem and no write", calls)
	}

	// Another message of the same source record saying the same: the same guest, nothing to publish.
	later := f.match(t, reservation(t, "opera", "R-2", ann, f.clock.Now()))
	if later.Outcome != matching.Known || later.GuestID != first.GuestID || len(later.Events) != 0 {
		t.Errorf("same source record, new message: %s guest %q events %v", later.Outcome, later.GuestID, eventTypes(later.Events))
	}
	g, err := f.m.Guest(context.Background(), first.GuestID)
	if err != nil {
		t.Fatal(err)
	}
	if g.Version != 1 || len(g.Sources()) != 1 {
		t.Errorf("golden record version %d with %d sources, want 1 and 1", g.Version, len(g.Sources()))
	}
}

func TestEventsHaveDeterministicKeys(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := f.match(t, reservation(t, "opera", "R-1", ann, f.clock.Now()))
	ev := res.Events[0]
	if want := "match:profile:" + res.GuestID + ":v1"; ev.IdempotencyKey != want {
		t.Errorf("idempotency key %q, want %q", ev.IdempotencyKey, want)
	}
	if ev.GuestID != res.GuestID || ev.BrandID != "harbour" || ev.PropertyID != "hh-lisbon" {
		t.Errorf("scope %q/%q/%q", ev.BrandID, ev.PropertyID, ev.GuestID)
	}
	d, err := events.DecodeAs[*events.GuestProfileUpserted](ev)
	if err != nil {
		t.Fatal(err)
	}
	want := events.GuestProfileUpserted{
		FirstName: "Ann", LastName: "Whitfield", Email: "ann.whitfield@gmail.com", Phone: "+14155550134",
		Sources: []events.SourceRef{{System: "opera", RecordID: "P-100"}},
	}
	if !reflect.DeepEqual(*d, want) {
		t.Errorf("profile event %+v, want %+v", *d, want)
	}
}

func TestTwoSystemsDescribingOnePerson(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pms := f.match(t, reservation(t, "opera", "R-1", ann, f.clock.Now()))
	pos := events.GuestSnapshot{
		SourceGuestID: "C-77", FirstName: "ANN", LastName: "Whitfield", Email: "Ann.Whitfield+spa@GMAIL.com",
		CardHash: "9f2c51e0aa",
	}
	res := f.match(t, reservation(t, "micros", "CHK-9", pos, f.clock.Now()))
	if res.Outcome != matching.Linked || res.GuestID != pms.GuestID {
		t.Fatalf("POS record: %s guest %q (%s), want linked to %q", res.Outcome, res.GuestID, res.Explanation, pms.GuestID)
	}
	if got := eventTypes(res.Events); !slices.Equal(got, []string{events.TypeGuestProfileUpserted}) {
		t.Fatalf("linking emitted %v", got)
	}
	d, err := events.DecodeAs[*events.GuestProfileUpserted](res.Events[0])
	if err != nil {
		t.Fatal(err)
	}
	wantSources := []events.SourceRef{{System: "micros", RecordID: "C-77"}, {System: "opera", RecordID: "P-100"}}
	if !slices.Equal(d.Sources, wantSources) {
		t.Errorf("sources %v, want %v", d.Sources, wantSources)
	}
	// Survivorship: the most recent email as written is primary, both are kept, and so is the card.
	if d.Email != "Ann.Whitfield+spa@GMAIL.com" || res.Events[0].IdempotencyKey != "match:profile:"+pms.GuestID+":v2" {
		t.Errorf("primary email %q, key %q", d.Email, res.Events[0].IdempotencyKey)
	}
	g, err := f.m.Guest(context.Background(), res.GuestID)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Emails) != 1 || g.Emails[0].Count != 2 || len(g.CardHashes) != 1 || len(g.Phones) != 1 {
		t.Errorf("values: emails %+v phones %+v cards %+v", g.Emails, g.Phones, g.CardHashes)
	}
}

func TestSharedHouseholdPhoneKeepsPeopleApart(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const landline = "+14155550199"
	john := f.match(t, reservation(t, "opera", "R-1", events.GuestSnapshot{
		SourceGuestID: "P-1", FirstName: "John", LastName: "Okafor", Email: "john.okafor@gmail.com", Phone: landline,
	}, f.clock.Now()))
	mary := f.match(t, reservation(t, "opera", "R-2", events.GuestSnapshot{
		SourceGuestID: "P-2", FirstName: "Mary", LastName: "Okafor", Email: "mary.okafor@yahoo.com", Phone: landline,
	}, f.clock.Now()))
	if mary.GuestID == john.GuestID {
		t.Fatalf("housemates merged: %s", mary.Explanation)
	}
	// A third household member with the card the family shares is a third guest too.
	kid := f.match(t, reservation(t, "opera", "R-3", events.GuestSnapshot{
		SourceGuestID: "P-3", FirstName: "Tobi", LastName: "Okafor", Phone: landline, CardHash: "f00dcafe01",
	}, f.clock.Now()))
	if kid.GuestID == john.GuestID || kid.GuestID == mary.GuestID {
		t.Fatalf("third housemate merged: %s", kid.Explanation)
	}
	// John again, through the phone only: he is found, and the household stays three guests.
	again := f.match(t, reservation(t, "micros", "CHK-1", events.GuestSnapshot{
		SourceGuestID: "C-1", FirstName: "John", LastName: "Okafor", Phone: landline, CardHash: "f00dcafe01",
	}, f.clock.Now()))
	if again.GuestID != john.GuestID || again.Outcome != matching.Linked {
		t.Errorf("John through the shared phone and card: %s guest %q (%s), want linked to %q", again.Outcome, again.GuestID, again.Explanation, john.GuestID)
	}
}

func TestCorporateCardKeepsColleaguesApart(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const card = "c0ffee0042"
	a := f.match(t, reservation(t, "opera", "R-1", events.GuestSnapshot{
		SourceGuestID: "P-1", FirstName: "Priya", LastName: "Raman", Email: "priya@lantoncorp.com", CardHash: card,
	}, f.clock.Now()))
	b := f.match(t, reservation(t, "opera", "R-2", events.GuestSnapshot{
		SourceGuestID: "P-2", FirstName: "Tom", LastName: "Hale", Email: "tom@lantoncorp.com", CardHash: card,
	}, f.clock.Now()))
	if a.GuestID == b.GuestID {
		t.Fatalf("colleagues merged through the corporate card: %s", b.Explanation)
	}
}

func TestBridgingRecordMergesIntoTheOldest(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	byEmail := f.match(t, reservation(t, "opera", "R-1", events.GuestSnapshot{
		SourceGuestID: "P-1", FirstName: "Ines", LastName: "Carvalho", Email: "ines.carvalho@sapo.pt",
	}, f.clock.Now()))
	phoneEnv := reservation(t, "micros", "CHK-1", events.GuestSnapshot{
		SourceGuestID: "C-1", FirstName: "Ines", LastName: "Carvalho", Phone: "+351912000111", CardHash: "ab12cd34",
	}, f.clock.Now())
	byPhone := f.match(t, phoneEnv)
	if byPhone.GuestID == byEmail.GuestID {
		t.Fatalf("nothing but a name linked the second record: %s", byPhone.Explanation)
	}
	bridge := f.match(t, reservation(t, "synxis", "B-1", events.GuestSnapshot{
		SourceGuestID: "S-1", FirstName: "Inês", LastName: "Carvalho", Email: "ines.carvalho@sapo.pt", Phone: "+351 912 000 111",
	}, f.clock.Now()))
	if bridge.Outcome != matching.Merged || bridge.GuestID != byEmail.GuestID || !slices.Equal(bridge.Merged, []string{byPhone.GuestID}) {
		t.Fatalf("bridge: %s into %q merging %v (%s); want merged into the oldest %q", bridge.Outcome, bridge.GuestID, bridge.Merged, bridge.Explanation, byEmail.GuestID)
	}
	if got := eventTypes(bridge.Events); !slices.Equal(got, []string{events.TypeProfilesMerged, events.TypeGuestProfileUpserted}) {
		t.Fatalf("bridge emitted %v", got)
	}
	merged, err := events.DecodeAs[*events.ProfilesMerged](bridge.Events[0])
	if err != nil {
		t.Fatal(err)
	}
	if merged.SurvivorID != byEmail.GuestID || !slices.Equal(merged.MergedIDs, []string{byPhone.GuestID}) || merged.Decision != "auto" || merged.Score <= 0 {
		t.Errorf("merge event %+v", *merged)
	}
	if want := "match:merge:" + byEmail.GuestID + ":" + byPhone.GuestID; bridge.Events[0].IdempotencyKey != want {
		t.Errorf("merge key %q, want %q", bridge.Events[0].IdempotencyKey, want)
	}

	// The merged id redirects to the survivor, which holds all three source records and every value.
	g, err := f.m.Guest(ctx, byPhone.GuestID)
	if err != nil {
		t.Fatal(err)
	}
	if g.GuestID != byEmail.GuestID || len(g.Sources()) != 3 || len(g.CardHashes) != 1 || len(g.Phones) != 1 {
		t.Errorf("lookup of the merged id: guest %q with %d sources, %d cards, %d phones", g.GuestID, len(g.Sources()), len(g.CardHashes), len(g.Phones))
	}
	// The merged guest's source record now resolves to the survivor, replayed or not.
	if res := f.match(t, phoneEnv); res.GuestID != byEmail.GuestID || res.Outcome != matching.Replayed {
		t.Errorf("merged guest's message redelivered: %s guest %q", res.Outcome, res.GuestID)
	}
	if res := f.match(t, reservation(t, "micros", "CHK-2", events.GuestSnapshot{
		SourceGuestID: "C-1", FirstName: "Ines", LastName: "Carvalho", Phone: "+351912000111", CardHash: "ab12cd34",
	}, f.clock.Now())); res.GuestID != byEmail.GuestID || res.Outcome != matching.Known {
		t.Errorf("merged guest's source record again: %s guest %q", res.Outcome, res.GuestID)
	}
	// The merged guest's keys point to the survivor alone: a new record found through the card is linked without
	// a detour through the redirect.
	look, err := f.store.Lookup(ctx, events.SourceRef{System: "x", RecordID: "y"}, []string{"card#ab12cd34", "phone#+351912000111"})
	if err != nil {
		t.Fatal(err)
	}
	for k, item := range look.Keys {
		if !slices.Equal(item.Guests, []string{byEmail.GuestID}) {
			t.Errorf("key %s points to %v, want the survivor alone", k, item.Guests)
		}
	}
	before := f.db.Calls.Snapshot()
	card := f.match(t, reservation(t, "micros", "CHK-3", events.GuestSnapshot{
		SourceGuestID: "C-9", FirstName: "Ines", LastName: "Carvalho", CardHash: "ab12cd34",
	}, f.clock.Now()))
	if card.GuestID != byEmail.GuestID {
		t.Errorf("record with the merged guest's card: guest %q (%s), want %q", card.GuestID, card.Explanation, byEmail.GuestID)
	}
	if n := f.db.Calls.Since(before)["BatchGetItem"]; n != 2 {
		t.Errorf("%d BatchGetItem calls, want 2 (keys, then the survivor)", n)
	}
}

func TestErasedIdentityIsNotRecreated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	tombstones := store.NewTombstoneStore(f.db)
	eraser := privacy.NewEraser(nil, nil, tombstones, nil, nil, []byte("identity-key"), f.clock.Now)
	erased := profile.Profile{Name: profile.Name{First: "Ann", Last: "Whitfield"}, Contacts: []profile.Contact{
		{Type: "email", Value: "ann.whitfield@gmail.com"}, {Type: "mobile", Value: "+14155550134"},
	}}
	for _, h := range eraser.IdentityHashes(erased) {
		if err := tombstones.Put(ctx, h, "G-gone", f.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	m, err := matching.New(matching.Options{Store: f.store, Now: f.clock.Now, Erasure: matching.EraserCheck(eraser, "US")})
	if err != nil {
		t.Fatal(err)
	}
	// The phone as a front desk types it: the check normalises it to E.164 as the profile stored it.
	snap := events.GuestSnapshot{SourceGuestID: "P-7", FirstName: "Ann", LastName: "Whitfield", Phone: "(415) 555-0134"}
	env := reservation(t, "opera", "R-9", snap, f.clock.Now())
	res, err := m.Match(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != matching.Erased || res.GuestID != "" || res.Envelope.GuestID != "" || len(res.Events) != 0 {
		t.Fatalf("erased identity: %s guest %q events %v", res.Outcome, res.GuestID, eventTypes(res.Events))
	}
	d, err := events.DecodeAs[*events.ReservationUpserted](res.Envelope)
	if err != nil {
		t.Fatal(err)
	}
	if want := (events.GuestSnapshot{SourceGuestID: "P-7"}); d.Guest != want || d.ReservationID != "R-9" {
		t.Errorf("guest not blanked: %+v (reservation %q)", d.Guest, d.ReservationID)
	}
	look, err := f.store.Lookup(ctx, events.SourceRef{System: "opera", RecordID: "P-7"}, []string{"phone#+14155550134"})
	if err != nil {
		t.Fatal(err)
	}
	if look.Lineage != nil || len(look.Keys) != 0 {
		t.Errorf("erased identity left records: %+v", look)
	}
	// Someone else is matched as usual.
	other := reservation(t, "opera", "R-10", events.GuestSnapshot{SourceGuestID: "P-8", LastName: "Osei", Email: "k.osei@gmail.com"}, f.clock.Now())
	if res, err := m.Match(ctx, other); err != nil || res.Outcome != matching.Created {
		t.Errorf("another guest: %s, %v", res.Outcome, err)
	}
}

func TestNotEnoughToIdentify(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct {
		name string
		snap events.GuestSnapshot
		want matching.Outcome
	}{
		{"name only", events.GuestSnapshot{FirstName: "John", LastName: "Smith"}, matching.Unidentified},
		{"nothing", events.GuestSnapshot{}, matching.Unidentified},
		{"source id only", events.GuestSnapshot{SourceGuestID: "P-1"}, matching.Unidentified},
		{"placeholder email and phone", events.GuestSnapshot{LastName: "Smith", Email: "noemail@hotel.com", Phone: "0000000000"}, matching.Unidentified},
		{"relay email", events.GuestSnapshot{LastName: "Smith", Email: "abc.123@guest.booking.com"}, matching.Unidentified},
		{"name and source id", events.GuestSnapshot{SourceGuestID: "P-2", FirstName: "John", LastName: "Smith"}, matching.Created},
		{"email without source id", events.GuestSnapshot{Email: "j.smith77@gmail.com"}, matching.Created},
	}
	for i, tc := range tests {
		res := f.match(t, reservation(t, "opera", "R-"+tc.name, tc.snap, f.clock.Now().Add(time.Duration(i))))
		if res.Outcome != tc.want || (res.GuestID == "") != (tc.want == matching.Unidentified) || res.Envelope.GuestID != res.GuestID {
			t.Errorf("%s: %s guest %q, want %s", tc.name, res.Outcome, res.GuestID, tc.want)
		}
	}
	// Without a source id the record is named after its identifiers: the same identifiers find the same guest
	// without scoring, and redelivery is idempotent.
	env := reservation(t, "opera", "R-anon", events.GuestSnapshot{LastName: "Mbeki", Email: "t.mbeki@icloud.com"}, f.clock.Now())
	first, again := f.match(t, env), f.match(t, env)
	if first.Outcome != matching.Created || again.Outcome != matching.Replayed || again.GuestID != first.GuestID {
		t.Errorf("anonymous source record: %s then %s", first.Outcome, again.Outcome)
	}
	// Events without a guest snapshot are not matched.
	env, err := events.New(events.ConsentChanged{Channel: "email", Purpose: "marketing", Scope: "group", Status: "granted", Source: "console"},
		events.Scope{}, "consent/1", f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if res := f.match(t, env); res.Outcome != matching.Unidentified || res.Envelope.GuestID != "" {
		t.Errorf("consent event: %s", res.Outcome)
	}
}

func TestChangedSourceRecordUpdatesItsGuest(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	first := f.match(t, reservation(t, "opera", "R-1", ann, f.clock.Now()))
	older := f.clock.Now()
	moved := ann
	moved.Email, moved.Phone = "ann@whitfield.studio", "+14155550777"
	upd := f.match(t, reservation(t, "opera", "R-2", moved, f.clock.Now()))
	if upd.Outcome != matching.Updated || upd.GuestID != first.GuestID || len(upd.Events) != 1 {
		t.Fatalf("changed record: %s guest %q events %v", upd.Outcome, upd.GuestID, eventTypes(upd.Events))
	}
	d, err := events.DecodeAs[*events.GuestProfileUpserted](upd.Events[0])
	if err != nil {
		t.Fatal(err)
	}
	if d.Email != "ann@whitfield.studio" || d.Phone != "+14155550777" {
		t.Errorf("primary contact %q %q, want the most recent", d.Email, d.Phone)
	}
	// A message older than the applied one, arriving late, adds its values (counted, dated as of the message) but
	// does not turn the record back; delivered again, it changes nothing.
	staleEnv := reservation(t, "opera", "R-0", ann, older)
	stale := f.match(t, staleEnv)
	if stale.Outcome != matching.Updated || stale.GuestID != first.GuestID || len(stale.Events) != 0 {
		t.Errorf("stale message: %s events %v", stale.Outcome, eventTypes(stale.Events))
	}
	if again := f.match(t, staleEnv); again.Outcome != matching.Known || len(again.Events) != 0 {
		t.Errorf("stale message again: %s events %v", again.Outcome, eventTypes(again.Events))
	}
	g, err := f.m.Guest(ctx, first.GuestID)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Emails) != 2 || len(g.Phones) != 2 || len(g.Members) != 1 || g.Summary().Email != "ann@whitfield.studio" {
		t.Errorf("golden: %d emails, %d phones, %d members, primary %q", len(g.Emails), len(g.Phones), len(g.Members), g.Summary().Email)
	}
	// The new email is a key of the guest now.
	res := f.match(t, reservation(t, "micros", "CHK-1", events.GuestSnapshot{SourceGuestID: "C-1", FirstName: "Ann", LastName: "Whitfield", Email: "ANN@whitfield.studio"}, f.clock.Now()))
	if res.GuestID != first.GuestID {
		t.Errorf("record with the new email: guest %q (%s)", res.GuestID, res.Explanation)
	}
}

func TestBetweenThresholdsOpensAReview(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	first := f.match(t, reservation(t, "opera", "R-1", events.GuestSnapshot{
		SourceGuestID: "P-1", FirstName: "Dmitri", LastName: "Volkonsky", Phone: "+14155550123",
	}, f.clock.Now()))
	// The same phone and last name, no given name: strong, but a missing given name with nothing personal to
	// vouch for it is a conflict, which never merges on its own.
	res := f.match(t, reservation(t, "micros", "CHK-1", events.GuestSnapshot{
		SourceGuestID: "C-1", LastName: "Volkonsky", Phone: "+14155550123",
	}, f.clock.Now()))
	if res.Outcome != matching.Reviewing || res.GuestID == first.GuestID || len(res.Reviews) != 1 {
		t.Fatalf("%s guest %q reviews %+v (%s)", res.Outcome, res.GuestID, res.Reviews, res.Explanation)
	}
	open, err := f.store.OpenReviews(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].GuestID != res.GuestID || open[0].CandidateID != first.GuestID || open[0].Reason == "" || open[0].Explanation == "" {
		t.Errorf("open reviews %+v", open)
	}
}

func TestResultEnvelopeIsTheInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	env := reservation(t, "opera", "R-1", ann, f.clock.Now())
	res := f.match(t, env)
	want := env
	want.GuestID = res.GuestID
	if !reflect.DeepEqual(res.Envelope, want) {
		t.Errorf("envelope changed beyond its guest id")
	}
	var raw map[string]any
	if err := json.Unmarshal(res.Envelope.Data, &raw); err != nil || raw["guest"] == nil {
		t.Errorf("data %s", res.Envelope.Data)
	}
}

func TestOneStrongLinkDoesNotChainTwoPeople(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	resolve := func(system, id string, r identity.Record) matching.Resolution {
		t.Helper()
		res, err := f.m.Resolve(ctx, matching.Record{Source: events.SourceRef{System: system, RecordID: id}, Guest: r})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	// Father and son: same name, same home, born thirty years apart.
	father := resolve("opera", "P-1", identity.Record{FirstName: "Robert", LastName: "Lindqvist", DateOfBirth: "1961-04-02",
		Email: "robert.lindqvist@telia.se", Address1: "12 Birch Road", Postcode: "11432", City: "Stockholm"})
	son := resolve("opera", "P-2", identity.Record{FirstName: "Bob", LastName: "Lindqvist", DateOfBirth: "1991-09-30",
		Phone: "+46701234567", Address1: "12 Birch Rd", Postcode: "11432", City: "Stockholm"})
	if son.GuestID == father.GuestID {
		t.Fatalf("father and son merged: %s", son.Explanation)
	}
	// A booking with the father's email and the son's mobile scores as a merge with each of them, but the two
	// disagree on the date of birth and the given name, so it may join only one: they stay two guests.
	bridge := resolve("synxis", "B-1", identity.Record{FirstName: "Robert", LastName: "Lindqvist",
		Email: "robert.lindqvist@telia.se", Phone: "+46701234567"})
	if bridge.Outcome == matching.Merged || len(bridge.Merged) > 0 {
		t.Fatalf("a shared phone chained father and son: %s merged %v (%s)", bridge.Outcome, bridge.Merged, bridge.Explanation)
	}
	if bridge.GuestID != father.GuestID {
		t.Errorf("bridge joined %q, want the father %q (the strongest pair)", bridge.GuestID, father.GuestID)
	}
}

func TestConcurrentRecordsOfOneNewGuest(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	const n = 6
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r := identity.Record{FirstName: "Keanu", LastName: "Akana", Email: "keanu.akana@gmail.com", Phone: "+18085550111"}
			res, err := f.m.Resolve(ctx, matching.Record{Source: events.SourceRef{System: "pms-" + strconv.Itoa(i), RecordID: "G-1"}, Guest: r})
			ids[i], errs[i] = res.GuestID, err
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if ids[i] != ids[0] {
			t.Fatalf("concurrent records of one guest made several guests: %v", ids)
		}
	}
	g, err := f.m.Guest(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Sources()) != n {
		t.Errorf("%d sources, want %d", len(g.Sources()), n)
	}
}
