// Package privacy carries out the guest's rights: access (everything held, as one JSON document) and erasure (PII
// replaced by tombstones everywhere it is kept, the raw archive's copies of their messages included, totals kept,
// and the erased identity remembered only as keyed hashes so the next PMS message does not quietly re-create it).
package privacy

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/profile"
)

// Erased replaces every erased value.
const Erased = "[erased]"

// KindErasure is the approval kind of an erasure request.
const KindErasure = "erasure"

// Profiles reads and writes guest profiles.
type Profiles interface {
	// Load returns the profile and its version, or ErrNoProfile.
	Load(ctx context.Context, guestID string) (profile.Profile, int, error)
	// SaveErased replaces the profile by its tombstone if the version is still expectVersion.
	SaveErased(ctx context.Context, guestID string, p profile.Profile, expectVersion int, erasedAt time.Time) error
	// Inactive lists guests whose profile has not changed since before cutoff (erased ones excluded).
	Inactive(ctx context.Context, cutoff time.Time) ([]string, error)
}

// Journal reads and rewrites a guest's events.
type Journal interface {
	Guest(ctx context.Context, guestID string) ([]events.Envelope, error)
	Replace(ctx context.Context, env events.Envelope) error
}

// Tombstones remembers erased identities as keyed hashes.
type Tombstones interface {
	Put(ctx context.Context, hash, guestID string, at time.Time) error
	Has(ctx context.Context, hashes []string) (bool, error)
	Delete(ctx context.Context, hashes []string) error
}

// Matches is what identity matching keeps about a guest (keys, lineage, golden record): Identities lists the names,
// emails and phones it holds, so they are tombstoned and scrubbed too, and Forget removes them.
type Matches interface {
	Identities(ctx context.Context, guestID string) ([]profile.Profile, error)
	Forget(ctx context.Context, guestID string) error
}

// Suppressions are address-keyed stops that would otherwise keep an erased address.
type Suppressions interface {
	DeleteSuppression(ctx context.Context, channel, target string) error
}

// Search is the guest search index, which holds names, emails and phones as keys.
type Search interface {
	Forget(ctx context.Context, guestID string) error
}

// Accounts are the company, agency and household accounts, whose member lists name their guests.
type Accounts interface {
	Forget(ctx context.Context, guestID string) error
}

// WithAccounts makes erasure remove the guest's account links and their name from member lists; the accounts'
// figures stay.
func (e *Eraser) WithAccounts(a Accounts) *Eraser {
	e.accounts = a
	return e
}

// WithSearch makes erasure remove the guest's search keys.
func (e *Eraser) WithSearch(s Search) *Eraser {
	e.search = s
	return e
}

// ErrNoProfile is returned by Profiles.Get for a guest without a profile.
var ErrNoProfile = errors.New("no profile")

// Eraser erases guests.
type Eraser struct {
	profiles     Profiles
	journal      Journal
	tombstones   Tombstones
	suppressions Suppressions
	matches      Matches
	archive      *archive
	search       Search
	accounts     Accounts
	key          []byte
	now          func() time.Time
}

// NewEraser returns an eraser; key keys the identity hashes.
func NewEraser(p Profiles, j Journal, t Tombstones, s Suppressions, m Matches, key []byte, now func() time.Time) *Eraser {
	return &Eraser{profiles: p, journal: j, tombstones: t, suppressions: s, matches: m, key: key, now: now}
}

// Erase removes a guest's PII everywhere. It is idempotent: erasing again finds only tombstones. Each step is
// safe to repeat, and the steps that destroy what later ones read run last, so a retry after a failure completes
// the erasure.
func (e *Eraser) Erase(ctx context.Context, guestID string) error {
	if len(e.key) == 0 {
		return errors.New("erase: no identity key configured")
	}
	if e.archive == nil {
		return errors.New("erase: no raw archive configured")
	}
	p, version, err := e.profiles.Load(ctx, guestID)
	if err != nil && !errors.Is(err, ErrNoProfile) {
		return fmt.Errorf("erase %s: %w", guestID, err)
	}
	now := e.now().UTC()
	// Matching's identities too: they are what the next PMS message would be recognised by.
	known, err := e.matches.Identities(ctx, guestID)
	if err != nil {
		return fmt.Errorf("erase %s: matching: %w", guestID, err)
	}
	identities := append([]profile.Profile{p}, known...)
	var pii []string
	for _, id := range identities {
		pii = append(pii, piiValues(id)...)
		// Identity hashes before anything else: if a later step fails and the message is retried, the identity
		// is already blocked.
		for _, h := range e.IdentityHashes(id) {
			if err := e.tombstones.Put(ctx, h, guestID, now); err != nil {
				return fmt.Errorf("erase %s: tombstone: %w", guestID, err)
			}
		}
		for _, c := range id.Contacts {
			channel := "sms"
			if c.Type == "email" {
				channel = "email"
			}
			if err := e.suppressions.DeleteSuppression(ctx, channel, normalise(c)); err != nil {
				return fmt.Errorf("erase %s: suppression: %w", guestID, err)
			}
		}
	}
	envs, err := e.journal.Guest(ctx, guestID)
	if err != nil {
		return fmt.Errorf("erase %s: journal: %w", guestID, err)
	}
	// The raw archive before matching and the journal forget the values that find the guest in shared messages.
	if err := e.eraseArchive(ctx, guestID, newRedaction(append(identities, snapshotIdentities(envs)...))); err != nil {
		return fmt.Errorf("erase %s: archive: %w", guestID, err)
	}
	if err := e.matches.Forget(ctx, guestID); err != nil {
		return fmt.Errorf("erase %s: matching: %w", guestID, err)
	}
	if e.search != nil {
		if err := e.search.Forget(ctx, guestID); err != nil {
			return fmt.Errorf("erase %s: search: %w", guestID, err)
		}
	}
	if e.accounts != nil {
		if err := e.accounts.Forget(ctx, guestID); err != nil {
			return fmt.Errorf("erase %s: accounts: %w", guestID, err)
		}
	}
	for _, env := range envs {
		scrubbed, changed := scrubEnvelope(env, pii)
		if !changed {
			continue
		}
		if err := e.journal.Replace(ctx, scrubbed); err != nil {
			return fmt.Errorf("erase %s: journal %s: %w", guestID, env.ID, err)
		}
	}
	if version > 0 && p.Name.Last != Erased {
		if err := e.profiles.SaveErased(ctx, guestID, Tombstone(p), version, now); err != nil {
			return fmt.Errorf("erase %s: profile: %w", guestID, err)
		}
	}
	return nil
}

// Readmit lifts the tombstones of an identity the guest has consented to be known by again, so that the console
// and the next PMS message may create them.
func (e *Eraser) Readmit(ctx context.Context, p profile.Profile) error {
	// A phone may have been remembered as a mobile or a landline (matching checks both): lift both.
	contacts := slices.Clone(p.Contacts)
	for _, c := range p.Contacts {
		switch c.Type {
		case "mobile":
			c.Type = "phone"
			contacts = append(contacts, c)
		case "phone":
			c.Type = "mobile"
			contacts = append(contacts, c)
		}
	}
	p.Contacts = contacts
	hashes := e.IdentityHashes(p)
	if len(hashes) == 0 {
		return nil
	}
	return e.tombstones.Delete(ctx, hashes)
}

// SweepInactive erases every guest inactive since before cutoff (the profile retention period); it returns how
// many it erased. A failure stops the sweep; the next run continues where this one stopped.
func (e *Eraser) SweepInactive(ctx context.Context, cutoff time.Time) (int, error) {
	ids, err := e.profiles.Inactive(ctx, cutoff)
	if err != nil {
		return 0, err
	}
	for i, id := range ids {
		if err := e.Erase(ctx, id); err != nil {
			return i, err
		}
	}
	return len(ids), nil
}

// Tombstone keeps what is not personal (where the guest stayed, for totals and access control) and drops the rest.
func Tombstone(p profile.Profile) profile.Profile {
	return profile.Profile{Name: profile.Name{Last: Erased}, Properties: p.Properties}
}

// IdentityHashes are the keyed hashes an erased identity is remembered by: each email, each phone, and last name
// with birth date.
func (e *Eraser) IdentityHashes(p profile.Profile) []string {
	var out []string
	for _, c := range p.Contacts {
		out = append(out, e.hash(c.Type+":"+normalise(c)))
	}
	if p.Name.Last != "" && p.Name.Last != Erased && p.BirthDate != "" {
		out = append(out, e.hash("name-dob:"+strings.ToLower(p.Name.Last)+"|"+p.BirthDate))
	}
	return out
}

// IsErased reports whether a profile about to be created matches an erased identity; ingestion and the API check it
// before creating a guest, unless the guest has consented again.
func (e *Eraser) IsErased(ctx context.Context, p profile.Profile) (bool, error) {
	hashes := e.IdentityHashes(p)
	if len(hashes) == 0 {
		return false, nil
	}
	return e.tombstones.Has(ctx, hashes)
}

func (e *Eraser) hash(s string) string {
	m := hmac.New(sha256.New, e.key)
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil))
}

func normalise(c profile.Contact) string {
	v := strings.ToLower(strings.TrimSpace(c.Value))
	if c.Type != "email" {
		v = strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r == '+' {
				return r
			}
			return -1
		}, v)
	}
	return v
}

// piiValues lists the profile's personal values, lower-cased, to find them wherever they were copied.
func piiValues(p profile.Profile) []string {
	vals := []string{p.Name.First, p.Name.Middle, p.Name.Last, p.Name.Preferred, p.BirthDate}
	for _, c := range p.Contacts {
		vals = append(vals, c.Value, normalise(c))
	}
	for _, a := range p.Addresses {
		vals = append(vals, a.Line1, a.Line2, a.Postcode)
	}
	for _, d := range p.Documents {
		vals = append(vals, d.Reference)
	}
	if p.Loyalty != nil {
		vals = append(vals, p.Loyalty.Number)
	}
	var out []string
	for _, v := range vals {
		if v = strings.ToLower(strings.TrimSpace(v)); len(v) >= 2 && v != strings.ToLower(Erased) {
			out = append(out, v)
		}
	}
	return out
}

// personalKeys are detail fields that always hold personal data, whatever their value.
var personalKeys = map[string]bool{"firstName": true, "lastName": true, "email": true, "phone": true, "cardHash": true, "loyaltyNumber": true}

// scrubEnvelope blanks personal fields and any string equal to one of the guest's PII values in an event's data.
func scrubEnvelope(env events.Envelope, pii []string) (events.Envelope, bool) {
	var data any
	if err := json.Unmarshal(env.Data, &data); err != nil {
		return env, false
	}
	changed := false
	var walk func(v any) any
	walk = func(v any) any {
		switch t := v.(type) {
		case map[string]any:
			for k, c := range t {
				if s, ok := c.(string); ok && personalKeys[k] && s != "" && s != Erased {
					t[k], changed = Erased, true
					continue
				}
				t[k] = walk(c)
			}
		case []any:
			for i, c := range t {
				t[i] = walk(c)
			}
		case string:
			low := strings.ToLower(t)
			for _, p := range pii {
				if low == p || len(p) >= 4 && strings.Contains(low, p) {
					changed = true
					return Erased
				}
			}
		}
		return v
	}
	data = walk(data)
	if !changed {
		return env, false
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return env, false
	}
	env.Data = raw
	return env, true
}
