package devstack_test

import (
	"context"
	"os"
	"time"

	"strings"
	"testing"

	"github.com/hearthcrm/hearth/infra/topology"
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

// TestAdjustmentsAboveTheLimitWaitForASecondPerson: a loyalty manager's small adjustment posts at once; a large one
// waits for someone else's approval and posts only when approved; a rejected one posts nothing. Redemptions never
// overdraw.
func TestAdjustmentsAboveTheLimitWaitForASecondPerson(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "PUT", "/v1/guests/G-ADJ/profile", `{"name":{"last":"Adj"},"properties":["hh-lisbon"]}`, 200)
	c.do(ana, "POST", "/v1/guests/G-ADJ/membership", "", 201)
	balance := func() float64 { return c.do(ana, "GET", "/v1/guests/G-ADJ/membership", "", 200)["balance"].(float64) }

	if out := c.do(ben, "POST", "/v1/guests/G-ADJ/membership/adjustments", `{"points":800,"reason":"noisy room","reference":"a1"}`, 201); out["status"] != "posted" {
		t.Fatalf("small adjustment = %v", out)
	}
	c.do(ben, "POST", "/v1/guests/G-ADJ/membership/adjustments", `{"points":800,"reason":"noisy room","reference":"a1"}`, 201) // retried
	if balance() != 800 {
		t.Fatalf("balance after a retried small adjustment = %v, want 800", balance())
	}
	big := c.do(ben, "POST", "/v1/guests/G-ADJ/membership/adjustments", `{"points":5000,"reason":"lost booking","reference":"a2"}`, 202)
	if big["status"] != "pending_approval" {
		t.Fatalf("large adjustment = %v", big)
	}
	id := big["approval"].(map[string]any)["id"].(string)
	c.drain()
	if balance() != 800 {
		t.Fatalf("a pending adjustment was posted: %v", balance())
	}
	if code := errorCode(c.do(ben, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 403)); code != "self_approval" {
		t.Fatalf("requester approving: %q", code)
	}
	c.do(ana, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 200)
	c.drain()
	if balance() != 5800 {
		t.Fatalf("balance after approval = %v, want 5800", balance())
	}
	rejected := c.do(ben, "POST", "/v1/guests/G-ADJ/membership/adjustments", `{"points":-4000,"reason":"fraud?","reference":"a3"}`, 202)
	c.do(ana, "POST", "/v1/approvals/"+rejected["approval"].(map[string]any)["id"].(string)+"/decision", `{"outcome":"rejected"}`, 200)
	c.drain()
	if balance() != 5800 {
		t.Fatalf("a rejected adjustment changed the balance: %v", balance())
	}

	if code := errorCode(c.do(ben, "POST", "/v1/guests/G-ADJ/membership/redemptions", `{"points":6000,"reason":"suite","reference":"r1"}`, 409)); code != "insufficient_balance" {
		t.Fatalf("overdraw: %q", code)
	}
	if at := invalidAt(c.do(ben, "POST", "/v1/guests/G-ADJ/membership/redemptions", `{"points":-5,"reason":"x","reference":"r2"}`, 400)); at != "body /points" {
		t.Fatalf("negative redemption: %q", at)
	}
	c.do(ben, "POST", "/v1/guests/G-ADJ/membership/redemptions", `{"points":5000,"reason":"suite night","reference":"r3"}`, 201)
	if balance() != 800 {
		t.Fatalf("balance after redemption = %v, want 800", balance())
	}
}

func schedule(t *testing.T, name string) topology.Schedule {
	t.Helper()
	for _, s := range topology.Hearth().Schedules {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no schedule %s", name)
	return topology.Schedule{}
}

// TestPointsExpireByLotOnTheNightlySchedule earns a stay's points and runs the expiry schedule the day after they
// expire (end of the month two years on), twice: the lots expire once.
func TestPointsExpireByLotOnTheNightlySchedule(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "POST", "/v1/guests/G-EXP/membership", "", 201)
	stay := strings.NewReplacer(`"guestId": "G-01JD4Y"`, `"guestId": "G-EXP"`).Replace(string(fixture(t, "stay_checked_out")))
	c.do(ana, "POST", "/v1/events", stay, 202)
	c.drain()
	before := c.do(ana, "GET", "/v1/guests/G-EXP/membership", "", 200)["balance"].(float64)
	for i := 0; i < 2; i++ {
		if err := c.st.Runtime.Fire(context.Background(), schedule(t, "points-expiry"), time.Date(2029, 1, 1, 0, 5, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	c.drain()
	after := c.do(ana, "GET", "/v1/guests/G-EXP/membership", "", 200)
	if before == 0 || after["balance"] != 0.0 || len(after["statement"].([]any)) != 6 {
		t.Fatalf("balance %v → %v, statement %d entries (want 3 earns + 3 expiries)", before, after["balance"], len(after["statement"].([]any)))
	}
}

// TestGuest360CountsEachVisitOnce: two hotels' stays and a restaurant check of one guest, one stay delivered twice,
// give two stays, one check, nights, revenue by category, ADR and the last stay.
func TestGuest360CountsEachVisitOnce(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "PUT", "/v1/guests/G-360/profile", `{"name":{"last":"Vista"},"properties":["hh-lisbon"]}`, 200)
	stay := strings.NewReplacer(`"guestId": "G-01JD4Y"`, `"guestId": "G-360"`).Replace(string(fixture(t, "stay_checked_out")))
	london := strings.NewReplacer(`"S-88123"`, `"S-2"`, `"R-88123"`, `"R-2"`, `"id": "01JD4Y3Q7W5E9K2M8N6P0R1S2T"`, `"id": "01JD4Y3Q7W5E9K2M8N6P0R1S22"`,
		`stay_checked_out/0001`, `stay_checked_out/0002`, `"hh-lisbon"`, `"hh-london"`, `"2026-12-18"`, `"2027-02-01"`, `"2026-12-21"`, `"2027-02-04"`).Replace(stay)
	check := strings.NewReplacer(`"propertyId": "hh-lisbon"`, `"propertyId": "hh-lisbon-tasca"`, `"idempotencyKey": "pos_check_closed/0001"`, `"idempotencyKey": "pos/1"`).
		Replace(strings.Replace(string(fixture(t, "pos_check_closed")), `"propertyId": "hh-lisbon",`, `"propertyId": "hh-lisbon", "guestId": "G-360",`, 1))
	for _, e := range []string{stay, stay, london, check} {
		c.do(ana, "POST", "/v1/events", e, 202)
	}
	c.drain()
	v := c.do(ana, "GET", "/v1/guests/G-360/360", "", 200)
	s := v["statistics"].(map[string]any)
	eur := s["revenue"].(map[string]any)["EUR"].(map[string]any)
	if s["stays"] != 2.0 || s["checks"] != 1.0 || s["nights"] != 6.0 || s["lastStay"] != "2027-02-04" || s["firstStay"] != "2026-12-18" ||
		eur["room"] != 2*68700.0 || eur["food_beverage"] != 2*9450.0+9450.0 || s["adr"].(map[string]any)["EUR"] != 22900.0 {
		t.Fatalf("statistics = %v", s)
	}
	if len(v["visits"].([]any)) != 3 {
		t.Fatalf("visits = %v", v["visits"])
	}
}

// TestNightAuditAwardsWhatTheDayMissed: a guest enrolled after their check-out earned nothing at check-out; the
// property's night audit (04:00 in its zone) re-applies the day and awards the stay once, however often it runs.
func TestNightAuditAwardsWhatTheDayMissed(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	stay := strings.NewReplacer(`"guestId": "G-01JD4Y"`, `"guestId": "G-LATE"`).Replace(string(fixture(t, "stay_checked_out")))
	c.do(ana, "POST", "/v1/events", stay, 202) // checked out 2026-11-20 14:05 in Lisbon
	c.drain()
	c.do(ana, "POST", "/v1/guests/G-LATE/membership", "", 201)
	balance := func() float64 { return c.do(ana, "GET", "/v1/guests/G-LATE/membership", "", 200)["balance"].(float64) }
	if b := balance(); b != 0 {
		t.Fatalf("enrolled after the stay, balance %v before the audit", b)
	}
	for _, at := range []time.Time{
		time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC), // 03:00 in Lisbon: not yet
		time.Date(2026, 11, 21, 4, 0, 0, 0, time.UTC), // 04:00: the audit of the 20th
		time.Date(2026, 11, 21, 4, 0, 0, 0, time.UTC), // the schedule delivered again
	} {
		if err := c.st.Runtime.Fire(context.Background(), schedule(t, "night-audit"), at); err != nil {
			t.Fatal(err)
		}
		c.drain()
		if at.Hour() == 3 && balance() != 0 {
			t.Fatalf("audited before its hour: %v", balance())
		}
	}
	const perStay = 6870 + 1072 + 250
	if b := balance(); b != perStay {
		t.Fatalf("after the night audit: %v, want %d once", b, perStay)
	}
}

// TestExpiringSoonIsShown: points earned two years ago expire at the end of this December, and the membership
// lists them as expiring soon; this year's do not.
func TestExpiringSoonIsShown(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "POST", "/v1/guests/G-SOON/membership", "", 201)
	old := time.Now().AddDate(-2, 0, 0)
	stay := strings.NewReplacer(`"guestId": "G-01JD4Y"`, `"guestId": "G-SOON"`, `"2026-12-18"`, `"`+old.AddDate(0, 0, -3).Format(time.DateOnly)+`"`,
		`"2026-12-21"`, `"`+old.Format(time.DateOnly)+`"`).Replace(string(fixture(t, "stay_checked_out")))
	c.do(ana, "POST", "/v1/events", stay, 202)
	c.drain()
	m := c.do(ana, "GET", "/v1/guests/G-SOON/membership", "", 200)
	soon := m["expiringSoon"].([]any)
	wantDay := time.Date(old.Year()+2, old.Month()+1, 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly) // end of that month, two years on
	if len(soon) != 1 || soon[0].(map[string]any)["expiresOn"] != wantDay || soon[0].(map[string]any)["points"] != m["balance"] {
		t.Fatalf("expiring soon = %v (balance %v), want all of it on %s", soon, m["balance"], wantDay)
	}
}
