package devstack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/api"
	"github.com/hearthcrm/hearth/shared/api/apitest"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/rewards"
	"github.com/hearthcrm/hearth/shared/store"
)

// doctored returns the contract with one schema changed.
func doctored(t *testing.T, schema string, change func(map[string]any)) *apitest.Contract {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	change(doc["components"].(map[string]any)["schemas"].(map[string]any)[schema].(map[string]any))
	raw, _ := json.Marshal(doc)
	c, err := apitest.New(raw)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A handler whose response does not match its schema is caught: the same stack and requests, checked against a
// contract that disagrees with the handlers on one schema each time.
func TestResponsesThatBreakTheContractAreCaught(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	for name, tc := range map[string]struct {
		contract       *apitest.Contract
		method, path   string
		body, mentions string
	}{
		"a field the schema does not have": {doctored(t, "Approval", func(s map[string]any) { delete(s["properties"].(map[string]any), "summary") }),
			"POST", "/v1/approvals", `{"kind":"points_adjustment","summary":"s","propertyId":"hh-lisbon"}`, "'summary' not allowed"},
		"a required field missing": {doctored(t, "Health", func(s map[string]any) {
			s["properties"].(map[string]any)["version"] = map[string]any{"type": "string"}
			s["required"] = []any{"status", "time", "version"}
		}), "GET", "/healthz", "", "missing property 'version'"},
		"a wrong type": {doctored(t, "QueueStats", func(s map[string]any) { s["properties"].(map[string]any)["visible"] = map[string]any{"type": "string"} }),
			"GET", "/v1/ops/queues", "", "/queues/0/visible"},
		"an error in another shape": {doctored(t, "Error", func(s map[string]any) { s["required"] = []any{"code", "message", "details", "requestId", "status"} }),
			"GET", "/v1/properties/atlantis", "", `"status" is missing`},
	} {
		var reports []string
		client := &http.Client{Transport: &apitest.Transport{Contract: tc.contract, Report: func(method, path string, status int, err error) {
			reports = append(reports, fmt.Sprintf("%s %s %d: %v", method, path, status, err))
		}}}
		req, _ := http.NewRequest(tc.method, c.url+tc.path, strings.NewReader(tc.body))
		req.Header.Set("Authorization", "Bearer "+c.user[ana])
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if len(reports) != 1 || !strings.Contains(reports[0], tc.mentions) {
			t.Errorf("%s: reports %q, want one mentioning %s", name, reports, tc.mentions)
		}
	}
}

// Every refusal, from the api or the ingest webhooks, wherever in the request it happens, has the one error shape
// and the response's request id.
func TestRefusalsShareTheErrorShape(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	for _, tc := range []struct {
		user, method, path, body string
		status                   int
		code                     string
	}{
		{"", "GET", "/v1/hierarchy", "", 401, "unauthenticated"},
		{ana, "GET", "/v1/nothing-here", "", 404, "no_route"},
		{ana, "PATCH", "/v1/me", "", 404, "no_route"},
		{ana, "POST", "/v1/events", `{"id":`, 400, "invalid_request"},
		{ana, "GET", "/v1/approvals?limit=0", "", 400, "invalid_request"},
		{ana, "GET", "/v1/audit?cursor=bm90IGEgY3Vyc29y", "", 400, "invalid_request"},
		{ana, "GET", "/v1/properties/atlantis", "", 404, "not_found"},
		{"paul@harbour.example", "GET", "/v1/properties/ln-kyoto", "", 403, "forbidden"},
		{ana, "POST", "/v1/fraud/alerts/fraud%2Fearn_velocity%2FG-0%2Fe0/resolution", `{"note":"n"}`, 404, "unknown_alert"},
		{ana, "GET", "/v1/certificates/1234-ABCD-0000/pdf", "", 400, "invalid_number"},
		{ana, "POST", "/v1/giftcards/stock", `{"numbers":[]}`, 400, "invalid_request"},
		{"", "POST", "/ingest/hh-lisbon-pms/checkout", `{}`, 401, "bad_signature"},
		{"", "POST", "/ingest/nobody/checkout", `{}`, 404, "unknown_source"},
	} {
		req, _ := http.NewRequest(tc.method, c.url+tc.path, strings.NewReader(tc.body))
		if tc.user != "" {
			req.Header.Set("Authorization", "Bearer "+c.user[tc.user])
		}
		if strings.HasPrefix(tc.path, "/ingest/") {
			req.Header.Set("X-Hearth-Timestamp", fmt.Sprint(time.Now().Unix()))
			req.Header.Set("X-Hearth-Signature", "v1=00")
		}
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		raw := readAll(resp)
		_ = json.Unmarshal([]byte(raw), &body)
		id := resp.Header.Get("X-Request-Id")
		_, hasDetails := body["details"].([]any)
		if resp.StatusCode != tc.status || body["code"] != tc.code || id == "" || body["requestId"] != id || !hasDetails || len(body) != 4 {
			t.Errorf("%s %s: %d %s (X-Request-Id %q), want %d %s in the shared shape", tc.method, tc.path, resp.StatusCode, raw, id, tc.status, tc.code)
		}
	}
}

// Audit entries read a page at a time, following nextCursor, add up to the whole list once each.
func TestListsPageWithCursors(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	for i := 0; i < 5; i++ {
		approvalAt(c, "hh-lisbon")
	}
	whole := c.do(ana, "GET", "/v1/audit", "", 200)["items"].([]any)
	if len(whole) < 5 {
		t.Fatalf("%d audit entries, want at least 5", len(whole))
	}
	var seqs []float64
	path := "/v1/audit?limit=2"
	for pages := 1; ; pages++ {
		out := c.do(ana, "GET", path, "", 200)
		for _, e := range out["items"].([]any) {
			seqs = append(seqs, e.(map[string]any)["seq"].(float64))
		}
		next, _ := out["nextCursor"].(string)
		if next == "" {
			if pages != (len(whole)+1)/2 {
				t.Errorf("%d pages of 2 for %d entries", pages, len(whole))
			}
			break
		}
		path = "/v1/audit?limit=2&cursor=" + next
	}
	for i, s := range seqs {
		if s != float64(i+1) {
			t.Fatalf("paged seqs %v, want 1..%d once each", seqs, len(whole))
		}
	}
	if len(seqs) != len(whole) {
		t.Fatalf("paged %d entries, whole list %d", len(seqs), len(whole))
	}
	// A cursor belongs to its list.
	first := c.do(ana, "GET", "/v1/audit?limit=1", "", 200)["nextCursor"].(string)
	if at := invalidAt(c.do(ana, "GET", "/v1/approvals?cursor="+first, "", 400)); at != "query cursor" {
		t.Fatalf("another list's cursor: %q", at)
	}
}

// The reference and the document are public and answer as the contract says.
func TestReferenceIsServed(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	for _, path := range []string{"/openapi.json", "/docs", "/v1/schemas/guest-profile"} {
		resp, err := c.http.Get(c.url + path)
		if err != nil {
			t.Fatal(err)
		}
		if body := readAll(resp); resp.StatusCode != 200 || len(body) < 1000 || !bytes.Contains([]byte(body), []byte("openapi")) && path == "/openapi.json" {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
		}
	}
}

// eachPage reads a list to its end, a page at a time, passing each item on; it returns how many pages it read.
func eachPage(c *client, path string, item func(map[string]any)) int {
	c.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	url := path
	for pages := 1; ; pages++ {
		out := c.do(ana, "GET", url, "", 200)
		for _, it := range out["items"].([]any) {
			item(it.(map[string]any))
		}
		next, _ := out["nextCursor"].(string)
		if next == "" {
			return pages
		}
		url = path + sep + "cursor=" + next
	}
}

// A gift card enquiry pages through a buyer's cards once each in number order, and fraud alerts come newest first,
// their cursors tied to the status listed.
func TestCardsAndAlertsPage(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	var sold []string
	for range 5 {
		n := stockCard(c)
		c.do(ana, "POST", "/v1/giftcards/"+n+"/sale", `{"propertyId":"hh-lisbon","requestId":"s1","amount":{"amount":1000,"currency":"EUR"},"buyer":"Acme Travel","tender":"invoice"}`, 200)
		sold = append(sold, n)
	}
	stockCard(c) // in stock, bought by nobody
	var cards []string
	if pages := eachPage(c, "/v1/giftcards?buyer=acme%20travel&limit=2", func(it map[string]any) { cards = append(cards, it["number"].(string)) }); pages != 3 {
		t.Errorf("%d pages of 2 for 5 cards", pages)
	}
	slices.Sort(sold)
	if !slices.Equal(cards, sold) {
		t.Fatalf("paged cards %v, want %v once each in number order", cards, sold)
	}

	alerts := store.NewFraudStore(c.st.DB)
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	var want []string
	for i := range 5 {
		key := fmt.Sprintf("fraud/shared_card/C%d/e%d", i, i)
		a := rewards.FraudAlert{Alert: loyalty.Alert{Key: key, Rule: loyalty.RuleSharedCard, Hold: []string{"G-A", "G-B"}, CardHash: fmt.Sprint("C", i),
			Evidence: []string{fmt.Sprint("e", i)}, Detail: "one card on 2 members", At: at.Add(time.Duration(i) * time.Hour)}, Status: rewards.AlertOpen}
		if _, err := alerts.Raise(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		want = append([]string{key}, want...) // newest first
	}
	var keys []string
	if pages := eachPage(c, "/v1/fraud/alerts?limit=2", func(it map[string]any) { keys = append(keys, it["key"].(string)) }); pages != 3 {
		t.Errorf("%d pages of 2 for 5 alerts", pages)
	}
	if !slices.Equal(keys, want) {
		t.Fatalf("paged alerts %v, want %v", keys, want)
	}
	next := c.do(ana, "GET", "/v1/fraud/alerts?limit=1", "", 200)["nextCursor"].(string)
	if at := invalidAt(c.do(ana, "GET", "/v1/fraud/alerts?status=resolved&cursor="+next, "", 400)); at != "query cursor" {
		t.Fatalf("an open alerts cursor on resolved alerts: %q", at)
	}
}
