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
	r.LagP50, r.LagP95, r.LagP99 = d.percentile(50), d.percentile(95), d.percentile(99)
	return r
}

func (d Day) percentile(p int64) string {
	var total int64
	for _, n := range d.Lag {
		total += n
	}
	if total == 0 {
		return ""
	}
	rank := (total*p + 99) / 100 // the smallest count covering p percent
	var seen int64
	for i, n := range d.Lag {
		seen += n
		if seen >= rank {
			if i >= len(Buckets) {
				return "> " + Buckets[len(Buckets)-1].String()
			}
			return "≤ " + Buckets[i].String()
		}
	}
	return ""
}

// Recorder counts; implementations add to per-day counters atomically.
type Recorder interface {
	// Received counts a message from source and whether it was accepted.
	Received(ctx context.Context, source string, at time.Time, accepted bool) error
	// Matched counts a matched message, whether it was a duplicate, and its lag.
	Matched(ctx context.Context, source string, at time.Time, duplicate bool, lag time.Duration) error
	Day(ctx context.Context, source, day string) (Day, error)
}
