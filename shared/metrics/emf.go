// Package metrics emits CloudWatch metrics in the Embedded Metric Format: one JSON log line per observation, which
// CloudWatch Logs turns into metrics. A Lambda makes no API call for them (no latency, no PutMetricData grant),
// and the numbers are in the function's logs too.
package metrics

import (
	"encoding/json"
	"io"
	"sync"
	"time"
)

// Namespace is where Hearth's ingestion metrics live.
const Namespace = "Hearth/Ingestion"

// EMF writes metric lines to w (a Lambda's stdout).
type EMF struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

// NewEMF returns an emitter writing to w.
func NewEMF(w io.Writer, now func() time.Time) *EMF {
	if now == nil {
		now = time.Now
	}
	return &EMF{w: w, now: now}
}

type metric struct {
	Name string `json:"Name"`
	Unit string `json:"Unit"`
}

// emit writes one line: the values keyed by metric name, dimensioned by Source.
func (e *EMF) emit(source string, metrics []metric, values map[string]any) {
	line := map[string]any{
		"_aws": map[string]any{
			"Timestamp": e.now().UnixMilli(),
			"CloudWatchMetrics": []map[string]any{{
				"Namespace": Namespace, "Dimensions": [][]string{{"Source"}}, "Metrics": metrics,
			}},
		},
		"Source": source,
	}
	for k, v := range values {
		line[k] = v
	}
	b, err := json.Marshal(line)
	if err != nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	_, _ = e.w.Write(append(b, '\n')) // metrics are best effort: a lost line must not fail a message
}

func boolCount(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Received counts an authenticated message from a source, accepted or rejected.
func (e *EMF) Received(source string, accepted bool) {
	e.emit(source, []metric{{"Received", "Count"}, {"Rejected", "Count"}},
		map[string]any{"Received": 1, "Rejected": boolCount(!accepted)})
}

// Matched counts a message resolved to its guest, its lag from occurrence to processing and whether it was a
// duplicate delivery.
func (e *EMF) Matched(source string, duplicate bool, lag time.Duration) {
	e.emit(source, []metric{{"Matched", "Count"}, {"Duplicates", "Count"}, {"LagMs", "Milliseconds"}},
		map[string]any{"Matched": 1, "Duplicates": boolCount(duplicate), "LagMs": max(lag.Milliseconds(), 0)})
}
