package reply_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/hearthcrm/hearth/shared/reply"
)

func failing(w http.ResponseWriter, r *http.Request) {
	reply.Fail(w, r, http.StatusTeapot, reply.Error{Code: "teapot", Message: "short and stout"})
}

func TestEveryResponseCarriesARequestID(t *testing.T) {
	t.Parallel()
	h := reply.RequestIDs(http.HandlerFunc(failing))
	for name, tc := range map[string]struct{ sent, want string }{
		"generated":     {"", ""},
		"caller's":      {"trace-42", "trace-42"},
		"not a token":   {"two words", ""},
		"header inject": {"a\r\nb", ""},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		if tc.sent != "" {
			req.Header[reply.Header] = []string{tc.sent}
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		id := rec.Header().Get(reply.Header)
		var body reply.Error
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		if id == "" || body.RequestID != id || body.Details == nil || body.Code != "teapot" {
			t.Errorf("%s: header %q, body %+v", name, id, body)
		}
		if tc.want != "" && id != tc.want || tc.want == "" && id == tc.sent {
			t.Errorf("%s: id %q, sent %q", name, id, tc.sent)
		}
	}
}

// Behind API Gateway, the id is API Gateway's own, whatever the caller sent.
func TestAPIGatewayRequestIDWins(t *testing.T) {
	t.Parallel()
	adapter := httpadapter.NewV2(reply.RequestIDs(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reply.JSON(w, http.StatusOK, map[string]string{"id": reply.RequestID(r.Context())})
	})))
	resp, err := adapter.ProxyWithContext(context.Background(), events.APIGatewayV2HTTPRequest{
		RawPath: "/healthz", Headers: map[string]string{reply.Header: "from-the-caller"},
		RequestContext: events.APIGatewayV2HTTPRequestContext{RequestID: "Zk3pQjA1oAMEbXw=", HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{Method: "GET", Path: "/healthz"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Headers[reply.Header] != "Zk3pQjA1oAMEbXw=" || resp.Body != `{"id":"Zk3pQjA1oAMEbXw="}`+"\n" {
		t.Fatalf("response %d headers %v body %q", resp.StatusCode, resp.Headers, resp.Body)
	}
}
