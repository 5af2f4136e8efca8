// Package auth says who is calling the API. In AWS the HTTP API's JWT authorizer has already checked the Cognito
// token and hands over its claims; in `hearth dev` tokens are signed locally for demo users. Either way the API sees
// one Actor.
package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ErrUnauthenticated is returned when a request carries no valid identity.
var ErrUnauthenticated = errors.New("unauthenticated")

// Actor is the authenticated caller.
type Actor struct {
	Subject string   `json:"sub"`
	Email   string   `json:"email"`
	Name    string   `json:"name,omitempty"`
	Groups  []string `json:"groups"` // Cognito groups: role names, scoped by later modules
}

type claims struct {
	Email    string   `json:"email"`
	Name     string   `json:"name,omitempty"`
	Groups   []string `json:"cognito:groups"`
	TokenUse string   `json:"token_use,omitempty"`
	Nonce    string   `json:"nonce,omitempty"`
	jwt.RegisteredClaims
}

// LocalSigner signs and verifies HS256 tokens for `hearth dev` and tests; the key never leaves the process.
type LocalSigner struct {
	key    []byte
	issuer string
	now    func() time.Time
}

// NewLocalSigner returns a signer with the given key.
func NewLocalSigner(key []byte) *LocalSigner {
	return &LocalSigner{key: key, issuer: "hearth-dev", now: time.Now}
}

// Sign issues a token for a, valid for ttl.
func (s *LocalSigner) Sign(a Actor, ttl time.Duration) (string, error) {
	now := s.now()
	c := claims{Email: a.Email, Name: a.Name, Groups: a.Groups, RegisteredClaims: jwt.RegisteredClaims{
		Subject: a.Subject, Issuer: s.issuer, IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.key)
}

// SignID issues an OpenID Connect ID token for a, shaped as Cognito's: the app client as audience, the nonce the
// client sent to the authorize endpoint, token_use "id". hearth dev's stand-in for the hosted login uses it; Verify
// accepts it as any other local token.
func (s *LocalSigner) SignID(a Actor, ttl time.Duration, audience, nonce string) (string, error) {
	now := s.now()
	c := claims{Email: a.Email, Name: a.Name, Groups: a.Groups, TokenUse: "id", Nonce: nonce, RegisteredClaims: jwt.RegisteredClaims{
		Subject: a.Subject, Issuer: s.issuer, Audience: jwt.ClaimStrings{audience},
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.key)
}

// Issuer is the iss claim of the tokens s signs.
func (s *LocalSigner) Issuer() string { return s.issuer }

// Verify checks a bearer token's signature, issuer and expiry.
func (s *LocalSigner) Verify(_ context.Context, authorization string) (Actor, error) {
	raw, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok || raw == "" {
		return Actor{}, fmt.Errorf("%w: send Authorization: Bearer <token>", ErrUnauthenticated)
	}
	var c claims
	_, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return s.key, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuer(s.issuer), jwt.WithTimeFunc(s.now))
	if err != nil {
		return Actor{}, fmt.Errorf("%w: %v", ErrUnauthenticated, err)
	}
	return Actor{Subject: c.Subject, Email: c.Email, Name: c.Name, Groups: c.Groups}, nil
}

// FromClaims builds an actor from the JWT claims API Gateway passes on after its authorizer validated the token.
// API Gateway flattens arrays to "[a b]" strings.
func FromClaims(c map[string]string) (Actor, error) {
	if c["sub"] == "" {
		return Actor{}, fmt.Errorf("%w: no subject claim", ErrUnauthenticated)
	}
	groups := strings.Fields(strings.Trim(c["cognito:groups"], "[]"))
	return Actor{Subject: c["sub"], Email: c["email"], Name: c["name"], Groups: groups}, nil
}
