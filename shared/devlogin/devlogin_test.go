package devlogin

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/hearthcrm/hearth/shared/auth"
)

var mia = auth.Actor{Subject: "demo-mia", Email: "mia@harbour.example", Name: "Mia Marketer", Groups: []string{"marketer/brand/lantern"}}

const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-and-some-more"

func challenge(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func newStub() (*Stub, *auth.LocalSigner) {
	signer := auth.NewLocalSigner([]byte("test-key-test-key-test-key-32byt"))
	return New([]auth.Actor{mia}, signer, time.Hour), signer
}

// do sends a request from this machine to the stub as the console at http://hearth.test would.
func do(t *testing.T, h http.Handler, method, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, "http://hearth.test"+target, body)
	req.RemoteAddr = "127.0.0.1:40000"
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func authorizeQuery(edit func(url.Values)) string {
	q := url.Values{
		"response_type": {"code"}, "client_id": {ClientID}, "redirect_uri": {"http://hearth.test/callback"},
		"scope": {"openid email profile"}, "state": {"st-1"}, "nonce": {"n-1"},
		"code_challenge": {challenge(verifier)}, "code_challenge_method": {"S256"},
	}
	if edit != nil {
		edit(q)
	}
	return Prefix + "/oauth2/authorize?" + q.Encode()
}

// signIn picks mia on the authorize page and returns the code the stub redirected back with.
func signIn(t *testing.T, h http.Handler) string {
	t.Helper()
	rec := do(t, h, "POST", authorizeQuery(nil), url.Values{"email": {mia.Email}})
	if rec.Code != http.StatusFound {
		t.Fatalf("authorize: %d %s", rec.Code, rec.Body)
	}
	back, err := url.Parse(rec.Header().Get("Location"))
	if err != nil || back.Scheme+"://"+back.Host+back.Path != "http://hearth.test/callback" || back.Query().Get("state") != "st-1" {
		t.Fatalf("redirected to %q: want the callback with the state", rec.Header().Get("Location"))
	}
	return back.Query().Get("code")
}

func exchange(t *testing.T, h http.Handler, code, v string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	rec := do(t, h, "POST", Prefix+"/oauth2/token", url.Values{
		"grant_type": {"authorization_code"}, "client_id": {ClientID}, "code": {code},
		"redirect_uri": {"http://hearth.test/callback"}, "code_verifier": {v},
	})
	var body map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	return rec, body
}

func TestAuthorizeRefusesWhatCognitoRefuses(t *testing.T) {
	stub, _ := newStub()
	h := stub.Handler()
	cases := map[string]func(url.Values){
		"implicit flow":         func(q url.Values) { q.Set("response_type", "token") },
		"no PKCE":               func(q url.Values) { q.Del("code_challenge") },
		"plain PKCE":            func(q url.Values) { q.Set("code_challenge_method", "plain") },
		"unregistered redirect": func(q url.Values) { q.Set("redirect_uri", "https://evil.example/callback") },
		"unknown client":        func(q url.Values) { q.Set("client_id", "other") },
	}
	for name, edit := range cases {
		if rec := do(t, h, "GET", authorizeQuery(edit), nil); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", name, rec.Code)
		}
	}
	rec := do(t, h, "GET", authorizeQuery(nil), nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), mia.Email) {
		t.Errorf("the sign-in page: %d, lists mia: %v", rec.Code, strings.Contains(rec.Body.String(), mia.Email))
	}
}

func TestCodeExchangeNeedsThePKCEVerifierAndIsSingleUse(t *testing.T) {
	stub, signer := newStub()
	h := stub.Handler()

	code := signIn(t, h)
	if rec, body := exchange(t, h, code, verifier+"x"); rec.Code != http.StatusBadRequest || body["error"] != "invalid_grant" {
		t.Fatalf("wrong verifier: %d %v, want 400 invalid_grant", rec.Code, body)
	}
	if rec, _ := exchange(t, h, code, verifier); rec.Code != http.StatusBadRequest {
		t.Fatalf("a code tried once is spent: %d", rec.Code)
	}

	code = signIn(t, h)
	rec, body := exchange(t, h, code, verifier)
	if rec.Code != http.StatusOK {
		t.Fatalf("exchange: %d %s", rec.Code, rec.Body)
	}
	id, _ := body["id_token"].(string)
	actor, err := signer.Verify(context.Background(), "Bearer "+id)
	if err != nil || actor.Email != mia.Email || len(actor.Groups) != 1 {
		t.Fatalf("the API does not accept the ID token: %v %+v", err, actor)
	}
	var c struct {
		Nonce    string `json:"nonce"`
		TokenUse string `json:"token_use"`
		jwt.RegisteredClaims
	}
	if _, _, err := jwt.NewParser().ParseUnverified(id, &c); err != nil {
		t.Fatal(err)
	}
	if c.Nonce != "n-1" || c.TokenUse != "id" || len(c.Audience) != 1 || c.Audience[0] != ClientID {
		t.Errorf("ID token claims: nonce %q token_use %q aud %v", c.Nonce, c.TokenUse, c.Audience)
	}
	if rec, _ := exchange(t, h, code, verifier); rec.Code != http.StatusBadRequest {
		t.Errorf("a code exchanged twice: %d", rec.Code)
	}

	refresh, _ := body["refresh_token"].(string)
	refreshWith := func() int {
		return do(t, h, "POST", Prefix+"/oauth2/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {ClientID}, "refresh_token": {refresh}}).Code
	}
	if got := refreshWith(); got != http.StatusOK {
		t.Errorf("refresh: %d", got)
	}
	do(t, h, "POST", Prefix+"/oauth2/revoke", url.Values{"client_id": {ClientID}, "token": {refresh}})
	if got := refreshWith(); got != http.StatusBadRequest {
		t.Errorf("refresh after revoke: %d, want 400", got)
	}
}

func TestLogoutReturnsOnlyToTheRegisteredURI(t *testing.T) {
	stub, _ := newStub()
	h := stub.Handler()
	rec := do(t, h, "GET", Prefix+"/logout?client_id="+ClientID+"&logout_uri="+url.QueryEscape("http://hearth.test/"), nil)
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != "http://hearth.test/" {
		t.Errorf("logout: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := do(t, h, "GET", Prefix+"/logout?client_id="+ClientID+"&logout_uri="+url.QueryEscape("https://evil.example/"), nil); rec.Code != http.StatusBadRequest {
		t.Errorf("logout to an unregistered URI: %d", rec.Code)
	}
}

func TestOnlyThisMachine(t *testing.T) {
	stub, _ := newStub()
	req := httptest.NewRequest("GET", "http://hearth.test"+authorizeQuery(nil), nil)
	req.RemoteAddr = "192.0.2.7:50000"
	rec := httptest.NewRecorder()
	stub.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("a caller from elsewhere: %d, want 403", rec.Code)
	}
}

func TestConfig(t *testing.T) {
	stub, _ := newStub()
	get := func(s *Stub) map[string]any {
		rec := httptest.NewRecorder()
		ConfigHandler(s).ServeHTTP(rec, httptest.NewRequest("GET", "http://hearth.test/config.json", nil))
		var cfg map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &cfg); err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	if cfg := get(nil); cfg["auth"] != "dev" {
		t.Errorf("without the stub: %v", cfg)
	}
	cfg := get(stub)
	cognito, _ := cfg["cognito"].(map[string]any)
	if cfg["auth"] != "cognito" || cognito["domain"] != "http://hearth.test/dev/oidc" || cognito["issuer"] != "hearth-dev" {
		t.Errorf("with the stub: %v", cfg)
	}
}
