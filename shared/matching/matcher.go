package matching

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity"
)

// Options configures a Matcher.
type Options struct {
	// Store is required.
	Store Store
	// Erasure, when set, is asked before anything is created or linked.
	Erasure Erasure
	// Model scores pairs; nil means DefaultModel(). Its Upper and Lower are the group's thresholds.
	Model *identity.Model
	// Config gives the normaliser's Region, Switchboards and RelayDomains and the MaxBlock beyond which a key is
	// too common to find candidates (identity.DefaultConfig() values when unset). Its thresholds, rule set and
	// model are not used: Model decides.
	Config identity.Config
	// AddNew, when set, is asked before a record that matches nobody becomes a new guest: a property whose
	// "do not automatically add new guests" switch is on answers false, and the record links existing guests only.
	AddNew func(ctx context.Context, propertyID string) (bool, error)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Matcher resolves source records to golden guests one at a time, as messages arrive.
type Matcher struct {
	store    Store
	erasure  Erasure
	model    *identity.Model
	norm     *identity.Normalizer
	maxBlock int
	addNew   func(ctx context.Context, propertyID string) (bool, error)
	now      func() time.Time
}

// New returns a Matcher.
func New(o Options) (*Matcher, error) {
	if o.Store == nil {
		return nil, errors.New("matching: no store")
	}
	if o.Model == nil {
		o.Model = DefaultModel()
	}
	if o.Model.Lower > o.Model.Upper {
		return nil, fmt.Errorf("matching: lower threshold %g is above upper threshold %g", o.Model.Lower, o.Model.Upper)
	}
	d := identity.DefaultConfig()
	if o.Config.Region == "" {
		o.Config.Region = d.Region
	}
	if o.Config.MaxBlock <= 1 {
		o.Config.MaxBlock = d.MaxBlock
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Matcher{
		store: o.Store, erasure: o.Erasure, model: o.Model, norm: identity.NewNormalizer(o.Config),
		maxBlock: o.Config.MaxBlock, addNew: o.AddNew, now: func() time.Time { return o.Now().UTC() },
	}, nil
}

// Outcome says what a resolution did.
type Outcome string

// The outcomes.
const (
	// Created: a new guest, nothing scored high enough.
	Created Outcome = "created"
	// Reviewing: a new guest, and review tasks against the existing guests it may be.
	Reviewing Outcome = "review"
	// Linked: the record joined an existing guest.
	Linked Outcome = "linked"
	// Merged: the record joined an existing guest and showed other existing guests to be the same person, who were
	// merged into the oldest.
	Merged Outcome = "merged"
	// Known: the source record was seen before and says nothing new (or is older than what was applied).
	Known Outcome = "known"
	// Updated: the source record was seen before and its values changed; its guest's profile was updated.
	Updated Outcome = "updated"
	// Replayed: the very message was resolved before; its guest and events are returned again.
	Replayed Outcome = "replayed"
	// Erased: the identity was erased; nothing was created or linked.
	Erased Outcome = "erased"
	// Unidentified: not enough to identify a guest (see the package documentation); nothing was created.
	Unidentified Outcome = "unidentified"
	// NotAdded: the record matches nobody and its property does not add new guests; nothing was created.
	NotAdded Outcome = "not_added"
)

// Resolution is the outcome of resolving one source record.
type Resolution struct {
	// GuestID is the golden guest, "" when Erased, Unidentified or NotAdded.
	GuestID string
	Outcome Outcome
	// Events are to be published: Guest Profile Upserted for a new or changed golden profile, Profiles Merged for
	// a merge. A Replayed resolution returns the first delivery's events, identical, for a publish that failed.
	Events []events.Envelope
	// Merged are the guests merged into GuestID.
	Merged []string
	// Reviews are the review tasks recorded.
	Reviews []Review
	// Score and Explanation describe the best pair against an existing guest, when one was scored.
	Score       float64
	Explanation string
}

// Result is the outcome of matching an envelope.
type Result struct {
	// Envelope is the input with GuestID set; when Erased, its guest's personal fields are blanked instead.
	Envelope events.Envelope
	Resolution
}

// Match resolves the guest of an ingested envelope (a reservation, check-in, check-out or POS check carrying a
// guest snapshot and no guest id yet). The snapshot's source system is the detail's source; its sourceGuestId
// names the source record. An envelope that already has a guest id is returned as it is (Known); one without a
// snapshot is Unidentified.
func (m *Matcher) Match(ctx context.Context, env events.Envelope) (Result, error) {
	res := Result{Envelope: env}
	if env.GuestID != "" {
		res.GuestID, res.Outcome = env.GuestID, Known
		return res, nil
	}
	system, snap, ok, err := SnapshotOf(env)
	if err != nil {
		return res, fmt.Errorf("match %s %s: %w", env.Type, env.ID, err)
	}
	if !ok {
		res.Outcome = Unidentified
		return res, nil
	}
	r := RecordOf(system, snap)
	r.At, r.Message = env.OccurredAt, env.IdempotencyKey
	r.Scope = events.Scope{BrandID: env.BrandID, PropertyID: env.PropertyID}
	rs, err := m.Resolve(ctx, r)
	if err != nil {
		return res, fmt.Errorf("match %s %s: %w", env.Type, env.ID, err)
	}
	res.Resolution = rs
	if rs.Outcome == Erased {
		if res.Envelope, err = blankGuest(env); err != nil {
			return res, fmt.Errorf("match %s %s: %w", env.Type, env.ID, err)
		}
		return res, nil
	}
	res.Envelope.GuestID = rs.GuestID
	return res, nil
}

// maxAttempts bounds the read-decide-write rounds of one resolution when other writers keep moving first.
const maxAttempts = 6

// Resolve finds or creates the golden guest of a source record and records the decision. See the package
// documentation for the rules.
func (m *Matcher) Resolve(ctx context.Context, r Record) (Resolution, error) {
	if r.At.IsZero() {
		r.At = m.now()
	}
	r.At = r.At.UTC()
	if m.erasure != nil {
		erased, err := m.erasure.Erased(ctx, snapshotOfRecord(r))
		if err != nil {
			return Resolution{}, fmt.Errorf("erasure check of %s: %w", refString(r.Source), err)
		}
		if erased {
			return Resolution{Outcome: Erased}, nil
		}
	}
	r.Guest.ID = refString(r.Source)
	p, err := m.norm.Profile(r.Guest)
	if err != nil {
		return Resolution{}, fmt.Errorf("%w: %v", events.ErrInvalid, err)
	}
	f := FieldsOf(&p)
	if !f.identifying() && (r.Source.RecordID == "" || f.empty()) {
		return Resolution{Outcome: Unidentified}, nil
	}
	if r.Source.RecordID == "" {
		sum := sha256.Sum256([]byte(f.identifiers()))
		r.Source.RecordID = "~" + hex.EncodeToString(sum[:10])
	}
	keys := m.keys(&p)
	for range maxAttempts {
		res, err := m.resolveOnce(ctx, &r, &p, f, keys)
		if !errors.Is(err, ErrConflict) {
			if err != nil {
				return Resolution{}, fmt.Errorf("resolve %s: %w", refString(r.Source), err)
			}
			return res, nil
		}
	}
	return Resolution{}, fmt.Errorf("resolve %s: %w (gave up after %d attempts)", refString(r.Source), ErrConflict, maxAttempts)
}

// Guest returns the golden record of id, following merges to the survivor.
func (m *Matcher) Guest(ctx context.Context, id string) (Golden, error) {
	gs, err := m.goldens(ctx, []string{id})
	if err != nil {
		return Golden{}, err
	}
	g, ok := gs[id]
	if !ok {
		return Golden{}, fmt.Errorf("guest %s: %w", id, ErrNotFound)
	}
	return *g, nil
}

// ErrNotFound is returned for a guest without a golden record.
var ErrNotFound = errors.New("matching: no such guest")

// keys returns the record's identity keys as item names, without repeats.
func (m *Matcher) keys(p *identity.Profile) []string {
	ks := m.model.Keys(p)
	out := make([]string, 0, len(ks))
	seen := make(map[string]bool, len(ks))
	for _, k := range ks {
		s := k.String()
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func refString(s events.SourceRef) string { return s.System + "/" + s.RecordID }

// maxHops bounds how many merges a lookup follows.
const maxHops = 8

// goldens reads the golden records of ids and follows merges: the result maps each id that has a record to its
// surviving guest's record.
func (m *Matcher) goldens(ctx context.Context, ids []string) (map[string]*Golden, error) {
	fetched := make(map[string]*Golden, len(ids))
	asked := make(map[string]bool, len(ids))
	want := ids
	for hop := 0; len(want) > 0 && hop <= maxHops; hop++ {
		for start := 0; start < len(want); start += MaxBatch {
			chunk := want[start:min(start+MaxBatch, len(want))]
			for _, id := range chunk {
				asked[id] = true
			}
			got, err := m.store.Goldens(ctx, chunk)
			if err != nil {
				return nil, fmt.Errorf("read guests: %w", err)
			}
			for id, g := range got {
				fetched[id] = &g
			}
		}
		want = nil
		for _, g := range fetched {
			if t := g.MergedInto; t != "" && !asked[t] {
				asked[t] = true
				want = append(want, t)
			}
		}
	}
	out := make(map[string]*Golden, len(ids))
	for _, id := range ids {
		g := fetched[id]
		for hop := 0; g != nil && g.MergedInto != "" && hop <= maxHops; hop++ {
			g = fetched[g.MergedInto]
		}
		if g != nil && g.MergedInto == "" {
			out[id] = g
		}
	}
	return out, nil
}
