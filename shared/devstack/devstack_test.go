package devstack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/api/apitest"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/devstack"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// client drives a stack through its HTTP API, as the console and partners do. Every response it receives is
// checked against the API contract (openapi.json): its status must be documented and its body match the schema.
type client struct {
	t       *testing.T
	url     string
	st      *devstack.Stack
	http    *http.Client
	user    map[string]string // email → token
	dataDir string
}

// contractClient is an HTTP client that reports every response that breaks the contract as a test error.
func contractClient(t *testing.T) *http.Client {
	t.Helper()
	contract, err := apitest.Default()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return &http.Client{Transport: &apitest.Transport{Contract: contract, Report: func(method, path string, status int, err error) {
		t.Errorf("%s %s answered %d against the contract (openapi.json): %v", method, path, status, err)
	}, Skip: func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/dev/") }}} // hearth dev's, not the API
}

func start(t *testing.T, opts devstack.Options) *client {
	t.Helper()
	opts.Seed = true
	opts.DataDir = t.TempDir()
	opts.Visibility = 5 * time.Millisecond
	opts.TablePrefix = strings.ReplaceAll(t.Name(), "/", "-") + "-"
	st, err := devstack.Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(st.Handler)
	t.Cleanup(func() { srv.Close(); st.Close() })
	c := &client{t: t, url: srv.URL, st: st, http: contractClient(t), user: map[string]string{}, dataDir: opts.DataDir}
	for _, u := range st.Users {
		c.user[u.Email] = u.Token
	}
	return c
}

// do sends a request as user ("" for none) and decodes the JSON answer.
func (c *client) do(user, method, path, body string, wantStatus int) map[string]any {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.url+path, strings.NewReader(body))
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+c.user[user])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		c.t.Fatalf("%s %s: body is not JSON: %v", method, path, err)
	}
	if resp.StatusCode != wantStatus {
		c.t.Fatalf("%s %s = %d %v, want %d", method, path, resp.StatusCode, out, wantStatus)
	}
	return out
}

func (c *client) drain() {
	c.t.Helper()
	// A deadline for the queues to empty, not a speed target: under a full parallel test run the RBAC matrix's
	// stack has many consumers' work (dashboard computations included) in flight at once.
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	if err := c.st.Runtime.Drain(ctx); err != nil {
		c.t.Fatal(err)
	}
}

func errorCode(out map[string]any) string {
	code, _ := out["code"].(string)
	return code
}

// invalidAt returns the fields an invalid_request names ("in field", comma-separated), or the code of another error.
func invalidAt(out map[string]any) string {
	if errorCode(out) != "invalid_request" {
		return errorCode(out)
	}
	var fields []string
	details, _ := out["details"].([]any)
	for _, d := range details {
		d, _ := d.(map[string]any)
		fields = append(fields, fmt.Sprint(d["in"], " ", d["field"]))
	}
	return strings.Join(fields, ", ")
}

// The demo users, by the email the client knows their tokens by.
const ana, ben, paul, alex, mia = "ana@harbour.example", "ben@harbour.example", "paul@harbour.example", "alex@harbour.example", "mia@harbour.example"

func TestHealthAuthAndHierarchy(t *testing.T) {
	t.Parallel()
	c := start(t, devstack.Options{})
	if out := c.do("", "GET", "/healthz", "", 200); out["status"] != "ok" {
		t.Fatalf("healthz = %v", out)
	}
	if code := errorCode(c.do("", "GET", "/v1/hierarchy", "", 401)); code != "unauthenticated" {
		t.Fatalf("no token: code %q", code)
	}
	tree := c.do(ana, "GET", "/v1/hierarchy", "", 200)
	kinds := map[string]int{}
	for _, b := range tree["brands"].([]any) {
		for _, p := range b.(map[string]any)["properties"].([]any) {
			kinds[p.(map[string]any)["kind"].(string)]++
		}
	}
	if len(tree["brands"].([]any)) != 2 || kinds["hotel"] < 4 || kinds["restaurant"] < 1 || kinds["spa"] < 1 {
		t.Fatalf("demo group: brands %d, kinds %v", len(tree["brands"].([]any)), kinds)
	}
	if p := c.do(ana, "GET", "/v1/properties/hh-london-spa", "", 200); p["timeZone"] != "Europe/London" || p["currency"] != "GBP" {
		t.Fatalf("property = %v", p)
	}
	if code := errorCode(c.do(ana, "GET", "/v1/properties/atlantis", "", 404)); code != "not_found" {
		t.Fatalf("unknown property: code %q", code)
	}
	if code := errorCode(c.do(ana, "GET", "/v1/nothing-here", "", 404)); code != "no_route" {
		t.Fatalf("unknown route: code %q", code)
	}
	if me := c.do(ben, "GET", "/v1/me", "", 200); me["actor"].(map[string]any)["email"] != ben {
		t.Fatalf("me = %v", me)
	}
}

func TestEventsAreValidatedJournalledOnceAndRolledUp(t *testing.T) {
	t.Parallel()
	c := start(t, devstack.Options{})
	fixture, err := os.ReadFile("../../events/testdata/stay_checked_out.json")
	if err != nil {
		t.Fatal(err)
	}
	good := string(fixture)
	for _, tc := range []struct{ name, body, code, says string }{
		{"malformed", `{"id":`, "invalid_request", "body"},
		{"unknown type", strings.Replace(good, "Stay Checked Out", "Stay Evaporated", 1), "invalid_event", "unknown detail-type"},
		{"wrong version", strings.Replace(good, `"version": 1`, `"version": 3`, 1), "invalid_event", "version 3 is not supported"},
		{"bad detail", strings.Replace(good, `"nights": 3`, `"nights": -3`, 1), "invalid_event", "nights cannot be negative"},
	} {
		out := c.do(ana, "POST", "/v1/events", tc.body, 400)
		msg, _ := out["message"].(string)
		if errorCode(out) != tc.code || !strings.Contains(msg, tc.says) {
			t.Errorf("%s: %v, want code %s saying %q", tc.name, out, tc.code, tc.says)
		}
	}
	for i := 0; i < 2; i++ { // the same event twice: journalled once
		c.do(ana, "POST", "/v1/events", good, 202)
	}
	c.drain()
	day := c.do(ana, "GET", "/v1/journal/days/2026-11-20", "", 200)
	if n := len(day["items"].([]any)); n != 1 {
		t.Fatalf("journal holds %d events, want 1", n)
	}
	if n := len(c.do(ana, "GET", "/v1/journal/guests/G-01JD4Y", "", 200)["items"].([]any)); n != 1 {
		t.Fatalf("guest history holds %d events, want 1", n)
	}
	if at := invalidAt(c.do(ana, "GET", "/v1/journal/days/20-11-2026", "", 400)); at != "path day" {
		t.Fatalf("bad day: %q", at)
	}
	// The nightly schedule, fired twice for the same time, rolls up the previous day once.
	nightly := schedule(t, "daily-rollup")
	for i := 0; i < 2; i++ {
		if err := c.st.Runtime.Fire(context.Background(), nightly, time.Date(2026, 11, 21, 0, 15, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	c.drain()
	counts := c.do(ana, "GET", "/v1/journal/rollups/2026-11-20", "", 200)["counts"].(map[string]any)
	if counts[events.TypeStayCheckedOut] != 1.0 {
		t.Fatalf("rollup = %v", counts)
	}
	export := c.do(ana, "POST", "/v1/exports/journal/2026-11-20", "", 201)
	csv, err := os.ReadFile(filepath.Join(c.dataDir, "s3", "exports", "journal", "2026-11-20.csv"))
	if err != nil || export["rows"] != 1.0 || !strings.Contains(string(csv), "Stay Checked Out") || strings.Count(string(csv), "\n") != 2 {
		t.Fatalf("export = %v; file %q, %v", export, csv, err)
	}
	queues := c.do(ana, "GET", "/v1/ops/queues", "", 200)["queues"].([]any)
	for _, raw := range queues {
		q := raw.(map[string]any)
		if q["name"] == "journal" && (q["dead"] != 0.0 || q["visible"] != 0.0 || q["handled"] != 4.0) {
			t.Fatalf("journal queue = %v", q)
		}
	}
}

func TestApprovalNeedsASecondPerson(t *testing.T) {
	t.Parallel()
	c := start(t, devstack.Options{})
	if out := c.do(ana, "POST", "/v1/approvals", `{"kind":"points_adjustment","summary":"x","colour":"red"}`, 400); errorCode(out) != "invalid_request" || !strings.Contains(fmt.Sprint(out["details"]), "colour") {
		t.Fatalf("unknown field: %v", out)
	}
	if at := invalidAt(c.do(ana, "POST", "/v1/approvals", `{"kind":"points_adjustment"}`, 400)); at != "body /summary" {
		t.Fatalf("no summary: %q", at)
	}
	a := c.do(ana, "POST", "/v1/approvals", `{"kind":"points_adjustment","summary":"+5000 points goodwill","brandId":"harbour","propertyId":"hh-lisbon","payload":{"points":5000}}`, 202)
	id := a["id"].(string)
	pending := c.do(ben, "GET", "/v1/approvals?status=pending", "", 200)["items"].([]any)
	if len(pending) != 1 || pending[0].(map[string]any)["status"] != "pending" {
		t.Fatalf("pending = %v", pending)
	}
	if code := errorCode(c.do(ana, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 403)); code != "self_approval" {
		t.Fatalf("self approval: code %q", code)
	}
	if at := invalidAt(c.do(ben, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"maybe"}`, 400)); at != "body /outcome" {
		t.Fatalf("bad outcome: %q", at)
	}
	if got := c.do(ben, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved","comment":"ok"}`, 200); got["status"] != "approved" || got["decidedBy"] != ben {
		t.Fatalf("decision = %v", got)
	}
	if code := errorCode(c.do(ben, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"rejected"}`, 409)); code != "not_pending" {
		t.Fatalf("second decision: code %q", code)
	}
	c.drain()
	assertDecisionJournalled(t, c, id, "approved")
	trail := c.do(ana, "GET", "/v1/audit?resource=approval/"+id, "", 200)["items"].([]any)
	if len(trail) != 3 || trail[1].(map[string]any)["outcome"] != "denied" || trail[1].(map[string]any)["actor"] != ana {
		t.Fatalf("audit trail of the approval = %v, want the request, the refused self-approval and the decision", trail)
	}
	if d := trail[2].(map[string]any); d["actor"] != ben || d["action"] != "POST /v1/approvals/{id}/decision" || d["beforeDigest"] == nil || d["afterDigest"] == nil || d["propertyId"] != "hh-lisbon" {
		t.Fatalf("decision audit entry = %v", d)
	}
	if v := c.do(ana, "GET", "/v1/audit/verify", "", 200); v["ok"] != true {
		t.Fatalf("audit verify = %v", v)
	}
	if code := errorCode(c.do(ana, "GET", "/v1/approvals/nope", "", 404)); code != "not_found" {
		t.Fatalf("unknown approval: code %q", code)
	}
	if at := invalidAt(c.do(ben, "GET", "/v1/approvals?status=sideways", "", 400)); at != "query status" {
		t.Fatalf("bad status: %q", at)
	}
}

func TestUnansweredApprovalExpires(t *testing.T) {
	t.Parallel()
	c := start(t, devstack.Options{ApprovalTimeout: 100 * time.Millisecond})
	id := c.do(ana, "POST", "/v1/approvals", `{"kind":"erasure","summary":"erase guest G-1","brandId":"harbour"}`, 202)["id"].(string)
	time.Sleep(250 * time.Millisecond)
	if got := c.do(ben, "GET", "/v1/approvals/"+id, "", 200); got["status"] != "expired" {
		t.Fatalf("status = %v, want expired", got["status"])
	}
	if code := errorCode(c.do(ben, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 409)); code != "not_pending" {
		t.Fatalf("late decision: code %q", code)
	}
	c.drain()
	assertDecisionJournalled(t, c, id, "expired")
}

func assertDecisionJournalled(t *testing.T, c *client, id, outcome string) {
	t.Helper()
	day := time.Now().UTC().Format(time.DateOnly)
	for _, e := range c.do(ana, "GET", "/v1/journal/days/"+day, "", 200)["items"].([]any) {
		env := e.(map[string]any)
		data, _ := json.Marshal(env["data"])
		if env["type"] == events.TypeApprovalDecided && bytes.Contains(data, []byte(id)) && bytes.Contains(data, []byte(`"outcome":"`+outcome+`"`)) {
			return
		}
	}
	t.Fatalf("no %s decision for %s in the journal", outcome, id)
}

// devstackOptions switch the fraud rules off: tests enrol and redeem within seconds, which the demo policy would
// flag; the fraud test turns them on.
func devstackOptions() devstack.Options { return devstack.Options{Fraud: &loyalty.FraudPolicy{}} }

// token signs a token for any actor.
func (c *client) token(t *testing.T, a auth.Actor) string {
	t.Helper()
	tok, err := c.st.Token(a)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// actor registers a test actor and returns the key to call as.
func (c *client) actor(t *testing.T, a auth.Actor) string {
	if _, ok := c.user[a.Email]; !ok {
		c.user[a.Email] = c.token(t, a)
	}
	return a.Email
}

// raw sends a request and returns the status and body without judging them.
func (c *client) raw(user, method, path, body string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.url+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.user[user])
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp.StatusCode, readAll(resp)
}

func readAll(resp *http.Response) string {
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func TestUnsubscribeLinkWorksWithoutLogin(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "POST", "/v1/guests/G7/consent", `{"channel":"email","purpose":"marketing","scope":"harbour","status":"granted","source":"precheckin","textVersion":"v3"}`, 201)
	if at := invalidAt(c.do(ana, "POST", "/v1/guests/G7/consent", `{"channel":"email","purpose":"marketing","scope":"harbour","status":"perhaps","source":"console"}`, 400)); at != "body /status" {
		t.Fatalf("invalid status: %q", at)
	}
	decision := func() bool {
		return c.do(ana, "GET", "/v1/guests/G7/consent/decision?channel=email&purpose=marketing&brandId=harbour", "", 200)["allowed"].(bool)
	}
	if !decision() {
		t.Fatal("granted consent is not honoured")
	}
	link := c.do(ana, "POST", "/v1/guests/G7/unsubscribe-links", `{"channel":"email","purpose":"marketing","scope":"harbour","validDays":60}`, 201)
	path := link["path"].(string)
	if out := c.do("", "GET", path, "", 200); out["purpose"] != "marketing" || !decision() {
		t.Fatalf("GET on the link must only show it: %v", out)
	}
	if code := errorCode(c.do("", "POST", path+"x", "", 400)); code != "bad_link" {
		t.Fatalf("tampered link: code %q", code)
	}
	if out := c.do("", "POST", path, "", 200); out["unsubscribed"] != true || decision() {
		t.Fatalf("unsubscribe = %v; decision still allows", out)
	}
	history := c.do(ana, "GET", "/v1/guests/G7/consent", "", 200)["history"].([]any)
	if len(history) != 2 || history[1].(map[string]any)["source"] != "unsubscribe" {
		t.Fatalf("history = %v", history)
	}
}
