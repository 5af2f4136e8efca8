package devstack_test

import (
	"fmt"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/auth"
)

// otaSample reads an OTA sample of the ingest tests, with its revenue codes in the demo sources' mapping.
func otaSample(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile("../ingest/testdata/ota/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.NewReplacer(`RevenueCategoryCode="1"`, `RevenueCategoryCode="ROOM"`, `PMSRevenueCode="2010"`, `PMSRevenueCode="FB"`).Replace(string(raw)))
}

// journalled returns the first event of a type on a journal day.
func journalled(t *testing.T, c *client, day, typ string) map[string]any {
	t.Helper()
	for _, raw := range c.do(ana, "GET", "/v1/journal/days/"+day, "", 200)["items"].([]any) {
		if e := raw.(map[string]any); e["type"] == typ {
			return e
		}
	}
	t.Fatalf("no %s on %s", typ, day)
	return nil
}

// accountNamed finds the one account a search names.
func accountNamed(t *testing.T, c *client, user, query string) map[string]any {
	t.Helper()
	items := c.do(user, "GET", "/v1/accounts?"+query, "", 200)["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("accounts?%s = %v, want one", query, items)
	}
	return items[0].(map[string]any)
}

func linksOf(t *testing.T, c *client, user, guest string) []any {
	t.Helper()
	return c.do(user, "GET", "/v1/guests/"+guest+"/360", "", 200)["links"].([]any)
}

// TestOTAStaysThroughACompanyFileItsHistoryOnce: a Lisbon PMS's stay (OpenTravel) booked through a company, its
// check-out delivered before the reservation and redelivered after, joins the company's history once and links
// its guest as a traveller; the reservation's travel agent is found by name and code.
func TestOTAStaysThroughACompanyFileItsHistoryOnce(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	secret := c.st.Sources["hh-lisbon-pms"]
	now := time.Now()
	for i, f := range []string{"stay_info_company_eur.xml", "res_notif_company_agent_eur.xml"} {
		if status := signedPost(t, c, "/ingest/hh-lisbon-pms", secret, otaSample(t, f), now.Add(time.Duration(i)*time.Second)); status != http.StatusOK {
			t.Fatalf("%s: %d", f, status)
		}
		c.drain()
	}
	stay := journalled(t, c, "2027-01-14", events.TypeStayCheckedOut)
	guest := stay["guestId"].(string)
	redeliver(t, c, stay)
	redeliver(t, c, stay)

	acme := accountNamed(t, c, ana, "q=logistica")
	if acme["kind"] != "company" || acme["name"] != "Acme Logística, S.A." || acme["city"] != "Lisboa" {
		t.Fatalf("company = %v", acme)
	}
	if again := accountNamed(t, c, ana, "q=ACME01&kind=company"); again["id"] != acme["id"] {
		t.Fatalf("by its CRS code: %v", again)
	}
	agency := accountNamed(t, c, ana, "q=12345678")
	if agency["kind"] != "agency" || agency["name"] != "Wanderlust Travel" {
		t.Fatalf("agency = %v", agency)
	}
	v := c.do(ana, "GET", "/v1/accounts/"+acme["id"].(string), "", 200)
	stats := v["stats"].(map[string]any)
	if stats["stays"] != 1.0 || stats["nights"] != 3.0 || stats["firstStay"] != "2027-01-11" || stats["lastStay"] != "2027-01-14" {
		t.Fatalf("stats = %v", stats)
	}
	if rev := stats["revenue"].(map[string]any)["EUR"].(map[string]any); rev["room"] != 49500.0 || rev["food_beverage"] != 8640.0 {
		t.Fatalf("revenue = %v", stats["revenue"])
	}
	members := v["members"].([]any)
	m := members[0].(map[string]any)
	if len(members) != 1 || m["guestId"] != guest || m["role"] != "traveller" || m["name"] != "Tomás Ferreira" || m["stays"] != 1.0 ||
		m["share"].(map[string]any)["EUR"] != 10000.0 || m["revenue"].(map[string]any)["EUR"] != 58140.0 {
		t.Fatalf("members = %v", members)
	}
	links := linksOf(t, c, ana, guest)
	l := links[0].(map[string]any)
	if len(links) != 1 || l["accountId"] != acme["id"] || l["role"] != "traveller" || l["stays"] != 1.0 || l["shareOfGuestRevenue"].(map[string]any)["EUR"] != 10000.0 {
		t.Fatalf("links = %v", links)
	}
	page := c.do(ana, "GET", "/v1/accounts/"+acme["id"].(string)+"/stays?limit=1", "", 200)
	if items := page["items"].([]any); len(items) != 1 || items[0].(map[string]any)["reference"] != "R-88200" || page["nextCursor"] != nil {
		t.Fatalf("history = %v", page)
	}
	if agencyView := c.do(ana, "GET", "/v1/accounts/"+agency["id"].(string), "", 200); agencyView["stats"].(map[string]any)["stays"] != 0.0 {
		t.Fatalf("a reservation is not a stay: %v", agencyView["stats"])
	}
}

// TestAgencyFiguresFollowTheReadersProperties: one agency (its IATA number) books at Lisbon and London; a
// property-scoped reader sees their hotel's stays, shares and members only, a brand reader both.
func TestAgencyFiguresFollowTheReadersProperties(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	agent := map[string]any{"name": "Wanderlust Travel", "iata": "12345678"}
	out := func(p pms, id, guest string, amount string) {
		p.send("checkout", map[string]any{"reservationId": id, "checkedOutAt": "2026-11-10T10:00:00Z", "arrival": "2026-11-08", "departure": "2026-11-10",
			"folio": []map[string]any{{"category": "room", "amount": map[string]any{"amount": amount}}}, "guest": map[string]any{"id": guest, "lastName": guest}, "travelAgent": agent})
	}
	out(pms{t, c, "hh-lisbon"}, "L-1", "Alves", "300")
	out(pms{t, c, "hh-lisbon"}, "L-2", "Braga", "100")
	out(pms{t, c, "hh-london"}, "N-1", "Clarke", "250")
	c.drain()
	id := accountNamed(t, c, ana, "q=wanderlust")["id"].(string)
	london := c.actor(t, auth.Actor{Subject: "lm", Email: "london@test", Groups: []string{"property-manager/property/hh-london"}})
	for _, tc := range []struct {
		user    string
		stays   float64
		members int
		eur     any
		gbp     any
	}{
		{ana, 3, 3, 40000.0, 25000.0},
		{ben, 3, 3, 40000.0, 25000.0}, // the Harbour brand: both hotels
		{paul, 2, 2, 40000.0, nil},    // Lisbon only
		{london, 1, 1, nil, 25000.0},
	} {
		v := c.do(tc.user, "GET", "/v1/accounts/"+id, "", 200)
		stats := v["stats"].(map[string]any)
		rev := stats["revenue"].(map[string]any)
		eur, gbp := any(nil), any(nil)
		if r, ok := rev["EUR"].(map[string]any); ok {
			eur = r["room"]
		}
		if r, ok := rev["GBP"].(map[string]any); ok {
			gbp = r["room"]
		}
		if stats["stays"] != tc.stays || len(v["members"].([]any)) != tc.members || eur != tc.eur || gbp != tc.gbp {
			t.Errorf("%s sees stats %v, members %v", tc.user, stats, v["members"])
		}
		if n := len(c.do(tc.user, "GET", "/v1/accounts/"+id+"/stays", "", 200)["items"].([]any)); float64(n) != tc.stays {
			t.Errorf("%s sees %d stays in the history, want %v", tc.user, n, tc.stays)
		}
	}
	// Paul's share of Lisbon: Alves 75 %, Braga 25 %.
	shares := map[string]any{}
	for _, m := range c.do(paul, "GET", "/v1/accounts/"+id, "", 200)["members"].([]any) {
		m := m.(map[string]any)
		shares[m["name"].(string)] = m["share"].(map[string]any)["EUR"]
	}
	if !reflect.DeepEqual(shares, map[string]any{"Alves": 7500.0, "Braga": 2500.0}) {
		t.Errorf("Lisbon shares = %v", shares)
	}
}

// TestHouseholdsAndLinksByHandSurviveMergeAndUnmerge: a household is made and joined by hand, a company's stay
// links another guest; when matching merges the two guests the survivor shows both links and the company lists
// the survivor once; undoing the merge gives each guest exactly its links again. Bad input is refused with 4xx.
func TestHouseholdsAndLinksByHandSurviveMergeAndUnmerge(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	p := pms{t, c, "hh-lisbon"}
	email, phone := "rita.lobo@example.pt", "+351 912 000 333"
	p.reservation("HA-1", map[string]any{"id": "GA-1", "firstName": "Rita", "lastName": "Lobo", "email": email}, "2026-10-01T09:00:00Z")
	c.drain()
	p.reservation("HB-1", map[string]any{"id": "GB-1", "firstName": "Rita", "lastName": "Lobo", "phone": phone}, "2026-10-01T09:00:01Z")
	c.drain()
	guests := reservationGuests(c, "2026-10-01")
	a, b := guests["HA-1"], guests["HB-1"]
	if a == "" || b == "" || a == b {
		t.Fatalf("guests = %v", guests)
	}
	c.do(ana, "PUT", "/v1/guests/"+a+"/profile", `{"name":{"first":"Rita","last":"Lobo"},"properties":["hh-lisbon"]}`, 200)

	house := c.do(ana, "PUT", "/v1/accounts/lobo-family", `{"kind":"household","name":"Família Lobo","notes":"anniversary in May"}`, 201)
	if house["kind"] != "household" || house["version"] != 1.0 {
		t.Fatalf("household = %v", house)
	}
	c.do(ana, "PUT", "/v1/accounts/lobo-family", `{"kind":"household","name":"Família Lobo","notes":"anniversary in June"}`, 200)
	c.do(ana, "PUT", "/v1/accounts/other-family", `{"kind":"household","name":"Outra Família"}`, 201)
	c.do(paul, "POST", "/v1/guests/"+a+"/links", `{"accountId":"lobo-family","role":"partner"}`, 200)
	p.send("checkout", map[string]any{"reservationId": "HB-2", "checkedOutAt": "2026-10-05T10:00:00Z", "arrival": "2026-10-03", "departure": "2026-10-05",
		"folio": []map[string]any{{"category": "room", "amount": map[string]any{"amount": "200"}}}, "guest": map[string]any{"id": "GB-1", "firstName": "Rita", "lastName": "Lobo", "phone": phone},
		"company": map[string]any{"id": "C-77", "name": "Lobo & Filhos"}})
	c.drain()

	for _, bad := range []struct {
		method, path, body, code string
		status                   int
	}{
		{"POST", "/v1/guests/" + a + "/links", `{"accountId":"no-such-account","role":"partner"}`, "unknown_account", 404},
		{"POST", "/v1/guests/" + a + "/links", `{"accountId":"lobo-family","role":"traveller"}`, "invalid_role", 400},
		{"POST", "/v1/guests/" + a + "/links", `{"accountId":"other-family","role":"member"}`, "already_in_household", 409},
		{"DELETE", "/v1/guests/" + a + "/links/other-family", "", "not_linked", 404},
		{"PUT", "/v1/accounts/club", `{"kind":"club","name":"Golf"}`, "invalid_request", 400},
		{"PUT", "/v1/accounts/lobo-family", `{"kind":"company","name":"Lobo"}`, "invalid_account", 400},
		{"GET", "/v1/accounts?kind=club", "", "invalid_request", 400},
		{"GET", "/v1/accounts?q=x", "", "invalid_request", 400},
		{"GET", "/v1/accounts/no-such-account", "", "unknown_account", 404},
		{"GET", "/v1/accounts/no-such-account/stays", "", "unknown_account", 404},
	} {
		if code := errorCode(c.do(ana, bad.method, bad.path, bad.body, bad.status)); code != bad.code {
			t.Errorf("%s %s %s: %s, want %s", bad.method, bad.path, bad.body, code, bad.code)
		}
	}

	beforeA, beforeB := linksOf(t, c, ana, a), linksOf(t, c, ana, b)
	if len(beforeA) != 1 || len(beforeB) != 1 || beforeB[0].(map[string]any)["name"] != "Lobo & Filhos" {
		t.Fatalf("links before the merge: %v / %v", beforeA, beforeB)
	}
	company := beforeB[0].(map[string]any)["accountId"].(string)

	// The booking that shows them to be one person: matching merges b into a.
	p.reservation("HC-1", map[string]any{"id": "GC-1", "firstName": "Rita", "lastName": "Lobo", "email": email, "phone": phone}, "2026-10-01T09:00:02Z")
	c.drain()
	merged := linksOf(t, c, ana, a)
	if len(merged) != 2 || merged[0].(map[string]any)["kind"] != "household" || merged[1].(map[string]any)["accountId"] != company ||
		merged[1].(map[string]any)["stays"] != 1.0 {
		t.Fatalf("survivor's links after the merge: %v", merged)
	}
	members := c.do(ana, "GET", "/v1/accounts/"+company, "", 200)["members"].([]any)
	if len(members) != 1 || members[0].(map[string]any)["guestId"] != a || members[0].(map[string]any)["stays"] != 1.0 {
		t.Fatalf("company members after the merge: %v", members)
	}
	house = c.do(ana, "GET", "/v1/accounts/lobo-family", "", 200)
	if hs := house["stats"].(map[string]any); hs["stays"] != 1.0 || house["members"].([]any)[0].(map[string]any)["role"] != "partner" {
		t.Fatalf("household after the merge (its member's stays): %v", house)
	}

	c.do(ana, "POST", "/v1/guests/"+a+"/unmerge", fmt.Sprintf(`{"mergedId":%q}`, b), 200)
	c.drain()
	if afterA, afterB := linksOf(t, c, ana, a), linksOf(t, c, ana, b); !reflect.DeepEqual(afterA, beforeA) || !reflect.DeepEqual(afterB, beforeB) {
		t.Fatalf("links after the unmerge:\n%v / %v\nwant\n%v / %v", afterA, afterB, beforeA, beforeB)
	}
	if members := c.do(ana, "GET", "/v1/accounts/"+company, "", 200)["members"].([]any); len(members) != 1 || members[0].(map[string]any)["guestId"] != b {
		t.Fatalf("company members after the unmerge: %v", members)
	}

	// Unlinked by hand: gone from Guest 360 and the member list; the household stays.
	c.do(ana, "DELETE", "/v1/guests/"+a+"/links/lobo-family", "", 200)
	if links := linksOf(t, c, ana, a); len(links) != 0 {
		t.Fatalf("links after unlinking: %v", links)
	}
	if v := c.do(ana, "GET", "/v1/accounts/lobo-family", "", 200); len(v["members"].([]any)) != 0 || v["account"].(map[string]any)["notes"] != "anniversary in June" {
		t.Fatalf("household after unlinking: %v", v)
	}
	audit := c.do(alex, "GET", "/v1/audit?limit=500", "", 200)["items"].([]any)
	seen := map[string]bool{}
	for _, e := range audit {
		seen[e.(map[string]any)["action"].(string)] = true
	}
	for _, action := range []string{"PUT /v1/accounts/{id}", "POST /v1/guests/{id}/links", "DELETE /v1/guests/{id}/links/{accountId}"} {
		if !seen[action] {
			t.Errorf("no audit entry for %s", action)
		}
	}
}
