package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/matching/matchingtest"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

func TestMatchStoreContract(t *testing.T) {
	t.Parallel()
	matchingtest.StoreContract(t, func(t *testing.T) matching.Store { return store.NewMatchStore(storetest.Open(t)) })
}

// TestMatchStoreRoundTrips pins the cost of each port method: one DynamoDB call each.
func TestMatchStoreRoundTrips(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	s := store.NewMatchStore(db)
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	src := events.SourceRef{System: "opera", RecordID: "P-1"}
	keys := make([]string, 40)
	links := make([]matching.Link, 40)
	for i := range keys {
		keys[i] = "email#guest" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "@x.com"
		links[i] = matching.Link{Key: keys[i], Add: []string{"G1"}, Check: true}
	}
	ch := matching.Change{
		Goldens:  []matching.Golden{{GuestID: "G1", Version: 1, CreatedAt: at}},
		Lineages: []matching.Lineage{{Source: src, GuestID: "G1", Version: 1, At: at}},
		Links:    links,
		Reviews:  []matching.Review{{GuestID: "G1", CandidateID: "G0", Source: src, Reason: "score between thresholds", At: at}},
	}
	for _, step := range []struct {
		name string
		call func() error
	}{
		{"commit", func() error { return s.Commit(ctx, ch) }},
		{"lookup", func() error {
			look, err := s.Lookup(ctx, src, keys)
			if err == nil && (look.Lineage == nil || len(look.Keys) != len(keys)) {
				t.Errorf("lookup read %d keys and lineage %v", len(look.Keys), look.Lineage)
			}
			return err
		}},
		{"goldens", func() error { _, err := s.Goldens(ctx, []string{"G1", "G2", "G3"}); return err }},
	} {
		before := db.Calls.Snapshot()
		if err := step.call(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		total := 0
		for _, n := range db.Calls.Since(before) {
			total += n
		}
		if total != 1 {
			t.Errorf("%s: %d calls, want 1", step.name, total)
		}
	}
	open, err := s.OpenReviews(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].GuestID != "G1" || open[0].CandidateID != "G0" {
		t.Errorf("open reviews %+v", open)
	}
}

// TestForgetBlanksMergeRecords: an erased survivor's merges keep who was merged and when, not its golden record
// from before them or the profiles an unmerge emitted.
func TestForgetBlanksMergeRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := store.NewMatchStore(storetest.Open(t))
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	ev, err := events.New(events.GuestProfileUpserted{LastName: "Lee", Email: "ann@x.com"}, events.Scope{GuestID: "G0"}, "match:profile:G0:v3", at)
	if err != nil {
		t.Fatal(err)
	}
	before := matching.Golden{GuestID: "G0", Version: 1, Emails: []matching.Value{{Value: "ann@x.com", Norm: "ann@x.com", Count: 1, Seen: at}}}
	err = s.Commit(ctx, matching.Change{
		Goldens: []matching.Golden{{GuestID: "G0", Version: 1, CreatedAt: at, Emails: before.Emails}},
		Merges: []matching.Merge{{MergeID: "M1", SurvivorID: "G0", Version: 1, At: at, Before: before,
			Merged: []matching.MergedGuest{{GuestID: "G1", UnmergedAt: at, UnmergedBy: "ana", Events: []events.Envelope{ev}}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Forget(ctx, "G0"); err != nil {
		t.Fatal(err)
	}
	merges, err := s.Merges(ctx, "G0")
	if err != nil {
		t.Fatal(err)
	}
	if len(merges) != 1 || len(merges[0].Before.Emails) != 0 || merges[0].Merged[0].Events != nil || merges[0].Merged[0].GuestID != "G1" {
		t.Fatalf("merge after erasure: %+v", merges)
	}
}
