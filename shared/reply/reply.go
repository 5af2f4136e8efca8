// Package reply writes what every HTTP answer of Hearth has in common, for the api and the ingest functions alike:
// the request id (header X-Request-Id on every response, success or error) and the one error shape,
// {code, message, details, requestId}, that shared/api/openapi.json declares as the Error schema.
package reply

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"time"

	"github.com/awslabs/aws-lambda-go-api-proxy/core"
	"github.com/oklog/ulid/v2"
)

// Header carries the request id on requests (optionally, from callers) and on every response.
const Header = "X-Request-Id"

// Error is the body of every failed response. Code is machine-readable and stable; Message is for people; Details
// name what was wrong where (the fields of an invalid request); RequestID is the response's X-Request-Id, which
// the logs and the audit log carry too.
type Error struct {
	Code      string   `json:"code"`
	Message   string   `json:"message"`
	Details   []Detail `json:"details"`
	RequestID string   `json:"requestId"`
}

// Detail is one problem: where (In: path, query, header or body), which field (a parameter name, or a JSON
// pointer into the body such as /points), and why.
type Detail struct {
	In     string `json:"in,omitempty"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

type ctxKey struct{}

// RequestIDs gives every request an id and every response the X-Request-Id header: API Gateway's request id when
// the request came through the Lambda proxy (so the id matches API Gateway's access logs), else the caller's
// X-Request-Id if it is a sensible token (hearth dev, tests, scripts), else a new ULID.
func RequestIDs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := requestID(r)
		w.Header().Set(Header, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, id)))
	})
}

func requestID(r *http.Request) string {
	if gw, ok := core.GetAPIGatewayV2ContextFromContext(r.Context()); ok && gw.RequestID != "" {
		return gw.RequestID
	}
	if id := r.Header.Get(Header); token(id) {
		return id
	}
	return ulid.MustNew(ulid.Timestamp(time.Now()), rand.Reader).String()
}

// token accepts ids of 1 to 128 printable ASCII characters without spaces or quotes: they end up in headers, logs
// and the audit log.
func token(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// RequestID returns the request's id (set by RequestIDs; empty outside it).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// JSON writes v with the status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Fail writes e with the status, filling in the request id and an empty details list.
func Fail(w http.ResponseWriter, r *http.Request, status int, e Error) {
	if e.Details == nil {
		e.Details = []Detail{}
	}
	if e.RequestID == "" {
		e.RequestID = RequestID(r.Context())
	}
	if e.RequestID == "" { // a handler used without RequestIDs still answers with an id
		e.RequestID = requestID(r)
		w.Header().Set(Header, e.RequestID)
	}
	JSON(w, status, e)
}
