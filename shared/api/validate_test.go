package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/hearthcrm/hearth/shared/api"
	"github.com/hearthcrm/hearth/shared/api/apitest"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/reply"
)

func TestEveryOperationCompiles(t *testing.T) {
	t.Parallel()
	for _, r := range api.Routes() {
		if err := api.CompileOperation(r.Method, r.Path); err != nil {
			t.Errorf("%s %s: %v", r.Method, r.Path, err)
		}
	}
}

// The runtime validator and kin-openapi, the reference, agree on which requests the contract allows.
func TestRequestValidationAgreesWithKinOpenAPI(t *testing.T) {
	t.Parallel()
	c, err := apitest.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		method, pattern, target, body string
		valid                         bool
		field                         string // the detail our validator names, for invalid requests
	}{
		{"POST", "/v1/approvals", "/v1/approvals", `{"kind":"k","summary":"s","payload":{"points":5}}`, true, ""},
		{"POST", "/v1/approvals", "/v1/approvals", `{"kind":"k"}`, false, "body /summary"},
		{"POST", "/v1/approvals", "/v1/approvals", `{"kind":"k","summary":"s","colour":"red"}`, false, "body /colour"},
		{"POST", "/v1/approvals", "/v1/approvals", `{"kind":"k",`, false, "body "},
		{"POST", "/v1/approvals", "/v1/approvals", ``, false, "body "},
		{"GET", "/v1/approvals", "/v1/approvals?status=approved&limit=10", "", true, ""},
		{"GET", "/v1/approvals", "/v1/approvals?status=sideways", "", false, "query status"},
		{"GET", "/v1/approvals", "/v1/approvals?limit=0", "", false, "query limit"},
		{"GET", "/v1/approvals", "/v1/approvals?limit=ten", "", false, "query limit"},
		{"GET", "/v1/journal/days/{day}", "/v1/journal/days/2026-11-20", "", true, ""},
		{"GET", "/v1/journal/days/{day}", "/v1/journal/days/20-11-2026", "", false, "path day"},
		{"PUT", "/v1/retention", "/v1/retention", `{"days":{"profile":1095,"stays":2555,"spend":2555,"messages":400,"surveys":730,"audit":2555}}`, true, ""},
		{"PUT", "/v1/retention", "/v1/retention", `{"days":{"profile":0,"stays":2555,"spend":2555,"messages":400,"surveys":730,"audit":2555}}`, false, "body /days/profile"},
		{"POST", "/v1/guests/{id}/membership/adjustments", "/v1/guests/G1/membership/adjustments", `{"points":-40,"reference":"a"}`, true, ""},
		{"POST", "/v1/guests/{id}/membership/adjustments", "/v1/guests/G1/membership/adjustments", `{"points":0,"reference":"a"}`, false, "body /points"},
		{"POST", "/v1/guests/{id}/membership/redemptions", "/v1/guests/G1/membership/redemptions", `{"points":"10","reference":"a"}`, false, "body /points"},
		{"PUT", "/v1/guests/{id}/profile", "/v1/guests/G1/profile?consentGiven=true", `{"name":{"last":"Doe"},"contacts":[{"type":"email","value":"doe@example.org"}]}`, true, ""},
		{"PUT", "/v1/guests/{id}/profile", "/v1/guests/G1/profile", `{"name":{"last":"Doe"},"contacts":[{"type":"email","value":"not an address"}]}`, false, "body /contacts/0/value"},
		{"PUT", "/v1/guests/{id}/profile", "/v1/guests/G1/profile?consentGiven=maybe", `{"name":{"last":"Doe"}}`, false, "query consentGiven"},
		{"GET", "/v1/guests/{id}/consent/decision", "/v1/guests/G1/consent/decision?channel=email", "", false, "query purpose"},
		{"POST", "/v1/unsubscribe", "/v1/unsubscribe", "", false, "query token"},
		{"GET", "/v1/audit", "/v1/audit?from=yesterday", "", false, "query from"},
	} {
		name := tc.method + " " + tc.target + " " + tc.body
		req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
		ours := api.ValidateRequest(req, tc.method, tc.pattern)
		var invalid *reply.Error
		if ours != nil {
			status, body := api.ErrorOf(ours)
			if status != http.StatusBadRequest || body.Code != "invalid_request" {
				t.Errorf("%s: %d %s", name, status, body.Code)
			}
			invalid = &body
		}
		kinReq := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
		if tc.body != "" {
			kinReq.Header.Set("Content-Type", "application/json")
		}
		theirs := kinValidate(c, kinReq)
		if (ours == nil) != tc.valid || (theirs == nil) != tc.valid {
			t.Errorf("%s: ours %v, kin-openapi %v; want valid %v", name, ours, theirs, tc.valid)
			continue
		}
		if invalid != nil {
			var fields []string
			for _, d := range invalid.Details {
				fields = append(fields, d.In+" "+d.Field)
			}
			if strings.Join(fields, ", ") != tc.field {
				t.Errorf("%s: details name %q, want %q", name, fields, tc.field)
			}
		}
	}
}

func kinValidate(c *apitest.Contract, req *http.Request) error {
	route, params, err := c.Router().FindRoute(req)
	if err != nil {
		return err
	}
	return openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	})
}

// Through the whole handler: an invalid request is refused before its handler runs (these Deps have no stores),
// with the shared error shape and the request id.
func TestInvalidRequestsAreRefusedWithTheSharedShape(t *testing.T) {
	t.Parallel()
	admin := func(*http.Request) (auth.Actor, error) {
		return auth.Actor{Subject: "a", Email: "a@test", Groups: []string{"group-admin/group"}}, nil
	}
	h := api.New(api.Deps{Identify: admin})
	for _, tc := range []struct{ method, target, body, code, field string }{
		{"PUT", "/v1/retention", `{"days":{"profile":"forever"}}`, "invalid_request", "/days/profile"},
		{"POST", "/v1/unsubscribe", "", "invalid_request", "token"},
		{"GET", "/v1/audit?limit=9999", "", "invalid_request", "limit"},
		{"GET", "/v1/nowhere", "", "no_route", ""},
		{"DELETE", "/v1/me", "", "no_route", ""},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
		req.Header.Set("X-Request-Id", "req-"+tc.code)
		h.ServeHTTP(rec, req)
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%s %s: %v", tc.method, tc.target, err)
		}
		details, _ := body["details"].([]any)
		if len(body) != 4 || body["code"] != tc.code || body["message"] == "" || body["requestId"] != "req-"+tc.code || rec.Header().Get("X-Request-Id") != "req-"+tc.code || details == nil {
			t.Errorf("%s %s: %d %v", tc.method, tc.target, rec.Code, body)
		}
		named := false
		for _, d := range details {
			named = named || d.(map[string]any)["field"] == tc.field
		}
		if tc.field != "" && !named {
			t.Errorf("%s %s: details %v, want %s named", tc.method, tc.target, details, tc.field)
		}
	}
}
