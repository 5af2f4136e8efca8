package metrics

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// Each line is a valid EMF document: the metric names it declares are top-level values, with the dimension.
func TestLinesAreEmbeddedMetricFormat(t *testing.T) {
	var buf bytes.Buffer
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	e := NewEMF(&buf, func() time.Time { return at })
	e.Received("hh-lisbon-pms", false)
	e.Matched("hh-lisbon-pms", true, 1500*time.Millisecond)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		var doc map[string]any
		if err := json.Unmarshal([]byte(l), &doc); err != nil {
			t.Fatal(err)
		}
		aws := doc["_aws"].(map[string]any)
		if aws["Timestamp"] != float64(at.UnixMilli()) || doc["Source"] != "hh-lisbon-pms" {
			t.Fatalf("line %s", l)
		}
		cw := aws["CloudWatchMetrics"].([]any)[0].(map[string]any)
		if cw["Namespace"] != Namespace {
			t.Fatalf("namespace %v", cw["Namespace"])
		}
		for _, m := range cw["Metrics"].([]any) {
			if _, ok := doc[m.(map[string]any)["Name"].(string)]; !ok {
				t.Fatalf("declared metric %v has no value in %s", m, l)
			}
		}
	}
	if !strings.Contains(lines[0], `"Rejected":1`) || !strings.Contains(lines[1], `"LagMs":1500`) || !strings.Contains(lines[1], `"Duplicates":1`) {
		t.Fatalf("values: %s", buf.String())
	}
}
