package devstack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// reservationEvent is the fixture reservation, re-aimed at a guest and reservation with a status and dates.
func reservationEvent(t *testing.T, n int, guestID, reservation, status, arrival, departure string, at time.Time) string {
	t.Helper()
	var env map[string]any
	if err := json.Unmarshal(fixture(t, "reservation_upserted"), &env); err != nil {
		t.Fatal(err)
	}
	env["id"] = fmt.Sprintf("01JD4Y3Q7W5E9K2M8N6P0RA%03d", n)
	env["idempotencyKey"] = fmt.Sprintf("resv/%d", n)
	env["occurredAt"] = at.UTC().Format(time.RFC3339)
	env["guestId"] = guestID
	d := env["data"].(map[string]any)
	d["reservationId"], d["status"], d["arrival"], d["departure"] = reservation, status, arrival, departure
	b, _ := json.Marshal(env)
	return string(b)
}

// TestArrivalsDossier: reservations booked, moved, cancelled and redelivered out of order keep the arrivals list
// right; the dossier shows each guest with allergies first, this property's notes and preferences, their history,
// VIPs first, and prints.
func TestArrivalsDossier(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "PUT", "/v1/guests/G-VIP/profile", `{"name":{"first":"Vera","last":"Importante"},"properties":["hh-lisbon"],
		"vip":{"level":3,"tags":["press"]},
		"dietary":[{"kind":"diet","item":"vegetarian"},{"kind":"allergy","item":"shellfish","severity":"mild"},{"kind":"allergy","item":"peanuts","severity":"severe"}],
		"preferences":[{"category":"pillow","value":"feather-free"},{"category":"floor","value":"high","propertyId":"hh-london"}],
		"notes":[{"scope":"property","propertyId":"hh-lisbon","text":"Prefers the river view"},{"scope":"property","propertyId":"hh-london","text":"London only"}]}`, 200)
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for _, e := range []string{
		reservationEvent(t, 1, "G-PLAIN", "R-1", "booked", "2026-12-18", "2026-12-20", t0),
		reservationEvent(t, 2, "G-VIP", "R-2", "booked", "2026-12-17", "2026-12-19", t0),
		reservationEvent(t, 4, "G-VIP", "R-2", "modified", "2026-12-18", "2026-12-21", t0.Add(2*time.Hour)), // moved a day
		reservationEvent(t, 3, "G-VIP", "R-2", "modified", "2026-12-19", "2026-12-22", t0.Add(time.Hour)),   // older, late
		reservationEvent(t, 5, "G-GONE", "R-3", "booked", "2026-12-18", "2026-12-19", t0),
		reservationEvent(t, 6, "G-GONE", "R-3", "cancelled", "2026-12-18", "2026-12-19", t0.Add(time.Hour)),
	} {
		c.do(ana, "POST", "/v1/events", e, 202)
		c.drain()
	}
	d, err := c.st.App.Dossier(context.Background(), "hh-lisbon", "2026-12-17", "2026-12-19")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Entries) != 2 || d.Entries[0].ReservationID != "R-2" || d.Entries[1].ReservationID != "R-1" {
		t.Fatalf("dossier entries = %+v", d.Entries)
	}
	vip := d.Entries[0]
	if vip.Arrival.Arrival != "2026-12-18" || vip.Name != "Vera Importante" || len(vip.Allergies) != 2 || vip.Allergies[0].Item != "peanuts" ||
		len(vip.Preferences) != 1 || len(vip.Notes) != 1 || vip.Notes[0].Text != "Prefers the river view" {
		t.Fatalf("VIP entry = %+v", vip)
	}
	if _, err := c.st.App.Dossier(context.Background(), "hh-lisbon", "2026-12-19", "2026-12-01"); err == nil {
		t.Fatal("a backwards range was accepted")
	}
	if doc := d.PDF("Harbour Lisbon"); !bytes.HasPrefix(doc, []byte("%PDF-")) || !bytes.Contains(doc, []byte("ALLERGY: PEANUTS SEVERE")) {
		t.Fatalf("printable dossier lacks the allergy: %.200q", doc)
	}
	// Through the API, as the property's manager: JSON and the printable file; another hotel's list is refused.
	got := c.do(paul, "GET", "/v1/properties/hh-lisbon/arrivals?from=2026-12-17&to=2026-12-19", "", 200)
	if entries := got["entries"].([]any); len(entries) != 2 || len(entries[0].(map[string]any)["allergies"].([]any)) != 2 {
		t.Fatalf("arrivals over the API = %v", got)
	}
	if status, doc := c.raw(paul, "GET", "/v1/properties/hh-lisbon/arrivals?from=2026-12-17&to=2026-12-19&format=pdf", ""); status != 200 || !bytes.HasPrefix([]byte(doc), []byte("%PDF-")) {
		t.Fatalf("printable arrivals over the API: %d", status)
	}
	if code := errorCode(c.do(paul, "GET", "/v1/properties/hh-lisbon/arrivals?from=2026-12-19&to=2026-12-01", "", 400)); code != "invalid_range" {
		t.Errorf("a backwards range over the API: %q", code)
	}
	if code := errorCode(c.do(paul, "GET", "/v1/properties/hh-london/arrivals", "", 403)); code != "forbidden" {
		t.Errorf("another hotel's arrivals: %q", code)
	}
}
