package synchealth_test

import (
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/synchealth"
)

func TestPercentilesFromBuckets(t *testing.T) {
	t.Parallel()
	d := synchealth.Day{Received: 200, Rejected: 10, Matched: 190, Duplicates: 19, Lag: make([]int64, len(synchealth.Buckets)+1)}
	// 90 within a second, 8 within 5 minutes, 2 after a week.
	d.Lag[synchealth.Bucket(300*time.Millisecond)] += 90
	d.Lag[synchealth.Bucket(4*time.Minute)] += 8
	d.Lag[synchealth.Bucket(9*24*time.Hour)] += 2
	r := d.Report()
	if r.LagP50 != "≤ 1s" || r.LagP95 != "≤ 5m0s" || r.LagP99 != "> 168h0m0s" {
		t.Fatalf("percentiles = %s %s %s", r.LagP50, r.LagP95, r.LagP99)
	}
	if want := (synchealth.Percentiles{P50: 1, P95: 300, P99: 7 * 24 * 3600}); r.LagSeconds == nil || *r.LagSeconds != want {
		t.Fatalf("percentiles in seconds = %+v, want %+v", r.LagSeconds, want)
	}
	if r.ErrorRate != 0.05 || r.DuplicateRate != 0.1 {
		t.Fatalf("rates = %v %v", r.ErrorRate, r.DuplicateRate)
	}
	if r := (synchealth.Day{}).Report(); r.LagP50 != "" || r.LagSeconds != nil {
		t.Fatal("a day without data has a percentile")
	}
}
