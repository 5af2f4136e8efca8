package matching_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/matching"
)

// ines is one guest known to three systems: by email at the hotel, by phone and card at the restaurant, and by
// both on a booking site, which shows the first two to be one person.
var (
	inesByEmail = events.GuestSnapshot{SourceGuestID: "P-1", FirstName: "Ines", LastName: "Carvalho", Email: "ines.carvalho@sapo.pt"}
	inesByPhone = events.GuestSnapshot{SourceGuestID: "C-1", FirstName: "Ines", LastName: "Carvalho", Phone: "+351912000111", CardHash: "ab12cd34"}
	inesBridge  = events.GuestSnapshot{SourceGuestID: "S-1", FirstName: "Inês", LastName: "Carvalho", Email: "ines.carvalho@sapo.pt", Phone: "+351 912 000 111"}
)

// merged matches the three records and returns the survivor and the merged guest with their golden records as
// they were just before the merge.
func (f *fixture) merged(t *testing.T) (survivor, merged matching.Golden, merge matching.Result) {
	t.Helper()
	a := f.match(t, reservation(t, "opera", "R-1", inesByEmail, f.clock.Now()))
	b := f.match(t, reservation(t, "micros", "CHK-1", inesByPhone, f.clock.Now()))
	before, err := f.store.Goldens(context.Background(), []string{a.GuestID, b.GuestID})
	if err != nil {
		t.Fatal(err)
	}
	merge = f.match(t, reservation(t, "synxis", "B-1", inesBridge, f.clock.Now()))
	if merge.Outcome != matching.Merged || merge.GuestID != a.GuestID || !slices.Equal(merge.Merged, []string{b.GuestID}) {
		t.Fatalf("bridge: %s into %s merging %v (%s)", merge.Outcome, merge.GuestID, merge.Merged, merge.Explanation)
	}
	return before[a.GuestID], before[b.GuestID], merge
}

func TestUnmergeRestoresTheMergedGuestExactly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	a, b, merge := f.merged(t)
	mergeID := mustDecode[*events.ProfilesMerged](t, merge.Events[0]).MergeID

	res, err := f.m.Unmerge(ctx, a.GuestID, b.GuestID, "ana@harbour.example", "two people")
	if err != nil {
		t.Fatal(err)
	}
	if got := eventTypes(res.Events); res.Replayed || res.MergeID != mergeID ||
		!slices.Equal(got, []string{events.TypeProfilesUnmerged, events.TypeGuestProfileUpserted, events.TypeGuestProfileUpserted}) {
		t.Fatalf("unmerge: %+v emitting %v", res, got)
	}
	d := mustDecode[*events.ProfilesUnmerged](t, res.Events[0])
	if d.MergeID != mergeID || d.SurvivorID != a.GuestID || !slices.Equal(d.RestoredIDs, []string{b.GuestID}) || d.By != "ana@harbour.example" ||
		res.Events[0].IdempotencyKey != "match:unmerge:"+mergeID+":"+b.GuestID {
		t.Errorf("unmerged event %+v, key %s", *d, res.Events[0].IdempotencyKey)
	}

	// The merged guest is itself again, exactly as before, and no longer redirects.
	restored, err := f.m.Guest(ctx, b.GuestID)
	if err != nil {
		t.Fatal(err)
	}
	if restored.GuestID != b.GuestID || restored.Version != b.Version+2 || !slices.Equal(restored.KeptApart, []string{a.GuestID}) {
		t.Fatalf("restored %s v%d kept apart from %v", restored.GuestID, restored.Version, restored.KeptApart)
	}
	if !sameProfile(restored, b) {
		t.Errorf("restored guest differs from before the merge:\n%+v\n%+v", restored, b)
	}
	// The survivor keeps its own record and the bridge, which joined it; the merged guest's card is gone.
	survivor, _ := f.m.Guest(ctx, a.GuestID)
	want := []events.SourceRef{{System: "opera", RecordID: "P-1"}, {System: "synxis", RecordID: "S-1"}}
	if got := survivor.Summary().Sources; !slices.Equal(got, want) || len(survivor.CardHashes) != 0 || len(survivor.Phones) != 1 ||
		survivor.Phones[0].Count != 1 || survivor.Phones[0].Value != "+351 912 000 111" || survivor.Emails[0].Count != 2 {
		t.Errorf("survivor: sources %v, cards %v, phones %v, emails %v", got, survivor.CardHashes, survivor.Phones, survivor.Emails)
	}
	if n := survivor.Names[0]; len(survivor.Names) != 1 || n.Count != 2 || n.First != "Inês" {
		t.Errorf("survivor names %+v: one name, from its own record and the bridge, spelled as the bridge did last", survivor.Names)
	}
	// Lineages and keys point back: the restaurant's record and the card lead to the merged guest; the phone,
	// which the bridge also has, to both.
	if res := f.match(t, reservation(t, "micros", "CHK-2", inesByPhone, f.clock.Now())); res.GuestID != b.GuestID || res.Outcome != matching.Known {
		t.Errorf("the merged guest's record again: %s guest %s", res.Outcome, res.GuestID)
	}
	look, err := f.store.Lookup(ctx, events.SourceRef{System: "x", RecordID: "y"}, []string{"card#ab12cd34", "phone#+351912000111", "email#ines.carvalho@sapo.pt"})
	if err != nil {
		t.Fatal(err)
	}
	for key, guests := range map[string][]string{
		"card#ab12cd34": {b.GuestID}, "phone#+351912000111": sorted(a.GuestID, b.GuestID), "email#ines.carvalho@sapo.pt": {a.GuestID},
	} {
		if got := look.Keys[key].Guests; !slices.Equal(got, guests) {
			t.Errorf("key %s points to %v, want %v", key, got, guests)
		}
	}

	// Again: the same events, nothing written.
	before := f.db.Calls.Snapshot()
	again, err := f.m.Unmerge(ctx, a.GuestID, b.GuestID, "someone else", "")
	if err != nil || !again.Replayed || !reflect.DeepEqual(again.Events, res.Events) {
		t.Fatalf("repeat: %+v, %v", again, err)
	}
	if n := f.db.Calls.Since(before)["TransactWriteItems"]; n != 0 {
		t.Errorf("a repeated unmerge wrote %d times", n)
	}

	// Kept apart: a new booking with the email and the phone links one of them and merges nothing.
	bridge2 := inesBridge
	bridge2.SourceGuestID = "S-2"
	if res := f.match(t, reservation(t, "synxis", "B-2", bridge2, f.clock.Now())); res.Outcome != matching.Linked || len(res.Merged) != 0 {
		t.Errorf("a second bridge after the unmerge: %s merging %v", res.Outcome, res.Merged)
	}

	history, err := f.m.Merges(ctx, b.GuestID)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 1 || history[0].MergeID != mergeID || !history[0].Undone || history[0].UnmergedBy != "ana@harbour.example" ||
		history[0].SurvivorID != a.GuestID || history[0].Source.RecordID != "S-1" {
		t.Errorf("history of the merged guest: %+v", history)
	}
}

// TestUnmergeRefusesWhatWasNotMerged: only a merge can be undone, and a survivor merged since is unmerged first.
func TestUnmergeRefusesWhatWasNotMerged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	older := f.match(t, reservation(t, "opera", "R-0", events.GuestSnapshot{
		SourceGuestID: "P-0", FirstName: "Ines", LastName: "Carvalho", LoyaltyNumber: "HH-7788-1",
	}, f.clock.Now()))
	a, b, _ := f.merged(t)
	stranger := f.match(t, reservation(t, "opera", "R-9", ann, f.clock.Now()))
	for name, tc := range map[string]struct {
		survivor, merged string
		want             error
	}{
		"never merged":     {a.GuestID, stranger.GuestID, matching.ErrNotMerged},
		"the wrong way":    {b.GuestID, a.GuestID, matching.ErrNotMerged},
		"itself":           {a.GuestID, a.GuestID, matching.ErrNotMerged},
		"unknown survivor": {"G-404", b.GuestID, matching.ErrNotFound},
		"unknown guest":    {a.GuestID, "G-404", matching.ErrNotFound},
	} {
		if _, err := f.m.Unmerge(ctx, tc.survivor, tc.merged, "ana", ""); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
	// The survivor joins an older guest through the loyalty number: undoing the first merge waits for the second.
	joined := f.match(t, reservation(t, "opera", "R-10", events.GuestSnapshot{
		SourceGuestID: "P-10", FirstName: "Ines", LastName: "Carvalho", LoyaltyNumber: "HH-7788-1", Email: "ines.carvalho@sapo.pt",
	}, f.clock.Now()))
	if joined.Outcome != matching.Merged || joined.GuestID != older.GuestID || !slices.Equal(joined.Merged, []string{a.GuestID}) {
		t.Fatalf("second merge: %s into %s merging %v (%s)", joined.Outcome, joined.GuestID, joined.Merged, joined.Explanation)
	}
	if _, err := f.m.Unmerge(ctx, a.GuestID, b.GuestID, "ana", ""); !errors.Is(err, matching.ErrSurvivorMerged) {
		t.Fatalf("unmerging from a merged survivor: %v", err)
	}
	if _, err := f.m.Unmerge(ctx, older.GuestID, a.GuestID, "ana", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.m.Unmerge(ctx, a.GuestID, b.GuestID, "ana", ""); err != nil {
		t.Fatal(err)
	}
	// Each is its own guest again with its own records; the survivor of both kept the record that joined it.
	for id, want := range map[string][]string{
		older.GuestID: {"opera/P-0", "opera/P-10"}, a.GuestID: {"opera/P-1", "synxis/S-1"}, b.GuestID: {"micros/C-1"},
	} {
		g, err := f.m.Guest(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range g.Summary().Sources {
			got = append(got, s.System+"/"+s.RecordID)
		}
		if g.GuestID != id || !slices.Equal(got, want) {
			t.Errorf("guest %s is %s with %v, want %v", id, g.GuestID, got, want)
		}
	}
}

// TestUnmergeKeepsWhatTheMergedGuestSentSince: a record of the merged guest that changed after the merge goes
// back with its new profile; a record that joined the survivor after the merge stays with it.
func TestUnmergeKeepsWhatTheMergedGuestSentSince(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	a, b, _ := f.merged(t)
	moved := inesByPhone
	moved.Email = "ines@carvalho.pt"
	if res := f.match(t, reservation(t, "micros", "CHK-5", moved, f.clock.Now())); res.Outcome != matching.Updated || res.GuestID != a.GuestID {
		t.Fatalf("the merged guest's record, changed: %s guest %s", res.Outcome, res.GuestID)
	}
	later := f.match(t, reservation(t, "opera", "R-5", events.GuestSnapshot{SourceGuestID: "P-5", FirstName: "Ines", LastName: "Carvalho", Email: "ines.carvalho@sapo.pt"}, f.clock.Now()))
	if later.GuestID != a.GuestID {
		t.Fatalf("a later record of the survivor went to %s", later.GuestID)
	}
	if _, err := f.m.Unmerge(ctx, a.GuestID, b.GuestID, "ana", ""); err != nil {
		t.Fatal(err)
	}
	restored, _ := f.m.Guest(ctx, b.GuestID)
	if len(restored.Members) != 1 || restored.Members[0].Profile.Email != "ines@carvalho.pt" || !slices.Contains(restored.Keys, "email#ines@carvalho.pt") {
		t.Errorf("restored guest: %+v", restored)
	}
	survivor, _ := f.m.Guest(ctx, a.GuestID)
	if len(survivor.Sources()) != 3 || slices.Contains(survivor.Keys, "email#ines@carvalho.pt") {
		t.Errorf("survivor: sources %v keys %v", survivor.Sources(), survivor.Keys)
	}
	if res := f.match(t, reservation(t, "micros", "CHK-6", moved, f.clock.Now())); res.GuestID != b.GuestID || res.Outcome != matching.Known {
		t.Errorf("the merged guest's record after the unmerge: %s guest %s", res.Outcome, res.GuestID)
	}
}

// sameProfile compares two golden records' contents, leaving out what an unmerge must change: the version, the
// time and the guests it is kept apart from.
func sameProfile(a, b matching.Golden) bool {
	a.Version, a.UpdatedAt, a.KeptApart = b.Version, b.UpdatedAt, b.KeptApart
	return reflect.DeepEqual(a, b)
}

func sorted(ids ...string) []string { return slices.Sorted(slices.Values(ids)) }

func mustDecode[T events.Detail](t *testing.T, env events.Envelope) T {
	t.Helper()
	d, err := events.DecodeAs[T](env)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
