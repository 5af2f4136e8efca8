package api

import (
	_ "embed"
	"net/http"
)

// openapi.json is THE contract of the HTTP API: every route of the router (routes.go) and of the ingest webhooks,
// with their parameters, bodies, responses, permissions (x-permission, x-scope) and security. It is written by
// hand; TestRoutesMatchTheDocument keeps it and the route table in step, requests are validated against it
// (validate.go), and the end-to-end tests check every response against it.
//
//go:embed openapi.json
var openapiJSON []byte

//go:embed docs.html
var docsHTML []byte

// OpenAPI returns the document.
func OpenAPI() []byte { return openapiJSON }

func (s *server) openapi(w http.ResponseWriter, _ *http.Request, _ *call) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(openapiJSON)
	return err
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
