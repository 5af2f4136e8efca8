package devstack_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// stayEvent is the fixture check-out, re-aimed: a reservation of a guest ("" for an unmatched stay) at a property,
// checked out at a time, with extra folio charges in EUR minor units.
func stayEvent(t *testing.T, n int, guestID, propertyID, reservation string, at time.Time, extra int64) string {
	t.Helper()
	var env map[string]any
	if err := json.Unmarshal(fixture(t, "stay_checked_out"), &env); err != nil {
		t.Fatal(err)
	}
	env["id"] = fmt.Sprintf("01JD4Y3Q7W5E9K2M8N6P0RC%03d", n)
	env["idempotencyKey"] = fmt.Sprintf("recon/%d", n)
	env["occurredAt"] = at.UTC().Format(time.RFC3339)
	env["propertyId"] = propertyID
	env["brandId"] = brandOf(propertyID)
	if guestID == "" {
		delete(env, "guestId")
	} else {
		env["guestId"] = guestID
	}
	d := env["data"].(map[string]any)
	d["reservationId"], d["stayId"] = reservation, "S-"+reservation
	if extra > 0 {
		d["folio"] = append(d["folio"].([]any), map[string]any{"category": "other", "description": "Minibar (late charge)",
			"amount": map[string]any{"amount": extra, "currency": "EUR"}, "date": "2026-11-20"})
		d["total"].(map[string]any)["amount"] = 90150 + float64(extra)
	}
	b, _ := json.Marshal(env)
	return string(b)
}

// TestReconciliationFindsWhatDoesNotAgree seeds a business day at Lisbon with known mismatches (an unmatched stay,
// a member enrolled after their stay, a folio re-sent after a late charge) next to a clean stay, a Kyoto stay whose
// UTC time falls on the previous UTC day, and a Lisbon stay of the next day; the nightly schedule and an on-demand
// rerun report exactly those.
func TestReconciliationFindsWhatDoesNotAgree(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	const perStay = 6870 + 1072 + 250 // the programme's award for the fixture folio
	const folio = int64(90150)
	c.do(ana, "POST", "/v1/guests/G-R1/membership", "", 201)
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) // Lisbon is on UTC in November
	publish := func(body string) { c.do(ana, "POST", "/v1/events", body, 202) }
	publish(stayEvent(t, 1, "G-R1", "hh-lisbon", "R-1", day.Add(11*time.Hour), 0))    // clean
	publish(stayEvent(t, 2, "", "hh-lisbon", "R-2", day.Add(12*time.Hour), 0))        // matched nobody
	publish(stayEvent(t, 3, "G-R3", "hh-lisbon", "R-3", day.Add(13*time.Hour), 0))    // not yet a member
	publish(stayEvent(t, 4, "G-R4", "hh-lisbon", "R-4", day.Add(14*time.Hour), 0))    // folio ...
	publish(stayEvent(t, 5, "G-R4", "hh-lisbon", "R-4", day.Add(20*time.Hour), 2500)) // ... re-sent with a late charge
	publish(stayEvent(t, 6, "G-R6", "hh-lisbon", "R-6", day.Add(25*time.Hour), 0))    // the next day
	publish(stayEvent(t, 7, "", "ln-kyoto", "K-1", day.Add(-8*time.Hour), 0))         // 01:00 in Kyoto on the 20th
	c.drain()
	c.do(ana, "POST", "/v1/guests/G-R3/membership", "", 201)

	// Before the night run there is nothing to read.
	if code := errorCode(c.do(ana, "GET", "/v1/properties/hh-lisbon/reconciliation/2026-11-20", "", 404)); code != "not_reconciled" {
		t.Fatalf("before the run: %q", code)
	}
	for range 2 { // a redelivered schedule recomputes the same reports
		if err := c.st.Runtime.Fire(context.Background(), schedule(t, "reconciliation"), time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	c.drain()
	r := c.do(alex, "GET", "/v1/properties/hh-lisbon/reconciliation/2026-11-20", "", 200)
	want := map[string]float64{
		"reservations": 4, "folioRevenue": float64(3*folio + folio + 2500), "filedSpend": float64(folio + folio + folio + folio + 2500),
		"pointsExpected": 2 * perStay, "pointsEarned": perStay, "pointsWithheld": 0,
	}
	for k, v := range want {
		if r[k] != v {
			t.Errorf("%s = %v, want %v", k, r[k], v)
		}
	}
	type mismatch struct {
		kind             string
		expected, actual float64
	}
	got := map[string]mismatch{}
	for _, raw := range r["mismatches"].([]any) {
		m := raw.(map[string]any)
		got[m["reservationId"].(string)] = mismatch{m["kind"].(string), m["expected"].(float64), m["actual"].(float64)}
	}
	wantM := map[string]mismatch{
		"R-2": {"no_guest", float64(folio), 0},
		"R-3": {"points_missing", perStay, 0},
		"R-4": {"spend_differs", float64(folio + 2500), float64(2*folio + 2500)},
	}
	if len(got) != len(wantM) {
		t.Errorf("mismatches = %v, want %v", got, wantM)
	}
	for id, w := range wantM {
		if got[id] != w {
			t.Errorf("%s: %+v, want %+v", id, got[id], w)
		}
	}
	if r["timeZone"] != "Europe/Lisbon" || r["currency"] != "EUR" {
		t.Errorf("report header = %v %v", r["timeZone"], r["currency"])
	}

	kyoto := c.do(ana, "GET", "/v1/properties/ln-kyoto/reconciliation/2026-11-20", "", 200)
	if kyoto["reservations"] != 1.0 || len(kyoto["mismatches"].([]any)) != 1 {
		t.Errorf("Kyoto's 20th = %v, want its one unmatched stay", kyoto)
	}

	// Points awarded by hand after the report: an on-demand rerun sees them.
	c.do(ana, "POST", "/v1/guests/G-R3/membership/adjustments", `{"points":500,"reason":"goodwill for R-3","reference":"claim-R3"}`, 201)
	again := c.do(paul, "POST", "/v1/properties/hh-lisbon/reconciliation/2026-11-20", "", 200)
	if len(again["mismatches"].([]any)) != 3 {
		t.Errorf("a manual adjustment is not the stay's award: the rerun still lists R-3: %v", again["mismatches"])
	}
	if at := invalidAt(c.do(paul, "POST", "/v1/properties/hh-lisbon/reconciliation/20-11-2026", "", 400)); at != "path day" {
		t.Errorf("a bad day: %q", at)
	}
	if code := errorCode(c.do(paul, "GET", "/v1/properties/hh-london/reconciliation/2026-11-20", "", 403)); code != "forbidden" {
		t.Errorf("another property's report: %q", code)
	}
}
