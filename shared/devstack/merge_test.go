package devstack_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/devstack"
	"github.com/hearthcrm/hearth/shared/ledger"
)

// pms sends canonical JSON messages from a property's PMS, signed with its demo secret.
type pms struct {
	t        *testing.T
	c        *client
	property string
}

func (p pms) send(kind string, msg map[string]any) {
	p.t.Helper()
	body, err := json.Marshal(msg)
	if err != nil {
		p.t.Fatal(err)
	}
	source := p.property + "-pms"
	if status := signedPost(p.t, p.c, "/ingest/"+source+"/"+kind, p.c.st.Sources[source], body, time.Now()); status != http.StatusAccepted {
		p.t.Fatalf("%s %s: %d", source, kind, status)
	}
}

// reservation books a stay for a guest (the PMS's guest record, as it sends it).
func (p pms) reservation(id string, guest map[string]any, at string) {
	p.send("reservation", map[string]any{
		"reservationId": id, "status": "booked", "modifiedAt": at, "arrival": "2026-12-01", "departure": "2026-12-03",
		"total": map[string]any{"amount": "300"}, "guest": guest,
	})
}

// checkOut closes a stay checked out at the given time, with a folio of revenue category → amount (a decimal
// string).
func (p pms) checkOut(id string, guest map[string]any, arrival string, checkedOut time.Time, folio map[string]string) {
	var lines []map[string]any
	for _, cat := range slices.Sorted(maps.Keys(folio)) {
		lines = append(lines, map[string]any{"category": cat, "description": cat, "amount": map[string]any{"amount": folio[cat]}, "date": arrival})
	}
	p.send("checkout", map[string]any{
		"reservationId": id, "stayId": "S-" + id, "checkedOutAt": checkedOut.UTC().Format(time.RFC3339), "arrival": arrival,
		"departure": checkedOut.UTC().Format(time.DateOnly), "folio": lines, "guest": guest,
	})
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// reservationGuests maps each reservation id journalled on day to the guest matching filed it under.
func reservationGuests(c *client, day string) map[string]string {
	out := map[string]string{}
	for _, raw := range c.do(ana, "GET", "/v1/journal/days/"+day, "", 200)["items"].([]any) {
		e := raw.(map[string]any)
		if e["type"] == events.TypeReservationUpserted {
			out[e["data"].(map[string]any)["reservationId"].(string)] = e["guestId"].(string)
		}
	}
	return out
}

// mergedPairAt makes two guests known at a hotel (a console profile there each) whom a third booking shows to be
// one person, and returns the survivor and the guest matching merged into it.
func mergedPairAt(t *testing.T, c *client, property string) (survivor, merged string) {
	t.Helper()
	p := pms{t, c, property}
	n := seq.Add(1)
	email, phone := fmt.Sprintf("rui.lobo%d@%s.pt", n, property), fmt.Sprintf("+44 7946 %06d", 100000+n)
	p.reservation(fmt.Sprintf("PA-%d", n), map[string]any{"id": fmt.Sprintf("GA-%d", n), "firstName": "Rui", "lastName": "Lobo", "email": email}, "2026-10-01T09:00:00Z")
	c.drain()
	p.reservation(fmt.Sprintf("PB-%d", n), map[string]any{"id": fmt.Sprintf("GB-%d", n), "firstName": "Rui", "lastName": "Lobo", "phone": phone}, "2026-10-01T09:00:01Z")
	c.drain()
	p.reservation(fmt.Sprintf("PC-%d", n), map[string]any{"id": fmt.Sprintf("GC-%d", n), "firstName": "Rui", "lastName": "Lobo", "email": email, "phone": phone}, "2026-10-01T09:00:02Z")
	c.drain()
	guests := reservationGuests(c, "2026-10-01")
	survivor, merged = guests[fmt.Sprintf("PA-%d", n)], guests[fmt.Sprintf("PB-%d", n)]
	if survivor == "" || merged == "" || survivor == merged || guests[fmt.Sprintf("PC-%d", n)] != survivor {
		t.Fatalf("pair at %s: %v", property, guests)
	}
	for _, g := range []string{survivor, merged} {
		c.do(ana, "PUT", "/v1/guests/"+g+"/profile", `{"name":{"last":"Lobo"},"properties":["`+property+`"]}`, 200)
	}
	return survivor, merged
}

// faults fails chosen DynamoDB calls once each, the way a consumer dies midway: the credit of a points transfer
// after its debit was written, and a Guest 360 copy of a merged guest's visits.
type faults struct {
	mu     sync.Mutex
	armed  bool
	failed map[string]int
}

var errInjected = errors.New("injected failure")

func (f *faults) middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("InjectFaults",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			if tx, ok := in.Parameters.(*dynamodb.TransactWriteItemsInput); ok {
				if kind := f.pick(tx); kind != "" {
					return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("%s: %w", kind, errInjected)
				}
			}
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
}

// pick names the kind of transaction to fail, the first time it is seen while armed.
func (f *faults) pick(tx *dynamodb.TransactWriteItemsInput) string {
	kind := ""
	for _, item := range tx.TransactItems {
		if item.Put != nil {
			if sk, ok := item.Put.Item["sk"].(*types.AttributeValueMemberS); ok && strings.HasPrefix(sk.Value, "IDEM#") && strings.HasSuffix(sk.Value, "/in") {
				kind = strings.Split(strings.TrimPrefix(sk.Value, "IDEM#"), "/")[0] + " credit" // merge credit, unmerge credit
			}
		}
		// Copies are conditioned on the golden record naming the survivor (a value); a new visit on its absence.
		if cc := item.ConditionCheck; cc != nil && len(cc.ExpressionAttributeValues) > 0 && tx.TransactItems[0].ConditionCheck != nil {
			kind = "visit copies"
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if kind == "" || !f.armed || f.failed[kind] > 0 {
		return ""
	}
	f.failed[kind]++
	return kind
}

func (f *faults) count(kind string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed[kind]
}

// snapshot is what the console shows of a guest, as compared before the merge and after the unmerge.
type snapshot struct {
	golden     map[string]any
	visits     []any
	statistics map[string]any
	membership map[string]any
	lots       []ledger.Lot
}

func snap(t *testing.T, c *client, guest string) snapshot {
	t.Helper()
	v := c.do(ana, "GET", "/v1/guests/"+guest+"/360", "", 200)
	m := c.do(ana, "GET", "/v1/guests/"+guest+"/membership", "", 200)
	a, err := c.st.App.Ledger().Account(context.Background(), m["account"].(string))
	if err != nil {
		t.Fatal(err)
	}
	// The statement adds up to the balance, and the ledger finds no drift.
	var sum float64
	for _, e := range m["statement"].([]any) {
		sum += e.(map[string]any)["amount"].(float64)
	}
	if d, err := c.st.App.Ledger().Verify(context.Background(), a.ID); err != nil || d != nil || sum != m["balance"].(float64) {
		t.Fatalf("%s: statement sums to %v, balance %v, drift %+v, %v", a.ID, sum, m["balance"], d, err)
	}
	g, _ := v["golden"].(map[string]any)
	return snapshot{golden: g, visits: v["visits"].([]any), statistics: v["statistics"].(map[string]any), membership: m, lots: a.Lots}
}

// profileOf leaves out of a golden record what an unmerge must change: its version and time, and the guests it is
// now kept apart from.
func profileOf(g map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range g {
		switch k {
		case "version", "updatedAt", "keptApart":
		default:
			out[k] = v
		}
	}
	return out
}

func sourcesOf(g map[string]any) []string {
	var out []string
	for _, m := range g["members"].([]any) {
		for _, s := range m.(map[string]any)["sources"].([]any) {
			s := s.(map[string]any)
			out = append(out, s["system"].(string)+"/"+s["recordId"].(string))
		}
	}
	slices.Sort(out)
	return out
}

// TestMergeAndUnmergeRoundTrip is issue 4's acceptance test. Maria stays in Lisbon (known by email) and in London
// (known by phone and card); each is a member earning points from their own stays. A booking with both her email
// and her phone makes matching merge the two. The survivor's 360 shows both guests' stays, spend and the combined
// points; then a person unmerges them through the API, and both profiles, their stays, their spend by category and
// their ledger balances (lots and all) are exactly what they were before the merge. The merge and unmerge events
// are delivered twice, and consumers fail midway (a transfer's credit, a copy of visits) and are retried.
func TestMergeAndUnmergeRoundTrip(t *testing.T) {
	t.Parallel()
	f := &faults{failed: map[string]int{}}
	c := start(t, devstack.Options{DynamoAPIOptions: []func(*middleware.Stack) error{f.middleware}})
	lisbon, london := pms{t, c, "hh-lisbon"}, pms{t, c, "hh-london"}
	mariaLisbon := map[string]any{"id": "LIS-77", "firstName": "Maria", "lastName": "Santos", "email": "maria.santos@example.pt"}
	mariaLondon := map[string]any{"id": "LON-12", "firstName": "Maria", "lastName": "Santos", "phone": "+44 7946 095831", "card": map[string]any{"number": "4012888888881881"}}

	lisbon.reservation("LR-1", mariaLisbon, "2026-11-01T09:00:00Z")
	c.drain()
	london.reservation("DR-1", mariaLondon, "2026-11-01T09:05:00Z")
	c.drain()
	guests := reservationGuests(c, "2026-11-01")
	a, b := guests["LR-1"], guests["DR-1"]
	if a == "" || b == "" || a == b {
		t.Fatalf("two guests expected: %v", guests)
	}
	for _, g := range []string{a, b} {
		c.do(ana, "POST", "/v1/guests/"+g+"/membership", "", 201)
	}
	lisbon.checkOut("LR-1", mariaLisbon, "2026-11-10", at("2026-11-13T10:30:00Z"), map[string]string{"room": "400.00", "food_beverage": "80.00", "spa": "50.00"})
	lisbon.checkOut("LR-2", mariaLisbon, "2026-11-15", at("2026-11-16T09:00:00Z"), map[string]string{"room": "125.50"})
	// Checked out a minute ago: these points are pending for two more days, and move as pending points.
	left := time.Now().Add(-time.Minute)
	london.checkOut("DR-1", mariaLondon, left.AddDate(0, 0, -4).UTC().Format(time.DateOnly), left, map[string]string{"room": "600.00", "food_beverage": "45.50"})
	c.drain()
	before := map[string]snapshot{a: snap(t, c, a), b: snap(t, c, b)}
	if len(before[a].visits) != 2 || len(before[b].visits) != 1 || before[a].membership["available"] == 0.0 || before[b].membership["pending"] == 0.0 {
		t.Fatalf("before the merge: %d and %d visits, memberships %v / %v", len(before[a].visits), len(before[b].visits), before[a].membership, before[b].membership)
	}

	// A booking with her email and her phone: matching merges the London guest into the older Lisbon one.
	f.mu.Lock()
	f.armed = true
	f.mu.Unlock()
	lisbon.reservation("LR-9", map[string]any{"id": "LIS-90", "firstName": "Maria", "lastName": "Santos", "email": "maria.santos@example.pt", "phone": "+44 7946 095831"}, "2026-11-20T12:00:00Z")
	c.drain()
	if got := reservationGuests(c, "2026-11-20")["LR-9"]; got != a {
		t.Fatalf("the bridging booking went to %q, want the survivor %s", got, a)
	}
	var merge map[string]any
	for _, raw := range c.do(ana, "GET", "/v1/journal/guests/"+a, "", 200)["items"].([]any) {
		if e := raw.(map[string]any); e["type"] == events.TypeProfilesMerged {
			merge = e
		}
	}
	if merge == nil || !slices.Equal(merge["data"].(map[string]any)["mergedIds"].([]any), []any{b}) {
		t.Fatalf("no merge of %s into %s in the journal: %v", b, a, merge)
	}
	redeliver(t, c, merge)

	v := c.do(ana, "GET", "/v1/guests/"+a+"/360", "", 200)
	stats := v["statistics"].(map[string]any)
	revenue := stats["revenue"].(map[string]any)
	if len(v["visits"].([]any)) != 3 || stats["stays"] != 3.0 || stats["nights"] != 8.0 ||
		!reflect.DeepEqual(revenue["EUR"], before[a].statistics["revenue"].(map[string]any)["EUR"]) ||
		!reflect.DeepEqual(revenue["GBP"], before[b].statistics["revenue"].(map[string]any)["GBP"]) {
		t.Fatalf("survivor's 360 after the merge: %d visits, statistics %v", len(v["visits"].([]any)), stats)
	}
	combined := before[a].membership["balance"].(float64) + before[b].membership["balance"].(float64)
	if l := v["loyalty"].(map[string]any); l["balance"] != combined {
		t.Fatalf("survivor's points after the merge: %v, want %v", l, combined)
	}
	if h := v["merges"].([]any); len(h) != 1 || h[0].(map[string]any)["mergedId"] != b || h[0].(map[string]any)["undone"] != false {
		t.Fatalf("merge history: %v", h)
	}
	if mb := c.do(ana, "GET", "/v1/guests/"+b+"/360", "", 200); mb["mergedInto"] != a || mb["loyalty"].(map[string]any)["balance"] != 0.0 {
		t.Fatalf("merged guest's 360: mergedInto %v, loyalty %v", mb["mergedInto"], mb["loyalty"])
	}
	snap(t, c, a) // no drift on the combined account
	if f.count("merge credit") != 1 || f.count("visit copies") != 1 {
		t.Fatal("the merge's consumers were not failed midway")
	}

	// Refused: what was never merged, no merged guest named, an unknown guest.
	if code := errorCode(c.do(ana, "POST", "/v1/guests/"+b+"/unmerge", `{"mergedId":"`+a+`"}`, 409)); code != "not_merged" {
		t.Errorf("unmerging the survivor from the merged guest: %q", code)
	}
	if at := invalidAt(c.do(ana, "POST", "/v1/guests/"+a+"/unmerge", `{}`, 400)); at != "body /mergedId" {
		t.Errorf("no mergedId: %q", at)
	}
	if code := errorCode(c.do(ana, "POST", "/v1/guests/"+a+"/unmerge", `{"mergedId":"G-NOBODY"}`, 404)); code != "not_found" {
		t.Errorf("unknown guest: %q", code)
	}

	// A person unmerges them, twice; the events go round twice more.
	out := c.do(ana, "POST", "/v1/guests/"+a+"/unmerge", `{"mergedId":"`+b+`","reason":"two different Marias"}`, 200)
	again := c.do(ana, "POST", "/v1/guests/"+a+"/unmerge", `{"mergedId":"`+b+`"}`, 200)
	if out["restoredId"] != b || out["alreadyUndone"] != false || again["alreadyUndone"] != true || again["mergeId"] != out["mergeId"] {
		t.Fatalf("unmerge %v, again %v", out, again)
	}
	c.drain()
	for _, raw := range c.do(ana, "GET", "/v1/journal/guests/"+a, "", 200)["items"].([]any) {
		if e := raw.(map[string]any); e["type"] == events.TypeProfilesUnmerged {
			redeliver(t, c, e)
		}
	}
	if f.count("unmerge credit") != 1 {
		t.Fatal("the unmerge's transfer was not failed midway")
	}

	after := map[string]snapshot{a: snap(t, c, a), b: snap(t, c, b)}
	// The merged guest is exactly itself again; the survivor is itself plus the booking that linked them.
	if !reflect.DeepEqual(profileOf(after[b].golden), profileOf(before[b].golden)) {
		t.Errorf("restored guest's golden record:\n%v\nwant\n%v", after[b].golden, before[b].golden)
	}
	if got, want := sourcesOf(after[a].golden), append(sourcesOf(before[a].golden), "hh-lisbon-pms/LIS-90"); !slices.Equal(got, sorted(want)) {
		t.Errorf("survivor's sources %v, want %v", got, want)
	}
	if after[a].golden["cardHashes"] != nil || before[b].golden["cardHashes"] == nil {
		t.Errorf("survivor kept the merged guest's card: %v", after[a].golden["cardHashes"])
	}
	for _, g := range []string{a, b} {
		x, y := after[g], before[g]
		if !reflect.DeepEqual(x.visits, y.visits) || !reflect.DeepEqual(x.statistics, y.statistics) {
			t.Errorf("%s: visits or statistics differ:\n%v %v\nwant\n%v %v", g, x.visits, x.statistics, y.visits, y.statistics)
		}
		for _, k := range []string{"balance", "available", "pending"} {
			if x.membership[k] != y.membership[k] {
				t.Errorf("%s: %s %v, want %v", g, k, x.membership[k], y.membership[k])
			}
		}
		if !reflect.DeepEqual(x.lots, y.lots) {
			t.Errorf("%s: lots %+v, want %+v", g, x.lots, y.lots)
		}
	}
	h := c.do(ana, "GET", "/v1/guests/"+a+"/360", "", 200)["merges"].([]any)
	if len(h) != 1 || h[0].(map[string]any)["undone"] != true || h[0].(map[string]any)["unmergedBy"] != ana {
		t.Errorf("merge history after the unmerge: %v", h)
	}
	for _, q := range c.do(ana, "GET", "/v1/ops/queues", "", 200)["queues"].([]any) {
		if q := q.(map[string]any); q["dead"] != 0.0 {
			t.Errorf("dead letters: %v", q)
		}
	}
}

// redeliver publishes a journalled event again, as the bus may, and lets every consumer take it.
func redeliver(t *testing.T, c *client, e map[string]any) {
	t.Helper()
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	c.do(ana, "POST", "/v1/events", string(raw), 202)
	c.drain()
}

func sorted(xs []string) []string { return slices.Sorted(slices.Values(xs)) }

// TestUnmergeAWholeMergeInOneStep: a booking that shows three guests to be one person merges two of them into the
// oldest at once; naming the merge gives both back, and asking again changes nothing.
func TestUnmergeAWholeMergeInOneStep(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	p := pms{t, c, "hh-lisbon"}
	p.reservation("W-1", map[string]any{"id": "WA", "firstName": "Inês", "lastName": "Vaz", "email": "ines.vaz@example.pt"}, "2026-10-03T09:00:00Z")
	c.drain()
	p.reservation("W-2", map[string]any{"id": "WB", "firstName": "Inês", "lastName": "Vaz", "phone": "+44 7946 300001"}, "2026-10-03T09:00:01Z")
	c.drain()
	p.reservation("W-3", map[string]any{"id": "WC", "firstName": "Inês", "lastName": "Vaz", "loyaltyNumber": "HH-3000-0001"}, "2026-10-03T09:00:02Z")
	c.drain()
	p.reservation("W-4", map[string]any{"id": "WD", "firstName": "Inês", "lastName": "Vaz", "email": "ines.vaz@example.pt", "phone": "+44 7946 300001",
		"loyaltyNumber": "HH-3000-0001"}, "2026-10-03T09:00:03Z")
	c.drain()
	guests := reservationGuests(c, "2026-10-03")
	a, b, cc := guests["W-1"], guests["W-2"], guests["W-3"]
	if a == "" || b == "" || cc == "" || a == b || a == cc || guests["W-4"] != a {
		t.Fatalf("three guests merged into the first expected: %v", guests)
	}
	history := c.do(ana, "GET", "/v1/guests/"+a+"/360", "", 200)["merges"].([]any)
	if len(history) != 2 || history[0].(map[string]any)["mergeId"] != history[1].(map[string]any)["mergeId"] {
		t.Fatalf("one merge of two guests expected: %v", history)
	}
	mergeID := history[0].(map[string]any)["mergeId"].(string)
	out := c.do(ana, "POST", "/v1/guests/"+a+"/unmerge", `{"mergeId":"`+mergeID+`","reason":"three people"}`, 200)
	if restored := out["restoredIds"].([]any); len(restored) != 2 || out["alreadyUndone"] != false {
		t.Fatalf("unmerge of the whole merge: %v", out)
	}
	c.drain()
	for _, g := range []string{b, cc} {
		if v := c.do(ana, "GET", "/v1/guests/"+g+"/360", "", 200); v["mergedInto"] != nil {
			t.Errorf("%s still redirects to %v", g, v["mergedInto"])
		}
	}
	if again := c.do(ana, "POST", "/v1/guests/"+a+"/unmerge", `{"mergeId":"`+mergeID+`"}`, 200); again["alreadyUndone"] != true {
		t.Errorf("asked again: %v", again)
	}
	for body, want := range map[string]string{
		`{}`:                  "body mergedId",
		`{"mergeId":"M-404"}`: "not_merged",
		`{"mergeId":"` + mergeID + `","mergedId":"` + b + `"}`: "body mergedId",
	} {
		status, raw := c.raw(ana, "POST", "/v1/guests/"+a+"/unmerge", body)
		if status/100 != 4 || !strings.Contains(raw, strings.Fields(want)[len(strings.Fields(want))-1]) {
			t.Errorf("%s: %d %s, want %s", body, status, raw, want)
		}
	}
}
