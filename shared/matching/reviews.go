package matching

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity"
)

// Review outcomes a person chooses, and the status of a review once decided.
const (
	ReviewMerge     = "merge"      // the two are one guest: merge them
	ReviewKeepApart = "keep-apart" // two guests: never propose or auto-merge them again

	ReviewOpen      = "open"
	ReviewMerged    = "merged"
	ReviewKeptApart = "kept-apart"
)

// Errors DecideReview returns for requests that can never succeed as asked.
var (
	ErrReviewNotFound = errors.New("matching: no such review")
	ErrReviewDecided  = errors.New("matching: review already decided otherwise")
	ErrBadOutcome     = errors.New("matching: outcome must be merge or keep-apart")
	// ErrMergeTooLarge: the guests have more source records than one atomic merge can move.
	ErrMergeTooLarge = errors.New("matching: merge too large for one transaction")
	// ErrAlreadyOne: keep-apart asked of two guests merged meanwhile; Unmerge separates them.
	ErrAlreadyOne = errors.New("matching: the guests were merged since")
)

// ReviewField is one field's agreement in the pair that opened a review.
type ReviewField struct {
	Field   string  `json:"field"`
	Outcome string  `json:"outcome"` // the comparison level: exact, close, partial, differ...
	Weight  float64 `json:"weight"`  // its contribution in bits
}

// ReviewID names a review in the API: its new guest and its candidate.
func ReviewID(guestID, candidateID string) string { return guestID + "~" + candidateID }

// ParseReviewID splits a ReviewID.
func ParseReviewID(id string) (guestID, candidateID string, ok bool) {
	g, c, ok := strings.Cut(id, "~")
	return g, c, ok && g != "" && c != "" && !strings.Contains(c, "~")
}

// reviewFields lists the fields that had evidence, strongest first.
func reviewFields(s identity.Score) []ReviewField {
	var out []ReviewField
	for _, c := range s.Fields {
		if c.Level != identity.Missing {
			out = append(out, ReviewField{Field: c.Field.String(), Outcome: c.Level.String(), Weight: roundScore(c.Weight)})
		}
	}
	slices.SortStableFunc(out, func(a, b ReviewField) int {
		switch {
		case abs(a.Weight) > abs(b.Weight):
			return -1
		case abs(a.Weight) < abs(b.Weight):
			return 1
		}
		return 0
	})
	return out
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// Decided is what DecideReview did.
type Decided struct {
	Review Review
	// Events are to be published: for a merge, Profiles Merged and the survivor's Guest Profile Upserted.
	Events []events.Envelope
	// Replayed is set when the review had already been decided the same way: nothing was written.
	Replayed bool
}

// DecideReview records a person's decision on a review task:
//
//   - merge: the two guests (or those they were merged into since) become one, the older surviving, exactly as an
//     automatic merge does (lineages, keys, a merge record that Unmerge undoes, Profiles Merged with decision
//     "reviewed"); a person may merge guests another person kept apart before.
//   - keep-apart: both guests remember the other, so matching never merges them by itself nor asks again.
//
// The review is closed in the same transaction. Deciding again the same way returns the first decision; deciding
// a closed review otherwise is ErrReviewDecided.
func (m *Matcher) DecideReview(ctx context.Context, guestID, candidateID, outcome, by, comment string) (Decided, error) {
	if outcome != ReviewMerge && outcome != ReviewKeepApart {
		return Decided{}, ErrBadOutcome
	}
	for range maxAttempts {
		d, err := m.decideOnce(ctx, guestID, candidateID, outcome, by, comment)
		if !errors.Is(err, ErrConflict) {
			if err != nil {
				return Decided{}, fmt.Errorf("decide review %s: %w", ReviewID(guestID, candidateID), err)
			}
			return d, nil
		}
	}
	return Decided{}, fmt.Errorf("decide review %s: %w (gave up after %d attempts)", ReviewID(guestID, candidateID), ErrConflict, maxAttempts)
}

func (m *Matcher) decideOnce(ctx context.Context, guestID, candidateID, outcome, by, comment string) (Decided, error) {
	rv, err := m.store.Review(ctx, guestID, candidateID)
	if err != nil {
		return Decided{}, err
	}
	if rv.Status != "" && rv.Status != ReviewOpen {
		if rv.Status == statusOf(outcome) {
			return m.replayDecision(ctx, rv)
		}
		return Decided{}, fmt.Errorf("%w: it was %s by %s", ErrReviewDecided, rv.Status, rv.DecidedBy)
	}
	gs, err := m.goldens(ctx, []string{guestID, candidateID})
	if err != nil {
		return Decided{}, err
	}
	a, b := gs[guestID], gs[candidateID]
	if a == nil || b == nil {
		return Decided{}, fmt.Errorf("%w: a guest of the review no longer exists", ErrNotFound)
	}
	now := m.now()
	closed := rv
	closed.Status, closed.DecidedBy, closed.DecidedAt, closed.Comment = statusOf(outcome), by, now, comment
	if outcome == ReviewKeepApart && a.GuestID == b.GuestID {
		return Decided{}, fmt.Errorf("%w: both are guest %s now; unmerge them instead", ErrAlreadyOne, a.GuestID)
	}
	if outcome == ReviewKeepApart || a.GuestID == b.GuestID {
		ch := Change{Reviews: []Review{closed}}
		if a.GuestID != b.GuestID {
			x, y := a.clone(), b.clone()
			x.KeptApart, y.KeptApart = appendNew(x.KeptApart, y.GuestID), appendNew(y.KeptApart, x.GuestID)
			x.Version, y.Version = x.Version+1, y.Version+1
			x.UpdatedAt, y.UpdatedAt = now, now
			ch.Goldens = []Golden{x, y}
		}
		if err := m.store.Commit(ctx, ch); err != nil {
			return Decided{}, err
		}
		return Decided{Review: closed}, nil
	}
	survivor, merged := a, b
	if b.older(a) {
		survivor, merged = b, a
	}
	s := survivor.clone()
	s.Version++
	s.UpdatedAt = now
	s.KeptApart = slices.DeleteFunc(s.KeptApart, func(id string) bool { return id == merged.GuestID })
	o := merged.clone()
	ch := Change{}
	links := newLinkSet()
	s.take(&o, keySet(&s), &ch, links, map[string]bool{})
	s.KeptApart = slices.DeleteFunc(s.KeptApart, func(id string) bool { return id == s.GuestID })
	ev, err := mergeEvent(s.GuestID, []string{o.GuestID}, rv.Score, rv.Scope, now, reviewedMerge(s.Version))
	if err != nil {
		return Decided{}, err
	}
	d, err := events.DecodeAs[*events.ProfilesMerged](ev)
	if err != nil {
		return Decided{}, err
	}
	o.Version++
	o.UpdatedAt, o.MergedInto, o.MergeID = now, s.GuestID, d.MergeID
	mg := Merge{
		MergeID: d.MergeID, SurvivorID: s.GuestID, Version: 1, At: now, Score: d.Score, Decision: d.Decision,
		BrandID: rv.Scope.BrandID, PropertyID: rv.Scope.PropertyID, Source: rv.Source, Before: survivor.clone(),
		Merged: []MergedGuest{{GuestID: o.GuestID}}, DecidedBy: by,
	}
	profile, err := profileEvent(&s, rv.Scope, now)
	if err != nil {
		return Decided{}, err
	}
	// Only the merge event is kept for a repeat: it names ids, while a profile event carries the person's name and
	// contacts, which must not outlive an erasure in a review record.
	closed.MergeID, closed.Events = d.MergeID, []events.Envelope{ev}
	ch.Goldens = []Golden{s, o}
	ch.Merges = []Merge{mg}
	ch.Reviews = []Review{closed}
	ch.Links = links.list()
	if ch.Size() > MaxChange {
		ch.Deferred, ch.Links = ch.Links, nil
	}
	if ch.Size() > MaxChange {
		return Decided{}, fmt.Errorf("%w: guest %s has %d source records, more than one transaction can move", ErrMergeTooLarge, o.GuestID, len(ch.Relinks))
	}
	if err := m.store.Commit(ctx, ch); err != nil {
		return Decided{}, err
	}
	return Decided{Review: closed, Events: []events.Envelope{ev, profile}}, nil
}

// replayDecision answers a decision asked again: the merge event as it was, and the survivor's profile as it is
// now (none when the survivor was erased since).
func (m *Matcher) replayDecision(ctx context.Context, rv Review) (Decided, error) {
	d := Decided{Review: rv, Events: slices.Clone(rv.Events), Replayed: true}
	if rv.Status != ReviewMerged || len(rv.Events) == 0 {
		return d, nil
	}
	g, err := m.Guest(ctx, rv.GuestID)
	if errors.Is(err, ErrNotFound) || err == nil && len(g.Members) == 0 {
		return d, nil
	}
	if err != nil {
		return Decided{}, err
	}
	profile, err := profileEvent(&g, rv.Scope, rv.DecidedAt)
	if err != nil {
		return Decided{}, err
	}
	d.Events = append(d.Events, profile)
	return d, nil
}

func statusOf(outcome string) string {
	if outcome == ReviewMerge {
		return ReviewMerged
	}
	return ReviewKeptApart
}

// reviewedMerge makes a reviewed merge's idempotency key unique to the survivor's version: the same two guests
// may be merged, unmerged and merged again by people, and each merge must reach the consumers.
func reviewedMerge(version int) mergeKind {
	return mergeKind{decision: "reviewed", suffix: fmt.Sprintf(":reviewed:v%d", version)}
}

// mergeKind is how a merge came about: its event's decision and what its idempotency key adds.
type mergeKind struct {
	decision, suffix string
}

var autoMerge = mergeKind{decision: "auto"}

// keySet is the set of g's keys.
func keySet(g *Golden) map[string]bool {
	out := make(map[string]bool, len(g.Keys))
	for _, k := range g.Keys {
		out[k] = true
	}
	return out
}

// reviewScope is where a review's record came from, without its guest.
func reviewScope(s events.Scope) events.Scope {
	s.GuestID = ""
	return s
}

// take absorbs o into s (a copy being edited): o's source records' lineages move to s (Relinks) and its keys point
// to s (links); keys s already has are in survivorKeys, and moved collects the keys edited only to move them.
func (s *Golden) take(o *Golden, survivorKeys map[string]bool, ch *Change, links *linkSet, moved map[string]bool) {
	s.absorb(o)
	for _, src := range o.Sources() {
		ch.Relinks = append(ch.Relinks, Relink{Source: src, From: o.GuestID, To: s.GuestID})
	}
	for _, k := range o.Keys {
		if !survivorKeys[k] {
			links.add(k, s.GuestID)
			survivorKeys[k] = true
		}
		links.remove(k, o.GuestID)
		moved[k] = true
	}
}
