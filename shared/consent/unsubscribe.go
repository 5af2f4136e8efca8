package consent

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrBadLink is returned for an unsubscribe token that was altered, signed with another key or has expired.
var ErrBadLink = errors.New("unsubscribe link is invalid or expired")

// Unsubscribe is what a link withdraws.
type Unsubscribe struct {
	GuestID string    `json:"g"`
	Channel string    `json:"c"`
	Purpose string    `json:"p"`
	Scope   string    `json:"s"`
	Expires time.Time `json:"e"`
}

// Links signs and checks unsubscribe tokens (HMAC-SHA256), so links work without a login and cannot be forged to
// unsubscribe someone else.
type Links struct{ key []byte }

// NewLinks returns a signer; key comes from Secrets Manager in AWS and a random key in `hearth dev`.
func NewLinks(key []byte) *Links { return &Links{key: key} }

// Sign returns the token for u.
func (l *Links) Sign(u Unsubscribe) (string, error) {
	if len(l.key) == 0 {
		return "", errors.New("unsubscribe links: no signing key configured")
	}
	if !channels[u.Channel] || !purposes[u.Purpose] || u.GuestID == "" || u.Scope == "" {
		return "", fmt.Errorf("%w: unsubscribe link needs guest, channel, purpose and scope", ErrInvalid)
	}
	u.Expires = u.Expires.UTC().Truncate(time.Second)
	payload, err := json.Marshal(u)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding.EncodeToString(payload)
	return enc + "." + base64.RawURLEncoding.EncodeToString(l.mac(enc)), nil
}

// Verify checks a token's signature and expiry and returns what it withdraws.
func (l *Links) Verify(token string, now time.Time) (Unsubscribe, error) {
	enc, sig, ok := strings.Cut(token, ".")
	if !ok || len(l.key) == 0 {
		return Unsubscribe{}, ErrBadLink
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, l.mac(enc)) {
		return Unsubscribe{}, ErrBadLink
	}
	payload, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return Unsubscribe{}, ErrBadLink
	}
	var u Unsubscribe
	if err := json.Unmarshal(payload, &u); err != nil || now.After(u.Expires) {
		return Unsubscribe{}, ErrBadLink
	}
	return u, nil
}

func (l *Links) mac(s string) []byte {
	m := hmac.New(sha256.New, l.key)
	m.Write([]byte(s))
	return m.Sum(nil)
}
