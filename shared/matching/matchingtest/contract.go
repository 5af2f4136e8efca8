package matchingtest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/matching"
)

// StoreContract checks that a matching.Store behaves as the matcher needs: what Commit writes, Lookup and Goldens
// read back; a commit whose conditions fail writes nothing and says ErrConflict. open returns an empty store.
func StoreContract(t *testing.T, open func(t *testing.T) matching.Store) {
	ctx := context.Background()
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	src := events.SourceRef{System: "opera", RecordID: "P-1"}
	other := events.SourceRef{System: "micros", RecordID: "C-9"}
	golden := func(id string, version int) matching.Golden {
		return matching.Golden{
			GuestID: id, Version: version, CreatedAt: at, UpdatedAt: at, Keys: []string{"email#ann@x.com"},
			Members: []matching.Member{{Profile: matching.Fields{FirstName: "ann", LastName: "lee", Email: "ann@x.com"}, Sources: []events.SourceRef{src}}},
			Emails:  []matching.Value{{Value: "Ann@x.com", Norm: "ann@x.com", Count: 1, Seen: at}},
		}
	}
	ev, err := events.New(events.GuestProfileUpserted{LastName: "Lee"}, events.Scope{GuestID: "G1"}, "match:profile:G1:v1", at)
	if err != nil {
		t.Fatal(err)
	}
	created := matching.Change{
		Goldens:  []matching.Golden{golden("G1", 1)},
		Lineages: []matching.Lineage{{Source: src, GuestID: "G1", Version: 1, Fingerprint: "f1", At: at, Message: "m1", Events: []events.Envelope{ev}}},
		Links:    []matching.Link{{Key: "email#ann@x.com", Add: []string{"G1"}, Check: true}, {Key: "phone#+15550100", Add: []string{"G1"}, Check: true}},
	}
	keys := []string{"email#ann@x.com", "phone#+15550100", "card#none"}

	t.Run("empty", func(t *testing.T) {
		s := open(t)
		look, err := s.Lookup(ctx, src, keys)
		if err != nil {
			t.Fatal(err)
		}
		if look.Lineage != nil || len(look.Keys) != 0 {
			t.Errorf("empty store: %+v", look)
		}
		gs, err := s.Goldens(ctx, []string{"G1"})
		if err != nil || len(gs) != 0 {
			t.Errorf("empty store goldens %v, %v", gs, err)
		}
	})

	t.Run("round trip", func(t *testing.T) {
		s := open(t)
		if err := s.Commit(ctx, created); err != nil {
			t.Fatal(err)
		}
		look, err := s.Lookup(ctx, src, keys)
		if err != nil {
			t.Fatal(err)
		}
		l := look.Lineage
		if l == nil || l.GuestID != "G1" || l.Version != 1 || l.Fingerprint != "f1" || !l.At.Equal(at) || l.Message != "m1" ||
			len(l.Events) != 1 || l.Events[0].ID != ev.ID || string(l.Events[0].Data) != string(ev.Data) {
			t.Errorf("lineage %+v", l)
		}
		want := map[string]matching.KeyItem{
			"email#ann@x.com": {Guests: []string{"G1"}, Version: 1}, "phone#+15550100": {Guests: []string{"G1"}, Version: 1},
		}
		if !equalKeys(look.Keys, want) {
			t.Errorf("keys %+v, want %+v", look.Keys, want)
		}
		gs, err := s.Goldens(ctx, []string{"G1", "G404"})
		if err != nil {
			t.Fatal(err)
		}
		g, ok := gs["G1"]
		if len(gs) != 1 || !ok || g.Version != 1 || g.Members[0].Profile.Email != "ann@x.com" || g.Emails[0].Value != "Ann@x.com" || !g.CreatedAt.Equal(at) {
			t.Errorf("goldens %+v", gs)
		}
	})

	t.Run("conflicts write nothing", func(t *testing.T) {
		s := open(t)
		if err := s.Commit(ctx, created); err != nil {
			t.Fatal(err)
		}
		fresh := matching.Lineage{Source: other, GuestID: "G2", Version: 1, At: at}
		for name, c := range map[string]matching.Change{
			"golden exists":       {Goldens: []matching.Golden{golden("G1", 1)}, Lineages: []matching.Lineage{fresh}},
			"golden moved":        {Goldens: []matching.Golden{golden("G1", 3)}, Lineages: []matching.Lineage{fresh}},
			"lineage exists":      {Goldens: []matching.Golden{golden("G2", 1)}, Lineages: []matching.Lineage{{Source: src, GuestID: "G2", Version: 1}}},
			"key moved":           {Lineages: []matching.Lineage{fresh}, Links: []matching.Link{{Key: "email#ann@x.com", Add: []string{"G2"}, Check: true, Version: 0}}},
			"relinked elsewhere":  {Lineages: []matching.Lineage{fresh}, Relinks: []matching.Relink{{Source: src, From: "G7", To: "G2"}}},
			"relink of no record": {Lineages: []matching.Lineage{fresh}, Relinks: []matching.Relink{{Source: events.SourceRef{System: "x", RecordID: "y"}, From: "G1", To: "G2"}}},
		} {
			if err := s.Commit(ctx, c); !errors.Is(err, matching.ErrConflict) {
				t.Errorf("%s: %v, want ErrConflict", name, err)
			}
		}
		look, err := s.Lookup(ctx, other, keys)
		if err != nil {
			t.Fatal(err)
		}
		if look.Lineage != nil || look.Keys["email#ann@x.com"].Version != 1 {
			t.Errorf("a failed commit wrote: %+v", look)
		}
		gs, _ := s.Goldens(ctx, []string{"G1", "G2"})
		if len(gs) != 1 || gs["G1"].Version != 1 {
			t.Errorf("a failed commit wrote goldens: %+v", gs)
		}
	})

	t.Run("merge records", func(t *testing.T) { storeMergesContract(t, open) })
	t.Run("reviews", func(t *testing.T) { storeReviewsContract(t, open) })

	t.Run("merge", func(t *testing.T) {
		s := open(t)
		if err := s.Commit(ctx, created); err != nil {
			t.Fatal(err)
		}
		survivor := golden("G0", 1)
		merged := golden("G1", 2)
		merged.MergedInto, merged.MergeID = "G0", "M1"
		c := matching.Change{
			Goldens:  []matching.Golden{survivor, merged},
			Relinks:  []matching.Relink{{Source: src, From: "G1", To: "G0"}},
			Links:    []matching.Link{{Key: "email#ann@x.com", Add: []string{"G0"}, Remove: []string{"G1"}, Check: true, Version: 1}},
			Reviews:  []matching.Review{{GuestID: "G0", CandidateID: "G5", Source: src, Score: 1.5, Reason: "r", At: at}},
			Deferred: []matching.Link{{Key: "phone#+15550100", Add: []string{"G0"}, Remove: []string{"G1"}}},
		}
		if err := s.Commit(ctx, c); err != nil {
			t.Fatal(err)
		}
		look, err := s.Lookup(ctx, src, keys)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]matching.KeyItem{
			"email#ann@x.com": {Guests: []string{"G0"}, Version: 2}, "phone#+15550100": {Guests: []string{"G0"}, Version: 2},
		}
		if look.Lineage == nil || look.Lineage.GuestID != "G0" || !equalKeys(look.Keys, want) {
			t.Errorf("after merge: lineage %+v keys %+v", look.Lineage, look.Keys)
		}
		gs, err := s.Goldens(ctx, []string{"G1"})
		if err != nil {
			t.Fatal(err)
		}
		if g := gs["G1"]; g.MergedInto != "G0" || g.MergeID != "M1" || g.Version != 2 {
			t.Errorf("merged golden %+v", g)
		}
	})
}

// storeMergesContract checks merge records: written with a commit, read back per survivor in order, versioned.
func storeMergesContract(t *testing.T, open func(t *testing.T) matching.Store) {
	ctx := context.Background()
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	s := open(t)
	before := matching.Golden{GuestID: "G0", Version: 3, Keys: []string{"email#ann@x.com"}}
	first := matching.Merge{MergeID: "M2", SurvivorID: "G0", Version: 1, At: at.Add(time.Hour), Score: 12.5, Decision: "auto",
		Source: events.SourceRef{System: "opera", RecordID: "P-9"}, Before: before, Merged: []matching.MergedGuest{{GuestID: "G1"}}}
	second := first
	second.MergeID, second.At, second.Merged = "M1", at, []matching.MergedGuest{{GuestID: "G2"}, {GuestID: "G3"}}
	other := first
	other.MergeID, other.SurvivorID = "M3", "G9"
	// The survivor's golden record shares its partition in the DynamoDB adapter: it is not a merge.
	survivor := matching.Golden{GuestID: "G0", Version: 1, CreatedAt: at}
	if err := s.Commit(ctx, matching.Change{Goldens: []matching.Golden{survivor}, Merges: []matching.Merge{first, second, other}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Merges(ctx, "G0")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].MergeID != "M1" || got[1].MergeID != "M2" || got[1].Version != 1 || got[1].Before.Version != 3 ||
		got[1].Source != first.Source || !got[1].At.Equal(first.At) || len(got[0].Merged) != 2 {
		t.Fatalf("merges of G0: %+v", got)
	}
	undone := got[1]
	undone.Version, undone.Merged = 2, []matching.MergedGuest{{GuestID: "G1", UnmergedAt: at.Add(2 * time.Hour), UnmergedBy: "ana"}}
	if err := s.Commit(ctx, matching.Change{Merges: []matching.Merge{first}}); !errors.Is(err, matching.ErrConflict) {
		t.Fatalf("writing a merge again: %v, want ErrConflict", err)
	}
	if err := s.Commit(ctx, matching.Change{Merges: []matching.Merge{undone}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(ctx, matching.Change{Merges: []matching.Merge{undone}}); !errors.Is(err, matching.ErrConflict) {
		t.Fatalf("a stale merge version: %v, want ErrConflict", err)
	}
	got, _ = s.Merges(ctx, "G0")
	if len(got) != 2 || got[1].Version != 2 || got[1].Merged[0].UnmergedBy != "ana" || got[1].Merged[0].UnmergedAt.IsZero() {
		t.Fatalf("after the unmerge: %+v", got)
	}
	if none, err := s.Merges(ctx, "G404"); err != nil || len(none) != 0 {
		t.Fatalf("merges of a guest who survived none: %v, %v", none, err)
	}
}

// storeReviewsContract checks review tasks: read back open, closed once by a decision, a second decision conflicts.
func storeReviewsContract(t *testing.T, open func(t *testing.T) matching.Store) {
	ctx := context.Background()
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	s := open(t)
	if _, err := s.Review(ctx, "G2", "G1"); !errors.Is(err, matching.ErrReviewNotFound) {
		t.Fatalf("an unknown review: %v, want ErrReviewNotFound", err)
	}
	rv := matching.Review{GuestID: "G2", CandidateID: "G1", Score: 4.5, At: at, Source: events.SourceRef{System: "opera", RecordID: "P-2"},
		Fields: []matching.ReviewField{{Field: "email", Outcome: "exact", Weight: 9.1}}}
	if err := s.Commit(ctx, matching.Change{Reviews: []matching.Review{rv}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Review(ctx, "G2", "G1")
	if err != nil || got.Status != matching.ReviewOpen || got.Score != 4.5 || len(got.Fields) != 1 || !got.At.Equal(at) {
		t.Fatalf("open review: %+v, %v", got, err)
	}
	decided := rv
	decided.Status, decided.DecidedBy = matching.ReviewKeptApart, "ana"
	if err := s.Commit(ctx, matching.Change{Reviews: []matching.Review{decided}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(ctx, matching.Change{Reviews: []matching.Review{decided}}); !errors.Is(err, matching.ErrConflict) {
		t.Fatalf("deciding a closed review again: %v, want ErrConflict", err)
	}
	if got, err := s.Review(ctx, "G2", "G1"); err != nil || got.Status != matching.ReviewKeptApart || got.DecidedBy != "ana" {
		t.Fatalf("decided review: %+v, %v", got, err)
	}
}

func equalKeys(a, b map[string]matching.KeyItem) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		y, ok := b[k]
		if !ok || x.Version != y.Version || !slices.Equal(x.Guests, y.Guests) {
			return false
		}
	}
	return true
}
