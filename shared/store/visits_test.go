package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/guest360"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

func visit(key, departure string, room int64) guest360.Visit {
	return guest360.Visit{Key: key, Kind: "stay", PropertyID: "hh-lisbon", Reference: key, Departure: departure, Nights: 1,
		Revenue: map[string]int64{"room": room}, Currency: "EUR"}
}

func keysOf(t *testing.T, s *store.VisitStore, guestID string) []string {
	t.Helper()
	vs, err := s.Visits(context.Background(), guestID)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Key + "<" + v.MergedFrom
	}
	slices.Sort(out)
	return out
}

// TestVisitsFollowMergesBothWays: a merge copies the merged guest's visits to the survivor (again: the same
// copies), a visit that arrives for the merged guest afterwards is filed under it and copied along its merges, and
// undoing the merge removes the copies, leaving each guest exactly its own visits.
func TestVisitsFollowMergesBothWays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	s := store.NewVisitStore(db)
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	add := func(guest string, v guest360.Visit) bool {
		t.Helper()
		fresh, err := s.Add(ctx, guest, v)
		if err != nil {
			t.Fatal(err)
		}
		return fresh
	}
	if !add("A", visit("a1", "2026-04-02", 100)) || !add("B", visit("b1", "2026-04-03", 200)) || !add("B", visit("b2", "2026-04-05", 300)) {
		t.Fatal("first visits were not new")
	}
	if add("B", visit("b1", "2026-04-03", 200)) {
		t.Fatal("a redelivered visit was new")
	}
	matches := store.NewMatchStore(db)
	golden := func(id string, version int, into string) matching.Golden {
		return matching.Golden{GuestID: id, Version: version, CreatedAt: at, MergedInto: into, MergeID: "M-" + into}
	}
	commit := func(gs ...matching.Golden) {
		t.Helper()
		if err := matches.Commit(ctx, matching.Change{Goldens: gs}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Merge(ctx, "A", "B", "M1"); !errors.Is(err, store.ErrMergeUndone) {
		t.Fatalf("copying before matching merged them: %v", err)
	}
	commit(golden("A", 1, ""), golden("B", 1, "A"))
	for range 2 {
		if n, err := s.Merge(ctx, "A", "B", "M1"); err != nil || n != 2 {
			t.Fatalf("merge: %d, %v", n, err)
		}
	}
	if got := keysOf(t, s, "A"); !slices.Equal(got, []string{"a1<", "b1<B", "b2<B"}) {
		t.Fatalf("survivor after the merge: %v", got)
	}

	// A is merged into D: a late visit of B lands under B, A and D.
	commit(golden("A", 2, "D"), golden("D", 1, ""))
	add("B", visit("b3", "2026-04-09", 400))
	if got := keysOf(t, s, "D"); !slices.Equal(got, []string{"b3<B"}) {
		t.Fatalf("late visit under the last survivor: %v", got)
	}
	if got := keysOf(t, s, "A"); !slices.Equal(got, []string{"a1<", "b1<B", "b2<B", "b3<B"}) {
		t.Fatalf("late visit under the first survivor: %v", got)
	}

	for range 2 {
		if _, err := s.Unmerge(ctx, "A", "B"); err != nil {
			t.Fatal(err)
		}
	}
	if got := keysOf(t, s, "A"); !slices.Equal(got, []string{"a1<"}) {
		t.Fatalf("survivor after the unmerge: %v", got)
	}
	if got := keysOf(t, s, "B"); !slices.Equal(got, []string{"b1<", "b2<", "b3<"}) {
		t.Fatalf("restored guest: %v", got)
	}
	// The merge delivered again after it was undone copies nothing.
	commit(golden("B", 2, ""))
	if _, err := s.Merge(ctx, "A", "B", "M1"); !errors.Is(err, store.ErrMergeUndone) {
		t.Fatalf("a merge delivered after its unmerge: %v", err)
	}
	if got := keysOf(t, s, "A"); !slices.Equal(got, []string{"a1<"}) {
		t.Fatalf("survivor after a late merge: %v", got)
	}
}
