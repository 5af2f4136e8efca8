package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/api"
	"github.com/hearthcrm/hearth/shared/api/apitest"
)

func contract(t *testing.T) *openapi3.T {
	t.Helper()
	c, err := apitest.Default()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return c.Doc
}

// checkRoutes compares a route table and the webhook routes with a document, both ways: every route must be an
// operation with the same permission, scope and security, and every operation a route. It returns the problems.
func checkRoutes(routes []api.Route, webhooks []string, doc *openapi3.T) []string {
	var problems []string
	ops := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops[method+" "+path] = op
		}
	}
	seen := map[string]bool{}
	for _, r := range routes {
		key := r.Method + " " + r.Path
		seen[key] = true
		op, ok := ops[key]
		if !ok {
			problems = append(problems, "route "+key+" is served but not in openapi.json")
			continue
		}
		if perm, _ := op.Extensions["x-permission"].(string); perm != string(r.Permission) {
			problems = append(problems, fmt.Sprintf("%s: x-permission %q, the route needs %q", key, perm, r.Permission))
		}
		if scope, _ := op.Extensions["x-scope"].(string); scope != r.Scope {
			problems = append(problems, fmt.Sprintf("%s: x-scope %q, the route's scope is %q", key, scope, r.Scope))
		}
		if public := op.Security != nil && len(*op.Security) == 0; public != r.Public {
			problems = append(problems, fmt.Sprintf("%s: public in openapi.json %v, served public %v", key, public, r.Public))
		}
	}
	for _, key := range webhooks {
		seen[key] = true
		op, ok := ops[key]
		if !ok {
			problems = append(problems, "webhook "+key+" is routed but not in openapi.json")
			continue
		}
		if op.Security == nil || len(*op.Security) != 1 || (*op.Security)[0]["hearthSignature"] == nil || (*op.Security)[0]["hearthTimestamp"] == nil {
			problems = append(problems, key+": a webhook's security is the HMAC signature headers (hearthTimestamp + hearthSignature)")
		}
	}
	for key := range ops {
		if !seen[key] {
			problems = append(problems, "operation "+key+" is in openapi.json but no route serves it")
		}
	}
	sort.Strings(problems)
	return problems
}

func webhookRoutes() []string {
	var out []string
	for _, wh := range topology.Hearth().API.Webhooks {
		out = append(out, wh.Route)
	}
	return out
}

// TestRoutesMatchTheDocument fails when a route exists in the router but not in openapi.json, or the reverse, or
// when they disagree on permission, scope or whether a login is needed.
func TestRoutesMatchTheDocument(t *testing.T) {
	t.Parallel()
	for _, p := range checkRoutes(api.Routes(), webhookRoutes(), contract(t)) {
		t.Error(p)
	}
}

// The checker itself catches each kind of drift, on a doctored route table.
func TestRouteCheckCatchesDrift(t *testing.T) {
	t.Parallel()
	doc := contract(t)
	routes := api.Routes()
	doctor := func(f func([]api.Route) []api.Route) []api.Route { return f(slices.Clone(routes)) }
	for name, tc := range map[string]struct {
		routes   []api.Route
		webhooks []string
		want     string
	}{
		"route without operation": {doctor(func(rs []api.Route) []api.Route {
			return append(rs, api.Route{Method: "GET", Path: "/v1/segments", Permission: access.GuestsRead, Scope: "any"})
		}), webhookRoutes(), "route GET /v1/segments is served but not in openapi.json"},
		"operation without route": {doctor(func(rs []api.Route) []api.Route {
			return slices.DeleteFunc(rs, func(r api.Route) bool { return r.Method == "GET" && r.Path == "/v1/audit/verify" })
		}), webhookRoutes(), "operation GET /v1/audit/verify is in openapi.json but no route serves it"},
		"webhook without operation": {routes, append(webhookRoutes(), "POST /ingest/{source}/{kind}/xml"), "webhook POST /ingest/{source}/{kind}/xml is routed but not in openapi.json"},
		"other permission": {doctor(func(rs []api.Route) []api.Route {
			for i := range rs {
				if rs[i].Path == "/v1/retention" && rs[i].Method == "PUT" {
					rs[i].Permission = access.AuditRead
				}
			}
			return rs
		}), webhookRoutes(), `PUT /v1/retention: x-permission "privacy:manage", the route needs "audit:read"`},
		"made public": {doctor(func(rs []api.Route) []api.Route {
			for i := range rs {
				if rs[i].Path == "/v1/me" {
					rs[i].Public = true
				}
			}
			return rs
		}), webhookRoutes(), "GET /v1/me: public in openapi.json false, served public true"},
	} {
		problems := checkRoutes(tc.routes, tc.webhooks, doc)
		if len(problems) != 1 || problems[0] != tc.want {
			t.Errorf("%s: problems %q, want exactly %q", name, problems, tc.want)
		}
	}
}

// Every operation documents its success responses with a schema, every request body is JSON, XML or CSV, and every
// list route pages.
func TestEveryOperationIsDescribed(t *testing.T) {
	t.Parallel()
	doc := contract(t)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			key := method + " " + path
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s: needs an operationId and a summary", key)
			}
			if op.Responses.Default() == nil || op.Responses.Default().Ref != "#/components/responses/Error" {
				t.Errorf("%s: the default response must be the shared Error", key)
			}
			ok := false
			for code, r := range op.Responses.Map() {
				if code[0] == '2' {
					ok = true
					for ctype, media := range r.Value.Content {
						if media.Schema == nil {
							t.Errorf("%s %s %s: no schema", key, code, ctype)
						}
					}
				}
			}
			if !ok {
				t.Errorf("%s: no success response", key)
			}
		}
	}
	for _, list := range []string{"/v1/audit", "/v1/approvals", "/v1/journal/days/{day}", "/v1/journal/guests/{id}", "/v1/sources", "/v1/ops/queues/{name}/dead-letters", "/v1/suppressions", "/v1/fraud/alerts", "/v1/giftcards"} {
		op := doc.Paths.Value(list).Get
		if op.Parameters.GetByInAndName("query", "limit") == nil || op.Parameters.GetByInAndName("query", "cursor") == nil {
			t.Errorf("GET %s: a list route takes ?limit= and ?cursor=", list)
		}
		schema := op.Responses.Status(http.StatusOK).Value.Content.Get("application/json").Schema.Value
		if schema.Properties["items"] == nil || schema.Properties["nextCursor"] == nil {
			t.Errorf("GET %s: a list answers {items, nextCursor}", list)
		}
	}
}

// The document is served as it is checked in, and so is the reference page, which needs nothing from the network.
func TestDocumentAndReferenceAreServed(t *testing.T) {
	t.Parallel()
	h := api.New(api.Deps{})
	for path, ctype := range map[string]string{"/openapi.json": "application/json", "/docs": "text/html; charset=utf-8"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != ctype || rec.Header().Get("X-Request-Id") == "" {
			t.Fatalf("GET %s: %d %v", path, rec.Code, rec.Header())
		}
		if path == "/openapi.json" {
			var doc map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || doc["openapi"] != "3.1.0" || !bytes.Equal(rec.Body.Bytes(), api.OpenAPI()) {
				t.Fatalf("openapi.json: %v, version %v", err, doc["openapi"])
			}
			continue
		}
		page := rec.Body.String()
		if strings.Contains(page, "src=\"http") || strings.Contains(page, "href=\"http") || strings.Contains(page, "@import") || !strings.Contains(page, `fetch("openapi.json")`) {
			t.Fatalf("the reference page must load nothing but openapi.json")
		}
	}
}

// The Lambda functions must not link kin-openapi (tests only): the api function validates requests with the JSON
// Schema validator it links anyway for guest profiles.
func TestLambdasDoNotLinkKinOpenAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", "../../functions/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "kin-openapi") || strings.Contains(string(out), "yaml") {
		t.Fatalf("a function links kin-openapi or a YAML parser:\n%s", grep(string(out), "kin-openapi", "yaml"))
	}
}

func grep(s string, words ...string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		for _, w := range words {
			if strings.Contains(l, w) {
				out = append(out, l)
			}
		}
	}
	return strings.Join(out, "\n")
}

func TestEmbeddedContractIsCurrent(t *testing.T) {
	t.Parallel()
	onDisk, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(onDisk, api.OpenAPI()) {
		t.Fatal("openapi.json changed since openapi.json.gz was generated: run go generate ./shared/api")
	}
}
