package devstack_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/devstack"
)

// TestDemoUsersAreListedLocallyWithWorkingTokens: the console's local login screen reads GET /dev/users; each
// token it hands out works on the API, and callers from another machine are refused.
func TestDemoUsersAreListedLocallyWithWorkingTokens(t *testing.T) {
	t.Parallel()
	c := start(t, devstack.Options{})
	users := c.do("", "GET", "/dev/users", "", 200)["users"].([]any)
	if len(users) != 5 {
		t.Fatalf("users = %v", users)
	}
	for _, u := range users {
		u := u.(map[string]any)
		c.user["listed"] = u["token"].(string)
		me := c.do("listed", "GET", "/v1/me", "", 200)
		if me["actor"].(map[string]any)["email"] != u["email"] || u["name"] == "" || len(u["groups"].([]any)) == 0 {
			t.Fatalf("user %v is %v", u, me)
		}
	}
	req := httptest.NewRequest("GET", "/dev/users", nil)
	req.RemoteAddr = "192.0.2.7:50000"
	rec := httptest.NewRecorder()
	c.st.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), "eyJ") || !strings.Contains(rec.Body.String(), `"code":"forbidden"`) {
		t.Fatalf("remote caller = %d %s", rec.Code, rec.Body.String())
	}
}

// TestConsoleIsServedBesideTheAPI: with a console, / and deep links reach it while the API keeps its paths
// (unknown API routes still answer JSON, not the app).
func TestConsoleIsServedBesideTheAPI(t *testing.T) {
	t.Parallel()
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("<app>")) })
	c := start(t, devstack.Options{Console: app})
	for path, want := range map[string]string{
		"/": "<app>", "/guests/G-1": "<app>", "/healthz": `"status":"ok"`, "/v1/nothing": `"no_route"`, "/v1/me": `"unauthenticated"`,
	} {
		rec := httptest.NewRecorder()
		c.st.Handler.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s = %d %s, want %s", path, rec.Code, rec.Body.String(), want)
		}
	}
}
