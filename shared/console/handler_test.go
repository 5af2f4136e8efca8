package console_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/console"
)

// fakeDist writes a tiny built console: index.html, a hashed asset and a top-level file.
func fakeDist(t *testing.T) string {
	t.Helper()
	dist := t.TempDir()
	for name, body := range map[string]string{
		"index.html":           `<!doctype html><div id="root"></div>`,
		"assets/index-3f9a.js": `console.log("app")`,
		"favicon.svg":          `<svg/>`,
	} {
		p := filepath.Join(dist, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dist
}

func TestHandlerServesTheAppForDeepLinksAndCachesAssets(t *testing.T) {
	t.Parallel()
	h := console.Handler(fakeDist(t))
	for _, tc := range []struct {
		method, path string
		status       int
		body, cache  string
	}{
		{"GET", "/", 200, `<div id="root">`, "no-cache"},
		{"GET", "/guests/G-360", 200, `<div id="root">`, "no-cache"}, // a deep link reaches the app's router
		{"GET", "/properties/hh-lisbon/reconciliation/2026-12-21", 200, `<div id="root">`, "no-cache"},
		{"GET", "/guests/G.1", 200, `<div id="root">`, "no-cache"}, // a dot in an id is not a file
		{"GET", "/assets/index-3f9a.js", 200, `console.log`, "public, max-age=31536000, immutable"},
		{"HEAD", "/assets/index-3f9a.js", 200, ``, "public, max-age=31536000, immutable"},
		{"GET", "/favicon.svg", 200, `<svg/>`, "no-cache"},
		{"GET", "/assets/index-old.js", 404, ``, ""}, // a stale page's asset: never index.html as JavaScript
		{"GET", "/../../etc/passwd", 200, `<div id="root">`, "no-cache"},
		{"POST", "/guests/G-360", 405, ``, ""},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		body, _ := io.ReadAll(rec.Body)
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s %s: Content-Security-Policy %q", tc.method, tc.path, csp)
		}
		if rec.Code != tc.status || !strings.Contains(string(body), tc.body) || rec.Header().Get("Cache-Control") != tc.cache {
			t.Errorf("%s %s = %d %q cache %q; want %d containing %q, cache %q", tc.method, tc.path, rec.Code, body,
				rec.Header().Get("Cache-Control"), tc.status, tc.body, tc.cache)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/assets/index-3f9a.js", nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("asset content type = %q", ct)
	}
}

func TestHandlerSaysWhenTheConsoleIsNotBuilt(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	console.Handler(t.TempDir()).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "npm run build") {
		t.Fatalf("unbuilt console = %d %q", rec.Code, rec.Body.String())
	}
}
