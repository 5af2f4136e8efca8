package devstack_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestEditingTheProgramme: a loyalty manager doubles the room rate; stays earn by the new rules at once; a stale
// or invalid programme is refused and changes nothing.
func TestEditingTheProgramme(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	cur := c.do(ana, "GET", "/v1/loyalty/programme", "", 200)
	p := cur["programme"].(map[string]any)
	for _, raw := range p["earning"].(map[string]any)["rules"].([]any) {
		if r := raw.(map[string]any); r["id"] == "room" {
			r["rates"].(map[string]any)["EUR"].(map[string]any)["points"] = 20.0
		}
	}
	body, _ := json.Marshal(map[string]any{"version": cur["version"], "programme": p})
	saved := c.do(ana, "PUT", "/v1/loyalty/programme", string(body), 200)
	if saved["version"] != 1.0 || saved["updatedBy"] != ana {
		t.Fatalf("saved = %v", saved)
	}
	if code := errorCode(c.do(ana, "PUT", "/v1/loyalty/programme", string(body), 409)); code != "version_mismatch" {
		t.Errorf("a stale edit: %q", code)
	}
	p["tiers"] = map[string]any{"tiers": []any{}}
	bad, _ := json.Marshal(map[string]any{"version": 1, "programme": p})
	if code := errorCode(c.do(ana, "PUT", "/v1/loyalty/programme", string(bad), 400)); code != "invalid_programme" {
		t.Errorf("a programme without tiers: %q", code)
	}
	if code := errorCode(c.do(ben, "PUT", "/v1/loyalty/programme", string(bad), 403)); code != "forbidden" {
		t.Errorf("a brand loyalty manager editing the group's programme: %q", code)
	}

	c.do(ana, "POST", "/v1/guests/G-RATE/membership", "", 201)
	stay := strings.NewReplacer(`"guestId": "G-01JD4Y"`, `"guestId": "G-RATE"`).Replace(string(fixture(t, "stay_checked_out")))
	c.do(ana, "POST", "/v1/events", stay, 202)
	c.drain()
	// Room 687.00 EUR × 20 = 13740, dining and spa 214.50 × 5 = 1072, stay bonus 250.
	if got := c.do(ana, "GET", "/v1/guests/G-RATE/membership", "", 200)["balance"]; got != float64(13740+1072+250) {
		t.Fatalf("balance = %v, want the new rate's award", got)
	}
}

// TestEnrolmentAfterAFirstStay: a programme that enrols only guests who have stayed refuses a guest without a
// completed stay, and enrols them once Guest 360 has filed one.
func TestEnrolmentAfterAFirstStay(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	cur := c.do(ana, "GET", "/v1/loyalty/programme", "", 200)
	p := cur["programme"].(map[string]any)
	p["enrolment"] = map[string]any{"requireStay": true}
	body, _ := json.Marshal(map[string]any{"version": cur["version"], "programme": p})
	c.do(ana, "PUT", "/v1/loyalty/programme", string(body), 200)
	if code := errorCode(c.do(ana, "POST", "/v1/guests/G-FIRST/membership", "", 409)); code != "stay_required" {
		t.Fatalf("enrolling a guest who never stayed: %q", code)
	}
	stay := strings.NewReplacer(`"guestId": "G-01JD4Y"`, `"guestId": "G-FIRST"`).Replace(string(fixture(t, "stay_checked_out")))
	c.do(ana, "POST", "/v1/events", stay, 202)
	c.drain()
	if m := c.do(ana, "POST", "/v1/guests/G-FIRST/membership", "", 201); m["number"] == "" {
		t.Fatalf("enrolment after a stay: %v", m)
	}
}
