package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/synchealth"
)

func TestHealthCountersAddUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := store.NewHealthStore(openDB(t))
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 4; i++ {
		if err := s.Received(ctx, "pms-1", at.Add(time.Duration(i)*time.Minute), i != 3); err != nil {
			t.Fatal(err)
		}
	}
	for i, lag := range []time.Duration{time.Second / 2, 3 * time.Minute, 2 * time.Hour} {
		if err := s.Matched(ctx, "pms-1", at, i == 1, lag); err != nil {
			t.Fatal(err)
		}
	}
	d, err := s.Day(ctx, "pms-1", "2026-11-24")
	if err != nil {
		t.Fatal(err)
	}
	r := d.Report()
	if d.Received != 4 || d.Accepted != 3 || d.Rejected != 1 || d.Matched != 3 || d.Duplicates != 1 ||
		!d.LastAt.Equal(at.Add(3*time.Minute)) || r.LagP50 != "≤ 5m0s" || r.LagP99 != "≤ 6h0m0s" {
		t.Fatalf("day = %+v, report %+v", d, r)
	}
	if empty, _ := s.Day(ctx, "pms-2", "2026-11-24"); empty.Received != 0 {
		t.Fatalf("unknown source has figures: %+v", empty)
	}
	// The days around it: zeros before and after, the counted day in the middle, one Query.
	days, err := s.Days(ctx, "pms-1", "2026-11-23", "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 3 || days[0].Day != "2026-11-23" || days[0].Received != 0 || days[1].Received != 4 || days[1].Lag[synchealth.Bucket(2*time.Hour)] != 1 || days[2].Day != "2026-11-25" || days[2].Received != 0 {
		t.Fatalf("days = %+v", days)
	}
}
