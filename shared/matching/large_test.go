package matching_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/matching/matchingtest"
)

// TestLargeMerges merges a guest with many source records: its key moves are deferred when the merge does not fit
// in one transaction, and a guest with more source records than one transaction can relink is not merged
// automatically but reviewed.
func TestLargeMerges(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		sources int
		merged  bool
	}{{"deferred key moves", 40, true}, {"too large to merge", 100, false}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			mem := matchingtest.NewMemory()
			m, err := matching.New(matching.Options{Store: mem, Now: newClock().Now})
			if err != nil {
				t.Fatal(err)
			}
			resolve := func(id string, r identity.Record) matching.Resolution {
				t.Helper()
				res, err := m.Resolve(ctx, matching.Record{Source: events.SourceRef{System: "pms", RecordID: id}, Guest: r})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			// A and B agree on the name and the city only: two guests, but a coherent pair.
			a := resolve("A", identity.Record{FirstName: "Ann", LastName: "Lee", City: "Stockholm", Email: "ann.lee@telia.se"})
			var b string
			for i := range tc.sources {
				res := resolve(fmt.Sprintf("B%03d", i), identity.Record{FirstName: "Ann", LastName: "Lee", City: "Stockholm", CardHash: "cafe0001",
					Phone: fmt.Sprintf("+1415%07d", 5550000+i*7), LoyaltyNumber: fmt.Sprintf("HH%06d", 300000+i)})
				if i == 0 {
					b = res.GuestID
				}
				if res.GuestID != b || res.GuestID == a.GuestID {
					t.Fatalf("B%03d: %s guest %q (%s)", i, res.Outcome, res.GuestID, res.Explanation)
				}
			}
			bridge := resolve("X", identity.Record{FirstName: "Ann", LastName: "Lee", City: "Stockholm", Email: "ann.lee@telia.se", CardHash: "cafe0001"})
			if !tc.merged {
				if bridge.Outcome != matching.Linked || len(bridge.Merged) != 0 || len(bridge.Reviews) != 1 || bridge.Reviews[0].Reason != "merge too large for one transaction" {
					t.Fatalf("bridge: %s merged %v reviews %+v", bridge.Outcome, bridge.Merged, bridge.Reviews)
				}
				return
			}
			if bridge.Outcome != matching.Merged || bridge.GuestID != a.GuestID || !slices.Equal(bridge.Merged, []string{b}) {
				t.Fatalf("bridge: %s into %q merging %v", bridge.Outcome, bridge.GuestID, bridge.Merged)
			}
			// Every key of B, deferred or not, points to A alone now.
			for i := range tc.sources {
				for _, k := range []string{fmt.Sprintf("phone#+1415%07d", 5550000+i*7), fmt.Sprintf("loyalty#hh%06d", 300000+i)} {
					if got := mem.KeyGuests(k); !slices.Equal(got, []string{a.GuestID}) {
						t.Fatalf("%s points to %v, want %q", k, got, a.GuestID)
					}
				}
			}
			g, err := m.Guest(ctx, b)
			if err != nil {
				t.Fatal(err)
			}
			if g.GuestID != a.GuestID || len(g.Sources()) != tc.sources+2 {
				t.Errorf("merged guest resolves to %q with %d sources", g.GuestID, len(g.Sources()))
			}
		})
	}
}
