package devstack_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/api"
	"github.com/hearthcrm/hearth/shared/api/apitest"
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
