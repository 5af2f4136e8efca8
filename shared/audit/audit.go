// Package audit keeps the append-only, hash-chained record of every write through the API and every privileged
// read. Each entry's hash covers its content and the previous entry's hash, so changing, removing or reordering a
// stored entry breaks verification from that entry on.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Entry is one audited action.
type Entry struct {
	Seq          int64     `json:"seq"`
	At           time.Time `json:"at"`
	Actor        string    `json:"actor"`
	Roles        []string  `json:"roles"`
	Action       string    `json:"action"` // the route, e.g. "PUT /v1/properties/{id}"
	Resource     string    `json:"resource"`
	BrandID      string    `json:"brandId,omitempty"`
	PropertyID   string    `json:"propertyId,omitempty"`
	RequestID    string    `json:"requestId"`
	Outcome      string    `json:"outcome"` // ok, denied
	BeforeDigest string    `json:"beforeDigest,omitempty"`
	AfterDigest  string    `json:"afterDigest,omitempty"`
	PrevHash     string    `json:"prevHash"`
	Hash         string    `json:"hash"`
}

// Genesis is the previous hash of the first entry.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash hashes the entry's content (everything but Hash) chained to PrevHash.
func (e Entry) ComputeHash() string {
	e.Hash = ""
	e.At = e.At.UTC()
	if len(e.Roles) == 0 {
		e.Roles = nil // stores return an empty list for none; both must hash alike
	}
	raw, _ := json.Marshal(e) // struct fields marshal in a fixed order
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// Digest summarises a before or after value without storing it: audit readers see that something changed and can
// prove what it was given the value, while PII stays out of the log.
func Digest(v any) string {
	if v == nil {
		return ""
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(raw)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Query selects entries; set one of Resource, Actor or PropertyID (or none for the whole chain) and optionally a
// time range.
type Query struct {
	Resource   string
	Actor      string
	PropertyID string
	From, To   time.Time
}

// Store keeps the chain. Append must be atomic with moving the chain head, so two writers never fork it.
type Store interface {
	// Head returns the last sequence number and hash (0 and Genesis when empty).
	Head(ctx context.Context) (int64, string, error)
	// Append stores e if the head is still at e.Seq-1; ErrConflict otherwise.
	Append(ctx context.Context, e Entry) error
	// Range returns entries with from ≤ seq ≤ to, in order.
	Range(ctx context.Context, from, to int64) ([]Entry, error)
	Find(ctx context.Context, q Query) ([]Entry, error)
}

// ErrConflict is returned when another writer moved the head first.
var ErrConflict = errors.New("audit chain head moved")

// Log appends to and verifies the chain.
type Log struct {
	store Store
	now   func() time.Time
}

// New returns an audit log.
func New(store Store, now func() time.Time) *Log { return &Log{store: store, now: now} }

// Record appends an entry, chaining it to the current head; concurrent writers retry after a short random wait
// that grows with each conflict, so that a burst of writers spreads out instead of colliding again in step.
func (l *Log) Record(ctx context.Context, e Entry) (Entry, error) {
	for attempt := 0; attempt < 20; attempt++ {
		if attempt > 0 {
			wait := time.Duration(rand.Int64N(int64(min(time.Millisecond<<attempt, 100*time.Millisecond))))
			select {
			case <-ctx.Done():
				return Entry{}, ctx.Err()
			case <-time.After(wait):
			}
		}
		seq, prev, err := l.store.Head(ctx)
		if err != nil {
			return Entry{}, fmt.Errorf("audit head: %w", err)
		}
		e.Seq, e.PrevHash, e.At = seq+1, prev, l.now().UTC()
		e.Hash = e.ComputeHash()
		err = l.store.Append(ctx, e)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return Entry{}, fmt.Errorf("audit append: %w", err)
		}
		return e, nil
	}
	return Entry{}, fmt.Errorf("audit append: %w after retries", ErrConflict)
}

// Verification is the result of checking the chain.
type Verification struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"`
	BrokenAt int64  `json:"brokenAt,omitempty"`
	Problem  string `json:"problem,omitempty"`
}

// Verify walks the chain from the start and reports the first entry whose hash or link does not hold.
func (l *Log) Verify(ctx context.Context) (Verification, error) {
	head, _, err := l.store.Head(ctx)
	if err != nil {
		return Verification{}, err
	}
	prev := Genesis
	const page = 500
	var checked int64
	for from := int64(1); from <= head; from += page {
		entries, err := l.store.Range(ctx, from, min(from+page-1, head))
		if err != nil {
			return Verification{}, err
		}
		for i, e := range entries {
			want := from + int64(i)
			switch {
			case e.Seq != want:
				return Verification{Checked: checked, BrokenAt: want, Problem: fmt.Sprintf("entry %d is missing", want)}, nil
			case e.PrevHash != prev:
				return Verification{Checked: checked, BrokenAt: e.Seq, Problem: "link to the previous entry does not match"}, nil
			case e.ComputeHash() != e.Hash:
				return Verification{Checked: checked, BrokenAt: e.Seq, Problem: "content does not match its hash"}, nil
			}
			prev = e.Hash
			checked++
		}
		if int64(len(entries)) < min(page, head-from+1) {
			missing := from + int64(len(entries))
			return Verification{Checked: checked, BrokenAt: missing, Problem: fmt.Sprintf("entry %d is missing", missing)}, nil
		}
	}
	return Verification{OK: true, Checked: checked}, nil
}

// Find returns the entries matching q.
func (l *Log) Find(ctx context.Context, q Query) ([]Entry, error) { return l.store.Find(ctx, q) }
