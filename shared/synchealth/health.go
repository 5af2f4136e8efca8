// Package synchealth measures how each PMS/POS source is doing: messages received, accepted and rejected,
// duplicates, when the last one arrived, and the lag from when something happened at the hotel to when Hearth had
// matched it, as percentiles from a fixed-bucket histogram (cheap to keep as counters, exact enough to alert on).
package synchealth

import (
	"context"
	"time"
)

// Buckets are the histogram's upper bounds; a lag above the last falls in an overflow bucket.
var Buckets = []time.Duration{
	time.Second, 5 * time.Second, 30 * time.Second, time.Minute, 5 * time.Minute, 15 * time.Minute,
	time.Hour, 6 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour,
}

// Bucket returns the histogram bucket of a lag (len(Buckets) is the overflow).
func Bucket(lag time.Duration) int {
	for i, b := range Buckets {
		if lag <= b {
			return i
		}
	}
	return len(Buckets)
}

// Day is a source's figures for one UTC day.
type Day struct {
	Source     string    `json:"source"`
	Day        string    `json:"day"`
	Received   int64     `json:"received"`
	Accepted   int64     `json:"accepted"`
	Rejected   int64     `json:"rejected"`
	Matched    int64     `json:"matched"`
	Duplicates int64     `json:"duplicates"`
	LastAt     time.Time `json:"lastMessageAt,omitzero"`
	Lag        []int64   `json:"lagHistogram"` // counts per bucket, overflow last
}

// Report is a day's figures with derived rates and lag percentiles.
type Report struct {
	Day
	ErrorRate     float64 `json:"errorRate"`
	DuplicateRate float64 `json:"duplicateRate"`
	LagP50        string  `json:"lagP50"`
	LagP95        string  `json:"lagP95"`
	LagP99        string  `json:"lagP99"`
	// LagSeconds are the same percentiles as numbers for charts: the bucket's upper bound in seconds (for the
	// overflow, the last bound: the lag was at least that). Absent without data.
	LagSeconds *Percentiles `json:"lagSeconds,omitempty"`
}

// Percentiles are lag percentiles in seconds.
type Percentiles struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
}

// Report derives rates and percentiles. A percentile is the upper bound of the bucket it falls in ("> 168h0m0s"
// for the overflow), "" without data.
func (d Day) Report() Report {
	r := Report{Day: d}
	if d.Received > 0 {
		r.ErrorRate = float64(d.Rejected) / float64(d.Received)
	}
	if d.Matched > 0 {
		r.DuplicateRate = float64(d.Duplicates) / float64(d.Matched)
	}
	p50, p95, p99 := d.bucket(50), d.bucket(95), d.bucket(99)
	r.LagP50, r.LagP95, r.LagP99 = label(p50), label(p95), label(p99)
	if p50 >= 0 {
		r.LagSeconds = &Percentiles{P50: seconds(p50), P95: seconds(p95), P99: seconds(p99)}
	}
	return r
}

// bucket is the histogram bucket the p-th percentile falls in, -1 without data.
func (d Day) bucket(p int64) int {
	var total int64
	for _, n := range d.Lag {
		total += n
	}
	if total == 0 {
		return -1
	}
	rank := (total*p + 99) / 100 // the smallest count covering p percent
	var seen int64
	for i, n := range d.Lag {
		seen += n
		if seen >= rank {
			return i
		}
	}
	return -1
}

func label(bucket int) string {
	switch {
	case bucket < 0:
		return ""
	case bucket >= len(Buckets):
		return "> " + Buckets[len(Buckets)-1].String()
	}
	return "≤ " + Buckets[bucket].String()
}

func seconds(bucket int) float64 {
	return Buckets[min(bucket, len(Buckets)-1)].Seconds()
}

// Recorder counts; implementations add to per-day counters atomically.
type Recorder interface {
	// Received counts a message from source and whether it was accepted.
	Received(ctx context.Context, source string, at time.Time, accepted bool) error
	// Matched counts a matched message, whether it was a duplicate, and its lag.
	Matched(ctx context.Context, source string, at time.Time, duplicate bool, lag time.Duration) error
	Day(ctx context.Context, source, day string) (Day, error)
}
