// Package console serves and builds the marketer console, the single-page app in the repository's console/ folder.
// `hearth dev` serves it at / beside the API; in AWS it is deployed to S3 behind CloudFront.
package console

import (
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
)

// Handler serves a built console from dist, with the security headers CloudFront adds in AWS (the
// Content-Security-Policy included): files as they are, content-hashed assets (Vite's assets/ folder) with a year's
// immutable caching, and index.html, never cached, for every other path so deep links reach the app's router. A
// missing asset is a 404, not the app: a stale page must not parse HTML as JavaScript.
func Handler(dist string) http.Handler {
	root := os.DirFS(dist)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", ContentSecurityPolicy())
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		immutable := strings.HasPrefix(name, "assets/")
		if name != "" && serveFile(w, r, root, name, immutable) {
			return
		}
		if immutable {
			http.NotFound(w, r)
			return
		}
		if !serveFile(w, r, root, "index.html", false) {
			http.Error(w, "the console is not built: run npm ci && npm run build in console/", http.StatusServiceUnavailable)
		}
	})
}

// serveFile answers with one regular file of root, reporting false when there is none by that name.
func serveFile(w http.ResponseWriter, r *http.Request, root fs.FS, name string, immutable bool) bool {
	f, err := root.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		return false
	}
	if immutable {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, info.Name(), info.ModTime(), rs)
	return true
}
