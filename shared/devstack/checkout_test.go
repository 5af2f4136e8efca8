package devstack_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// setCheckOut turns a property's check-out switches on or off through the API, as a hotel's admin would.
func setCheckOut(t *testing.T, c *client, propertyID string, rules map[string]bool) {
	t.Helper()
	p := c.do(ana, "GET", "/v1/properties/"+propertyID, "", 200)
	p["checkOut"] = rules
	body, _ := json.Marshal(p)
	c.do(ana, "PUT", "/v1/properties/"+propertyID, string(body), 200)
	if got := c.do(ana, "GET", "/v1/properties/"+propertyID, "", 200)["checkOut"]; len(rules) > 0 && got == nil {
		t.Fatalf("%s check-out rules were not kept: %v", propertyID, got)
	}
}

// TestPropertyThatDoesNotAddNewGuests: its check-outs link guests Hearth knows and create nobody new.
func TestPropertyThatDoesNotAddNewGuests(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	setCheckOut(t, c, "hh-london", map[string]bool{"doNotAddNewGuests": true})
	checkout, err := os.ReadFile("../ingest/testdata/json/check_out.json")
	if err != nil {
		t.Fatal(err)
	}
	// The same person's stays in London (two reservations) and Lisbon.
	london := func(n string) []byte {
		return []byte(strings.NewReplacer(`"R-88123"`, `"L-`+n+`"`, `"S-88123"`, `"LS-`+n+`"`, `"P-5521"`, `"LON-`+n+`"`).Replace(string(checkout)))
	}
	now := time.Now()
	for i, d := range []struct {
		path string
		body []byte
	}{
		{"/ingest/hh-london-pms/checkout", london("1")}, // nobody known yet: not added
		{"/ingest/hh-lisbon-pms/checkout", checkout},    // Lisbon adds guests: created
	} {
		source := strings.Split(d.path, "/")[2]
		if status := signedPost(t, c, d.path, c.st.Sources[source], d.body, now.Add(time.Duration(i)*time.Second)); status != http.StatusAccepted {
			t.Fatalf("delivery %d: %d", i, status)
		}
		c.drain()
	}
	if status := signedPost(t, c, "/ingest/hh-london-pms/checkout", c.st.Sources["hh-london-pms"], london("2"), now.Add(2*time.Second)); status != http.StatusAccepted {
		t.Fatalf("second London stay: %d", status)
	}
	c.drain()

	byReservation := map[string]string{}
	profiles := 0
	for _, raw := range c.do(ana, "GET", "/v1/journal/days/2026-12-22", "", 200)["items"].([]any) {
		e := raw.(map[string]any)
		switch e["type"] {
		case events.TypeStayCheckedOut:
			guest, _ := e["guestId"].(string)
			byReservation[e["data"].(map[string]any)["reservationId"].(string)] = guest
		case events.TypeGuestProfileUpserted:
			profiles++
		}
	}
	lisbon := byReservation["R-88123"]
	if lisbon == "" || byReservation["L-1"] != "" || byReservation["L-2"] != lisbon {
		t.Fatalf("guests by reservation = %v: London must not add the new guest but must link the known one", byReservation)
	}
	if dead := c.do(ana, "GET", "/v1/ops/queues/ingest/dead-letters", "", 200)["items"].([]any); len(dead) != 0 {
		t.Fatalf("dead letters: %v", dead)
	}
}

// TestPropertyThatDoesNotAwardPoints: a member's stay there earns nothing, the statement says why, and the points
// can never be regained: not by a redelivery, nor by a replay after the switch is turned off. Other stays still earn.
func TestPropertyThatDoesNotAwardPoints(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	setCheckOut(t, c, "hh-lisbon", map[string]bool{"doNotAwardPoints": true})
	c.do(ana, "PUT", "/v1/guests/G-NOPTS/profile", `{"name":{"last":"Nopts"},"properties":["hh-lisbon"]}`, 200)
	c.do(ana, "POST", "/v1/guests/G-NOPTS/membership", "", 201)
	stay := strings.NewReplacer(`"guestId": "G-01JD4Y"`, `"guestId": "G-NOPTS"`).Replace(string(fixture(t, "stay_checked_out")))
	c.do(ana, "POST", "/v1/events", stay, 202)
	c.do(ana, "POST", "/v1/events", stay, 202) // redelivered
	c.drain()
	m := c.do(ana, "GET", "/v1/guests/G-NOPTS/membership", "", 200)
	withheld := 0.0
	for _, raw := range m["statement"].([]any) {
		e := raw.(map[string]any)
		if e["kind"] != "skip" || e["amount"] != 0.0 {
			t.Fatalf("statement entry %v: a stay at a property that does not award points earned", e)
		}
		withheld += e["withheld"].(float64)
	}
	const perStay = 6870 + 1072 + 250
	if m["balance"] != 0.0 || withheld != perStay {
		t.Fatalf("membership = %v; want balance 0 and %d points withheld", m, perStay)
	}

	setCheckOut(t, c, "hh-lisbon", map[string]bool{})
	c.do(ana, "POST", "/v1/events", stay, 202) // replayed after the switch is off
	next := strings.NewReplacer(`"S-88123"`, `"S-77"`, `"R-88123"`, `"R-77"`, `"id": "01JD4Y3Q7W5E9K2M8N6P0R1S2T"`, `"id": "01JD4Y3Q7W5E9K2M8N6P0R1S77"`,
		`stay_checked_out/0001`, `stay_checked_out/0077`).Replace(stay)
	c.do(ana, "POST", "/v1/events", next, 202)
	c.drain()
	if got := c.do(ana, "GET", "/v1/guests/G-NOPTS/membership", "", 200)["balance"]; got != float64(perStay) {
		t.Fatalf("balance = %v, want %d: only the stay after the switch was turned off earns", got, perStay)
	}
}

// TestClosingAProperty: a property is closed (the hierarchy's delete) and keeps its history; closing again is
// the same close; saving it without a closing day reopens it.
func TestClosingAProperty(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	closed := c.do(paul, "DELETE", "/v1/properties/hh-lisbon?closedOn=2026-12-31", "", 200)
	if closed["closedOn"] != "2026-12-31" {
		t.Fatalf("closed = %v", closed)
	}
	if again := c.do(paul, "DELETE", "/v1/properties/hh-lisbon", "", 200); again["closedOn"] != "2026-12-31" {
		t.Fatalf("closing twice moved the day: %v", again)
	}
	if code := errorCode(c.do(paul, "DELETE", "/v1/properties/hh-london?closedOn=31/12", "", 403)); code != "forbidden" {
		t.Errorf("another property: %q", code)
	}
	if at := invalidAt(c.do(ana, "DELETE", "/v1/properties/hh-london?closedOn=31/12", "", 400)); at != "query closedOn" {
		t.Errorf("a bad day: %q", at)
	}
	tree, _ := json.Marshal(c.do(ana, "GET", "/v1/hierarchy", "", 200))
	if !strings.Contains(string(tree), `"closedOn":"2026-12-31"`) {
		t.Fatalf("the hierarchy does not show the closed property: %s", tree)
	}
	p := c.do(ana, "GET", "/v1/properties/hh-lisbon", "", 200)
	delete(p, "closedOn")
	body, _ := json.Marshal(p)
	c.do(paul, "PUT", "/v1/properties/hh-lisbon", string(body), 200)
	if p := c.do(ana, "GET", "/v1/properties/hh-lisbon", "", 200); p["closedOn"] != nil {
		t.Fatalf("saving without closedOn did not reopen: %v", p)
	}
}
