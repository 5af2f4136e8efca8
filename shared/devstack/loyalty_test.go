package devstack_test

import (
	"os"
	"strings"
	"testing"
)

// TestMembersEarnOncePerStay enrols a guest, checks them out twice over (a redelivered event) and once more at
// another hotel, and reads the statement: each stay earns once, by the programme's rules, pending until it can no
// longer be cancelled.
func TestMembersEarnOncePerStay(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "PUT", "/v1/guests/G-LOYAL/profile", `{"name":{"last":"Loyal"},"properties":["hh-lisbon"]}`, 200)
	if code := errorCode(c.do(ana, "GET", "/v1/guests/G-LOYAL/membership", "", 404)); code != "not_member" {
		t.Fatalf("before enrolment: %q", code)
	}
	m := c.do(ana, "POST", "/v1/guests/G-LOYAL/membership", "", 201)
	again := c.do(ana, "POST", "/v1/guests/G-LOYAL/membership", "", 201)
	if m["number"] == "" || again["number"] != m["number"] || m["tier"] != "member" {
		t.Fatalf("enrolment = %v, again %v", m, again)
	}
	stay := strings.NewReplacer(`"guestId": "G-01JD4Y"`, `"guestId": "G-LOYAL"`).Replace(string(fixture(t, "stay_checked_out")))
	c.do(ana, "POST", "/v1/events", stay, 202)
	c.do(ana, "POST", "/v1/events", stay, 202) // redelivered
	other := strings.NewReplacer(`"S-88123"`, `"S-99"`, `"R-88123"`, `"R-99"`, `"id": "01JD4Y3Q7W5E9K2M8N6P0R1S2T"`, `"id": "01JD4Y3Q7W5E9K2M8N6P0R1S99"`,
		`stay_checked_out/0001`, `stay_checked_out/0099`).Replace(stay)
	c.do(ana, "POST", "/v1/events", other, 202)
	c.drain()
	got := c.do(ana, "GET", "/v1/guests/G-LOYAL/membership", "", 200)
	// Per stay: room 687.00 EUR × 10 = 6870, dining and spa 214.50 EUR × 5 = 1072, stay bonus 250.
	const perStay = 6870 + 1072 + 250
	if got["balance"] != float64(2*perStay) || len(got["statement"].([]any)) != 6 {
		t.Fatalf("membership = %v, want %d points from 6 entries", got, 2*perStay)
	}
	if got["available"].(float64)+got["pending"].(float64) != float64(2*perStay) {
		t.Fatalf("available %v + pending %v != balance", got["available"], got["pending"])
	}
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../events/testdata/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}
