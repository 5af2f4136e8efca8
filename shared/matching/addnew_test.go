package matching_test

import (
	"context"
	"testing"

	"github.com/hearthcrm/hearth/shared/matching"
)

// A property that does not add new guests links the guests Hearth knows and creates nobody, writing nothing.
func TestPropertyThatDoesNotAddNewGuests(t *testing.T) {
	t.Parallel()
	closed := map[string]bool{"hh-lisbon": true}
	f := newFixture(t, func(o *matching.Options) {
		o.AddNew = func(_ context.Context, propertyID string) (bool, error) { return !closed[propertyID], nil }
	})
	before := f.db.Calls.Snapshot()
	res := f.match(t, reservation(t, "opera", "R-1", ann, f.clock.Now()))
	if res.Outcome != matching.NotAdded || res.GuestID != "" || res.Envelope.GuestID != "" || len(res.Events) != 0 {
		t.Fatalf("unknown guest at a closed property: %s guest %q events %d", res.Outcome, res.GuestID, len(res.Events))
	}
	if calls := f.db.Calls.Since(before); calls["TransactWriteItems"] != 0 {
		t.Fatalf("not adding wrote: %v", calls)
	}

	closed["hh-lisbon"] = false
	known := f.match(t, reservation(t, "protel", "R-2", ann, f.clock.Now()))
	if known.Outcome != matching.Created {
		t.Fatalf("the same guest where properties add guests: %s", known.Outcome)
	}
	closed["hh-lisbon"] = true
	again := f.match(t, reservation(t, "opera", "R-3", ann, f.clock.Now()))
	if again.GuestID != known.GuestID {
		t.Fatalf("a known guest at a closed property: %s guest %q, want linked to %q", again.Outcome, again.GuestID, known.GuestID)
	}
}
