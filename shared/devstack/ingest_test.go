package devstack_test

import (
	"encoding/hex"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/intake"
)

// signedPost delivers a message as a PMS would.
func signedPost(t *testing.T, c *client, path, secret string, body []byte, at time.Time) int {
	t.Helper()
	ts := strconv.FormatInt(at.Unix(), 10)
	req, _ := http.NewRequest("POST", c.url+path, strings.NewReader(string(body)))
	req.Header.Set("X-Hearth-Timestamp", ts)
	req.Header.Set("X-Hearth-Signature", "v1="+hex.EncodeToString(intake.Sign([]byte(secret), ts, body)))
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out := readAll(resp)
	if resp.StatusCode >= 300 {
		t.Logf("%s: %d %s", path, resp.StatusCode, out)
	}
	return resp.StatusCode
}

// TestPMSMessagesReachTheJournalWithTheirGuest sends stays from two hotels' PMSs about one guest, twice each and
// out of order: every event reaches the bus once per idempotency key, all carrying the same golden guest id.
func TestPMSMessagesReachTheJournalWithTheirGuest(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	checkout, err := os.ReadFile("../ingest/testdata/json/check_out.json")
	if err != nil {
		t.Fatal(err)
	}
	checkin, _ := os.ReadFile("../ingest/testdata/json/check_in.json")
	london := strings.NewReplacer(`"R-88123"`, `"L-5001"`, `"S-88123"`, `"LS-5001"`, `"P-5521"`, `"LON-77"`).Replace(string(checkout))
	now := time.Now()
	deliveries := []struct {
		path string
		body []byte
	}{
		{"/ingest/hh-lisbon-pms/checkout", checkout},
		{"/ingest/hh-london-pms/checkout", []byte(london)},
		{"/ingest/hh-lisbon-pms/checkin", checkin},
		{"/ingest/hh-lisbon-pms/checkout", checkout}, // resent
		{"/ingest/hh-london-pms/checkout", []byte(london)},
	}
	for i, d := range deliveries {
		source := strings.Split(d.path, "/")[2]
		if status := signedPost(t, c, d.path, c.st.Sources[source], d.body, now.Add(time.Duration(i)*time.Second)); status != http.StatusAccepted {
			t.Fatalf("delivery %d: %d", i, status)
		}
	}
	if status := signedPost(t, c, "/ingest/hh-lisbon-pms/checkout", "not-the-secret", checkout, now); status != http.StatusUnauthorized {
		t.Fatalf("unsigned delivery: %d", status)
	}
	c.drain()
	guests := map[string]int{}
	types := map[string]int{}
	for _, day := range []string{"2026-12-18", "2026-12-22", time.Now().UTC().Format(time.DateOnly)} {
		for _, raw := range c.do(ana, "GET", "/v1/journal/days/"+day, "", 200)["items"].([]any) {
			e := raw.(map[string]any)
			types[e["type"].(string)]++
			if e["type"] != events.TypeGuestProfileUpserted {
				guests[e["guestId"].(string)]++
			}
		}
	}
	if len(guests) != 1 || guests[""] != 0 {
		t.Fatalf("events by guest = %v, want one guest for both hotels", guests)
	}
	if types[events.TypeStayCheckedOut] != 2 || types[events.TypeStayCheckedIn] != 1 {
		t.Fatalf("journalled events by type = %v", types)
	}
	// Sync health at Lisbon: three deliveries accepted (the refused signature is not counted); the resent
	// check-out was absorbed by the FIFO queue's deduplication, so two were matched. The samples happen in the
	// future, so their lag counts as none.
	today := time.Now().UTC().Format(time.DateOnly)
	h := c.do(ana, "GET", "/v1/sources/hh-lisbon-pms/health?day="+today, "", 200)["health"].(map[string]any)
	if h["received"] != 3.0 || h["accepted"] != 3.0 || h["rejected"] != 0.0 || h["matched"] != 2.0 || h["lastMessageAt"] == nil || h["lagP99"] != "≤ 1s" {
		t.Fatalf("lisbon health = %v", h)
	}
	// A check-in that happened ten minutes ago: its lag lands in the 15-minute bucket.
	late := strings.NewReplacer(`"R-88123"`, `"R-LATE"`, `"S-88123"`, `"S-LATE"`, `"2026-12-18T15:21:50+00:00"`,
		`"`+time.Now().Add(-10*time.Minute).UTC().Format(time.RFC3339)+`"`).Replace(string(checkin))
	if status := signedPost(t, c, "/ingest/hh-london-pms/checkin", c.st.Sources["hh-london-pms"], []byte(late), now.Add(10*time.Second)); status != http.StatusAccepted {
		t.Fatalf("late check-in: %d", status)
	}
	c.drain()
	h = c.do(ana, "GET", "/v1/sources/hh-london-pms/health?day="+today, "", 200)["health"].(map[string]any)
	if h["lagP99"] != "≤ 15m0s" || h["matched"] != 2.0 {
		t.Fatalf("london health = %v", h)
	}
	// The last fortnight day by day: today carries the same figures and the late check-in's lag in seconds;
	// the days before are zeros.
	series := c.do(ana, "GET", "/v1/sources/hh-london-pms/health/days", "", 200)
	days := series["days"].([]any)
	last := days[len(days)-1].(map[string]any)
	if len(days) != 14 || series["to"] != today || last["day"] != today || last["matched"] != 2.0 ||
		last["lagSeconds"].(map[string]any)["p99"] != 900.0 || days[0].(map[string]any)["received"] != 0.0 {
		t.Fatalf("london's fortnight = %v", series)
	}
	c.do(ana, "GET", "/v1/sources/hh-london-pms/health/days?from=2026-01-01&to=2026-12-31", "", 400)
	if at := invalidAt(c.do(ana, "GET", "/v1/sources/hh-lisbon-pms/health?day=yesterday", "", 400)); at != "query day" {
		t.Fatalf("bad day: %q", at)
	}
	for _, q := range c.do(ana, "GET", "/v1/ops/queues", "", 200)["queues"].([]any) {
		if q := q.(map[string]any); q["dead"] != 0.0 {
			t.Fatalf("dead letters: %v", q)
		}
	}
}
