// Package apitest checks HTTP exchanges against the API contract (shared/api/openapi.json) with kin-openapi, for
// tests: a Transport that validates every response a test client receives, and the document itself loaded and
// validated. Only test binaries import it, so the Lambda functions never link kin-openapi (see the api package's
// TestLambdasDoNotLinkKinOpenAPI).
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/hearthcrm/hearth/shared/api"
	"github.com/hearthcrm/hearth/shared/profile"
)

// ProfileSchemaURL is the guest profile schema's $id, by which openapi.json refers to it.
const ProfileSchemaURL = "https://hearth.example/schemas/guest-profile.schema.json"

// The runtime validator asserts formats, as JSON Schema lets a validator choose to; kin-openapi asserts email only
// once it is defined.
func init() {
	openapi3.DefineStringFormatValidator("email", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail))
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)      // GET /docs
	openapi3filter.RegisterBodyDecoder("text/xml", openapi3filter.PlainBodyDecoder)       // OTA replies
	openapi3filter.RegisterBodyDecoder("application/pdf", openapi3filter.FileBodyDecoder) // printable certificates
}

// Load parses and validates an OpenAPI document, resolving the guest profile schema from the embedded copy (the
// document refers to no other external file, and the loader fetches nothing from the network).
func Load(raw []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		if u.String() == ProfileSchemaURL {
			return profile.SchemaJSON(), nil
		}
		return nil, fmt.Errorf("openapi.json refers to %s: only the guest profile schema may be external", u)
	}
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	return doc, nil
}

var contract = sync.OnceValues(func() (*Contract, error) { return New(api.OpenAPI()) })

// Default returns the contract of shared/api/openapi.json, loaded once per test binary.
func Default() (*Contract, error) { return contract() }

// Contract is a loaded document and its router.
type Contract struct {
	Doc    *openapi3.T
	router routers.Router
}

// New loads a document (a doctored one, in the tests that prove mismatches are caught).
func New(raw []byte) (*Contract, error) {
	doc, err := Load(raw)
	if err != nil {
		return nil, err
	}
	r, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &Contract{Doc: doc, router: r}, nil
}

// CheckResponse validates a response to req: its status must be declared (or fall under default, the Error
// shape), its body must match the declared schema, and it must carry X-Request-Id.
func (c *Contract) CheckResponse(req *http.Request, status int, header http.Header, body []byte) error {
	if header.Get("X-Request-Id") == "" {
		return errors.New("no X-Request-Id header")
	}
	route, params, err := c.FindRoute(req)
	if err != nil {
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return c.checkError(status, header, body) // no route: still the one error shape
		}
		return fmt.Errorf("no operation in the document: %w", err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	return brief(openapi3filter.ValidateResponse(context.Background(), in))
}

// brief reduces kin-openapi's errors, which quote whole schemas and values, to one line per problem: where in the
// body and why.
func brief(err error) error {
	if err == nil {
		return nil
	}
	var lines []string
	var walk func(error)
	walk = func(err error) {
		var multi openapi3.MultiError
		var schemaErr *openapi3.SchemaError
		switch {
		case errors.As(err, &multi):
			for _, e := range multi {
				walk(e)
			}
		case errors.As(err, &schemaErr):
			if schemaErr.Reason == "" {
				lines = append(lines, firstLine(schemaErr.Error()))
				return
			}
			lines = append(lines, "/"+strings.Join(schemaErr.JSONPointer(), "/")+": "+schemaErr.Reason)
		default:
			if u, ok := err.(interface{ Unwrap() []error }); ok {
				for _, e := range u.Unwrap() {
					walk(e)
				}
				return
			}
			lines = append(lines, firstLine(err.Error()))
		}
	}
	walk(err)
	return errors.New(strings.Join(lines, "; "))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// checkError validates a body against the Error schema.
func (c *Contract) checkError(status int, header http.Header, body []byte) error {
	ref := c.Doc.Components.Responses["Error"]
	if ref == nil || ref.Value == nil {
		return errors.New("the document has no Error response")
	}
	media := ref.Value.Content.Get(header.Get("Content-Type"))
	if media == nil {
		return fmt.Errorf("%d with content type %q, want the Error shape as JSON", status, header.Get("Content-Type"))
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("error body is not JSON: %w", err)
	}
	return media.Schema.Value.VisitJSON(v, openapi3.EnableJSONSchema2020())
}

// Transport validates every response passing through it and reports mismatches; it never changes what the client
// sees.
type Transport struct {
	Base     http.RoundTripper // http.DefaultTransport if nil
	Contract *Contract
	Report   func(method, path string, status int, err error)
	// Skip, if set, names requests that are not the API's (hearth dev's own /dev/ endpoints): passed through unchecked.
	Skip func(*http.Request) bool
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if err != nil || (t.Skip != nil && t.Skip(req)) {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if cerr := t.Contract.CheckResponse(req, resp.StatusCode, resp.Header, body); cerr != nil {
		t.Report(req.Method, req.URL.RequestURI(), resp.StatusCode, cerr)
	}
	return resp, nil
}

// Router finds a request's operation in the document.
func (c *Contract) Router() routers.Router { return c.router }

// FindRoute finds a request's operation and its path parameters. kin-openapi's router matches the decoded path, where
// a parameter holding an encoded slash (a fraud alert's key, sent as %2F) would split into segments and match
// nothing; such a request is routed on its escaped path and its parameters unescaped, as the API's own router does.
func (c *Contract) FindRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	if req.URL.RawPath == "" {
		return c.router.FindRoute(req)
	}
	escaped := *req.URL
	escaped.Path, escaped.RawPath = req.URL.EscapedPath(), ""
	clone := req.Clone(req.Context())
	clone.URL = &escaped
	route, params, err := c.router.FindRoute(clone)
	for name, v := range params {
		if plain, uerr := url.PathUnescape(v); uerr == nil {
			params[name] = plain
		}
	}
	return route, params, err
}
