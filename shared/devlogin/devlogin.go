// Package devlogin is hearth dev's stand-in for Cognito's hosted login (`hearth dev --oidc-stub`, off by default),
// so the console's sign-in through the authorization code flow with PKCE can be exercised without AWS. It serves
// Cognito's endpoints under /dev/oidc (oauth2/authorize, oauth2/token, oauth2/revoke, logout) with their
// parameters and errors, lets a demo user be picked instead of typing a password, and signs tokens with the key the
// local API trusts. It answers only callers on this machine, as /dev/users does.
//
// It also serves the console's runtime configuration, /config.json: the demo login normally, this stub with the flag.
package devlogin

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/hearthcrm/hearth/shared/auth"
)

// ClientID is the stub's one app client, the console.
const ClientID = "hearth-console"

// Prefix is where the stub's endpoints live; the console's config names it as the hosted login's domain.
const Prefix = "/dev/oidc"

// codeTTL is how long an authorization code may wait for its exchange (Cognito: five minutes).
const codeTTL = 5 * time.Minute

// Stub is the stand-in hosted login. Codes and refresh tokens live in memory.
type Stub struct {
	users  []auth.Actor
	signer *auth.LocalSigner
	ttl    time.Duration
	now    func() time.Time

	mu      sync.Mutex
	codes   map[string]grant
	refresh map[string]auth.Actor
}

// grant is what an authorization code stands for until it is exchanged.
type grant struct {
	user      auth.Actor
	redirect  string
	challenge string
	nonce     string
	expires   time.Time
}

// New returns a stub that signs in users with signer's key; its ID and access tokens live for ttl.
func New(users []auth.Actor, signer *auth.LocalSigner, ttl time.Duration) *Stub {
	return &Stub{users: users, signer: signer, ttl: ttl, now: time.Now, codes: map[string]grant{}, refresh: map[string]auth.Actor{}}
}

// origin is the console's own origin as this request reached hearth dev: the stub registers its /callback and /
// as redirect and logout URIs, as the CDK stack registers the CloudFront address's.
func origin(r *http.Request) string { return "http://" + r.Host }

// Handler serves the stub's endpoints at Prefix.
func (s *Stub) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Prefix+"/oauth2/authorize", s.authorize)
	mux.HandleFunc("POST "+Prefix+"/oauth2/authorize", s.authorize)
	mux.HandleFunc("POST "+Prefix+"/oauth2/token", s.token)
	mux.HandleFunc("POST "+Prefix+"/oauth2/revoke", s.revoke)
	mux.HandleFunc("GET "+Prefix+"/logout", s.logout)
	return localOnly(mux)
}

// Config is the console's /config.json: Cognito's shape, pointing at this stub.
func (s *Stub) Config(r *http.Request) map[string]any {
	o := origin(r)
	return map[string]any{
		"auth":    "cognito",
		"apiBase": "",
		"region":  "local",
		"cognito": map[string]any{
			"domain":       o + Prefix,
			"clientId":     ClientID,
			"issuer":       s.signer.Issuer(),
			"scopes":       []string{"openid", "email", "profile"},
			"redirectUris": []string{o + "/callback"},
			"logoutUris":   []string{o + "/"},
		},
	}
}

// ConfigHandler serves /config.json: the demo login when stub is nil, else the stub's hosted login.
func ConfigHandler(stub *Stub) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cfg := map[string]any{"auth": "dev"}
		if stub != nil {
			cfg = stub.Config(r)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-cache")
		_ = json.NewEncoder(w).Encode(cfg)
	})
}

// authorize checks the request as Cognito does (client, registered redirect URI, code flow, PKCE with S256), shows
// the demo users (GET) and, once one is picked (POST), redirects back with a code and the client's state.
func (s *Stub) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch {
	case q.Get("client_id") != ClientID:
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	case q.Get("redirect_uri") != origin(r)+"/callback":
		http.Error(w, "redirect_uri is not registered for this client", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code":
		http.Error(w, "unsupported response_type: only the authorization code flow", http.StatusBadRequest)
		return
	case q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256":
		http.Error(w, "PKCE required: code_challenge with code_challenge_method=S256", http.StatusBadRequest)
		return
	}
	if r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_ = page.Execute(w, map[string]any{"Users": s.users, "Action": r.URL.RequestURI()})
		return
	}
	user, ok := s.user(r.PostFormValue("email"))
	if !ok {
		http.Error(w, "no such demo user", http.StatusBadRequest)
		return
	}
	code := random()
	s.mu.Lock()
	s.codes[code] = grant{user: user, redirect: q.Get("redirect_uri"), challenge: q.Get("code_challenge"), nonce: q.Get("nonce"), expires: s.now().Add(codeTTL)}
	s.mu.Unlock()
	back := url.Values{"code": {code}}
	if st := q.Get("state"); st != "" {
		back.Set("state", st)
	}
	http.Redirect(w, r, q.Get("redirect_uri")+"?"+back.Encode(), http.StatusFound)
}

// token exchanges a code (once, with the PKCE verifier and the same redirect URI) or a refresh token for tokens.
func (s *Stub) token(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("client_id") != ClientID {
		tokenError(w, http.StatusBadRequest, "invalid_client")
		return
	}
	switch r.PostFormValue("grant_type") {
	case "authorization_code":
		s.mu.Lock()
		g, ok := s.codes[r.PostFormValue("code")]
		delete(s.codes, r.PostFormValue("code")) // single use, whatever the outcome
		s.mu.Unlock()
		if !ok || s.now().After(g.expires) || g.redirect != r.PostFormValue("redirect_uri") || !pkceMatches(r.PostFormValue("code_verifier"), g.challenge) {
			tokenError(w, http.StatusBadRequest, "invalid_grant")
			return
		}
		refresh := random()
		s.mu.Lock()
		s.refresh[refresh] = g.user
		s.mu.Unlock()
		s.issue(w, g.user, g.nonce, refresh)
	case "refresh_token":
		s.mu.Lock()
		user, ok := s.refresh[r.PostFormValue("refresh_token")]
		s.mu.Unlock()
		if !ok {
			tokenError(w, http.StatusBadRequest, "invalid_grant")
			return
		}
		s.issue(w, user, "", "")
	default:
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type")
	}
}

// issue answers the token endpoint: an ID token (what the console sends to the API), an access token and, after a
// code exchange, the refresh token; Cognito does not rotate refresh tokens by default, nor does the stub.
func (s *Stub) issue(w http.ResponseWriter, user auth.Actor, nonce, refresh string) {
	id, err := s.signer.SignID(user, s.ttl, ClientID, nonce)
	if err != nil {
		tokenError(w, http.StatusInternalServerError, "server_error")
		return
	}
	access, err := s.signer.Sign(user, s.ttl)
	if err != nil {
		tokenError(w, http.StatusInternalServerError, "server_error")
		return
	}
	body := map[string]any{"id_token": id, "access_token": access, "token_type": "Bearer", "expires_in": int(s.ttl.Seconds())}
	if refresh != "" {
		body["refresh_token"] = refresh
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(body)
}

// revoke forgets a refresh token (Cognito's /oauth2/revoke, which the console calls on sign-out).
func (s *Stub) revoke(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("client_id") != ClientID {
		tokenError(w, http.StatusBadRequest, "invalid_client")
		return
	}
	s.mu.Lock()
	delete(s.refresh, r.PostFormValue("token"))
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// logout ends the hosted login's session (the stub keeps none) and returns to a registered logout URI.
func (s *Stub) logout(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != ClientID || q.Get("logout_uri") != origin(r)+"/" {
		http.Error(w, "unknown client_id or unregistered logout_uri", http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, q.Get("logout_uri"), http.StatusFound)
}

func (s *Stub) user(email string) (auth.Actor, bool) {
	for _, u := range s.users {
		if u.Email == email {
			return u, true
		}
	}
	return auth.Actor{}, false
}

// pkceMatches checks RFC 7636's S256: BASE64URL(SHA256(verifier)) == challenge.
func pkceMatches(verifier, challenge string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}

func tokenError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
}

func random() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// localOnly refuses callers from other machines: the stub signs anyone in as any demo user.
func localOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			http.Error(w, "hearth dev's sign-in stub answers only callers on this machine", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

var page = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hearth dev sign-in</title></head>
<body>
<h1>Hearth dev sign-in</h1>
<p>This page stands in for Cognito's hosted login (<code>hearth dev --oidc-stub</code>). Pick a demo user.</p>
<form method="post" action="{{.Action}}">
{{range .Users}}<p><button type="submit" name="email" value="{{.Email}}" data-testid="stub-{{.Email}}">{{.Name}} ({{.Email}})</button></p>
{{end}}</form>
</body></html>
`))
