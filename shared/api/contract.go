package api

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// openapi.json is THE contract of the HTTP API: every route of the router (routes.go) and of the ingest webhooks,
// with their parameters, bodies, responses, permissions (x-permission, x-scope) and security. It is written by
// hand; TestRoutesMatchTheDocument keeps it and the route table in step, requests are validated against it
// (validate.go), and the end-to-end tests check every response against it. The function embeds it gzipped (a
// seventh of the size: Lambda binaries have a budget); TestEmbeddedContractIsCurrent fails until it is regenerated.
//
//go:generate go run ./internal/gzdoc openapi.json openapi.json.gz
//go:embed openapi.json.gz
var openapiGzip []byte

var openapiJSON = sync.OnceValue(func() []byte {
	zr, err := gzip.NewReader(bytes.NewReader(openapiGzip))
	if err != nil {
		panic(fmt.Sprintf("embedded openapi.json.gz: %v", err))
	}
	doc, err := io.ReadAll(zr)
	if err != nil {
		panic(fmt.Sprintf("embedded openapi.json.gz: %v", err))
	}
	return doc
})

//go:embed docs.html
var docsHTML []byte

// OpenAPI returns the document.
func OpenAPI() []byte { return openapiJSON() }

func (s *server) openapi(w http.ResponseWriter, r *http.Request, _ *call) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Add("Vary", "Accept-Encoding")
	if acceptsGzip(r) {
		w.Header().Set("Content-Encoding", "gzip")
		_, err := w.Write(openapiGzip)
		return err
	}
	_, err := w.Write(openapiJSON())
	return err
}

// acceptsGzip reports whether the client takes a gzip-encoded body (every browser and HTTP library does).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// docs is the API reference: a self-contained page (no CDN: hotel networks and these machines are often offline)
// that renders /openapi.json in the browser.
func (s *server) docs(w http.ResponseWriter, _ *http.Request, _ *call) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'")
	_, err := w.Write(docsHTML)
	return err
}
