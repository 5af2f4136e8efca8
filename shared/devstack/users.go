package devstack

import (
	"encoding/json"
	"net"
	"net/http"

	"github.com/hearthcrm/hearth/shared/reply"
)

// apiPaths are the paths the API owns when the console is served at /. A new API path outside /v1/ must be added
// here, or the console's router answers it with index.html.
var apiPaths = []string{"/v1/", "/healthz", "/openapi.json", "/docs"}

// demoUserView is a demo user as the console's local login screen lists it.
type demoUserView struct {
	Email  string   `json:"email"`
	Name   string   `json:"name"`
	Groups []string `json:"groups"`
	Token  string   `json:"token"`
}

// demoGuestView is a demo guest as the console's guest screen suggests it under hearth dev (the API has no guest
// search yet).
type demoGuestView struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	PropertyID string `json:"propertyId"`
}

// demoGuestList answers GET /dev/guests: the guests SeedDemoGuests files, to callers on this machine.
func demoGuestList() http.Handler {
	out := []demoGuestView{}
	for _, g := range demoGuests() {
		out = append(out, demoGuestView{ID: g.id, Name: g.first + " " + g.last, PropertyID: g.property})
	}
	return localOnly(func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"guests": out})
	})
}

// demoUsers answers GET /dev/users: the demo users and their tokens, for the console's login screen under
// `hearth dev`. It exists only here, never in the Lambda API (in AWS the console signs in through Cognito's
// hosted login), and answers only callers on this machine, as the tokens hearth dev prints are only shown there.
func demoUsers(users []DemoUser) http.Handler {
	out := make([]demoUserView, 0, len(users))
	for _, u := range users {
		out = append(out, demoUserView{Email: u.Email, Name: u.Name, Groups: u.Groups, Token: u.Token})
	}
	return localOnly(func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"users": out})
	})
}

// localOnly answers JSON, uncached, to callers on this machine and refuses everyone else.
func localOnly(h http.HandlerFunc) http.Handler {
	return reply.RequestIDs(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // the API's error shape and request ids
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if !loopback(r.RemoteAddr) {
			reply.Fail(w, r, http.StatusForbidden, reply.Error{Code: "forbidden", Message: "hearth dev's demo data is only listed to callers on this machine"})
			return
		}
		h(w, r)
	}))
}

// loopback reports whether a request's remote address (host:port) is on this machine.
func loopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
