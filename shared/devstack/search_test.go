package devstack_test

import (
	"net/http"
	"os"
	"testing"
	"time"
)

// TestSearchingGuests finds a guest by a name prefix (accents ignored), email, phone and reservation number, from
// the console profile and from PMS messages, only within the caller's properties.
func TestSearchingGuests(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "PUT", "/v1/guests/G-SEEK/profile", `{"name":{"first":"José","last":"Saramago"},"properties":["hh-lisbon"],
		"contacts":[{"type":"email","value":"jose.saramago@example.pt"},{"type":"mobile","value":"+351912000111"}]}`, 200)
	checkout, err := os.ReadFile("../ingest/testdata/json/check_out.json")
	if err != nil {
		t.Fatal(err)
	}
	if status := signedPost(t, c, "/ingest/hh-lisbon-pms/checkout", c.st.Sources["hh-lisbon-pms"], checkout, time.Now()); status != http.StatusAccepted {
		t.Fatalf("webhook: %d", status)
	}
	c.drain()
	find := func(user, q string) []any {
		return c.do(user, "GET", "/v1/guests?q="+q, "", 200)["guests"].([]any)
	}
	for _, q := range []string{"sara", "JOSE", "jose.saramago%40example.pt", "%2B351%20912%20000"} {
		if got := find(paul, q); len(got) != 1 || got[0].(map[string]any)["guestId"] != "G-SEEK" {
			t.Errorf("%q as Lisbon's manager: %v", q, got)
		}
	}
	if got := find(paul, "sousa"); len(got) != 1 || got[0].(map[string]any)["name"] == "" {
		t.Errorf("the PMS guest by name: %v", got)
	}
	if got := find(mia, "sara"); len(got) != 0 {
		t.Errorf("a marketer of the other brand sees %v", got)
	}
	if code := errorCode(c.do(ana, "GET", "/v1/guests?q=s", "", 400)); code != "invalid_search" {
		t.Errorf("a one-letter search: %q", code)
	}
}

// TestUnknownGuestProfileIsNotFound: a profile nobody created is a 404 with a code, not a server error.
func TestUnknownGuestProfileIsNotFound(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	if code := errorCode(c.do(ana, "GET", "/v1/guests/G-NOBODY/profile", "", 404)); code != "not_found" {
		t.Fatalf("unknown profile: %q", code)
	}
}
