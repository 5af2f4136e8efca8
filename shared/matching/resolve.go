package matching

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity"
)

// resolveOnce is one read-decide-write round: ErrConflict from the store means another writer moved first.
func (m *Matcher) resolveOnce(ctx context.Context, r *Record, p *identity.Profile, f Fields, keys []string) (Resolution, error) {
	look, err := m.store.Lookup(ctx, r.Source, keys)
	if err != nil {
		return Resolution{}, fmt.Errorf("look up keys: %w", err)
	}
	if look.Lineage != nil {
		return m.known(ctx, r, f, keys, look)
	}
	return m.match(ctx, r, p, f, keys, look)
}

// known resolves a source record seen before: its lineage decides the guest, without scoring. A record whose
// values changed updates its guest's golden record (and adds its new keys); it does not merge guests.
func (m *Matcher) known(ctx context.Context, r *Record, f Fields, keys []string, look Lookup) (Resolution, error) {
	l := *look.Lineage
	switch {
	case r.Message != "" && l.Message == r.Message:
		return Resolution{GuestID: l.GuestID, Outcome: Replayed, Events: l.Events}, nil
	case r.At.Before(l.At):
		if r.Message == "" || slices.Contains(l.Older, r.Message) {
			return Resolution{GuestID: l.GuestID, Outcome: Known}, nil
		}
		return m.late(ctx, r, f, keys, look, l)
	case l.Fingerprint == f.Fingerprint():
		return Resolution{GuestID: l.GuestID, Outcome: Known}, nil
	}
	return m.edit(ctx, r, keys, look, l, func(c *Golden) { c.addSource(r.Source, f, r.Guest, r.At) },
		func(l *Lineage, guestID string, evs []events.Envelope) {
			l.GuestID, l.Fingerprint, l.At, l.Message, l.Events = guestID, f.Fingerprint(), r.At, r.Message, evs
		})
}

// edit changes the golden record a known source record belongs to: change edits a copy, the record's keys point to
// it, and the copy is committed with the lineage (updated by lineage) if nothing moved meanwhile; a profile event
// goes out when the summary changed.
func (m *Matcher) edit(ctx context.Context, r *Record, keys []string, look Lookup, l Lineage, change func(*Golden), lineage func(*Lineage, string, []events.Envelope)) (Resolution, error) {
	gs, err := m.goldens(ctx, []string{l.GuestID})
	if err != nil {
		return Resolution{}, err
	}
	g, ok := gs[l.GuestID]
	if !ok {
		return Resolution{}, fmt.Errorf("lineage of %s points to guest %s, which has no golden record", refString(r.Source), l.GuestID)
	}
	now := m.now()
	c := g.clone()
	before := c.Summary()
	change(&c)
	c.Version++
	c.UpdatedAt = now
	links := newLinkSet()
	m.pointKeys(&c, keys, look, links)
	var evs []events.Envelope
	if !c.Summary().equal(before) {
		ev, err := profileEvent(&c, r.Scope, now)
		if err != nil {
			return Resolution{}, err
		}
		evs = append(evs, ev)
	}
	l.Version++
	lineage(&l, c.GuestID, evs)
	if err := m.store.Commit(ctx, Change{Goldens: []Golden{c}, Lineages: []Lineage{l}, Links: links.list()}); err != nil {
		return Resolution{}, err
	}
	return Resolution{GuestID: c.GuestID, Outcome: Updated, Events: evs}, nil
}

// late applies a message older than the newest one applied for its source record (delivered out of order): its
// values join the golden record, counted and dated as of the message, so they are kept and searchable but never
// win over newer ones; the source record keeps its newest profile. Delivering messages out of order thus ends
// where delivering them in order does.
func (m *Matcher) late(ctx context.Context, r *Record, f Fields, keys []string, look Lookup, l Lineage) (Resolution, error) {
	return m.edit(ctx, r, keys, look, l, func(c *Golden) { c.seeValues(f, r.Guest, r.At) },
		func(l *Lineage, _ string, _ []events.Envelope) {
			l.Older = append(l.Older, r.Message)
			if len(l.Older) > MaxOlderMessages {
				l.Older = l.Older[len(l.Older)-MaxOlderMessages:]
			}
		})
}

// candidate is an existing guest scored against the record.
type candidate struct {
	g        *Golden
	profiles []identity.Profile
	shared   int            // keys shared with the record
	best     identity.Score // the best pair: the best merge pair if there is one
}

// match resolves a source record seen for the first time: candidates are the guests its keys point to, scored
// pair by pair against their members.
func (m *Matcher) match(ctx context.Context, r *Record, p *identity.Profile, f Fields, keys []string, look Lookup) (Resolution, error) {
	cands, err := m.candidates(ctx, p, keys, look)
	if err != nil {
		return Resolution{}, err
	}
	// Join the guests with a merge pair, strongest first, while the growing guest stays coherent: the same
	// guard against chaining as identity's batch clustering.
	var joined, others []*candidate
	cluster := []identity.Profile{*p}
	for _, c := range cands {
		if c.best.Decision == identity.Merge && !keptApart(joined, c) && m.coherent(cluster, c.profiles) {
			joined = append(joined, c)
			cluster = append(cluster, c.profiles...)
			continue
		}
		others = append(others, c)
	}
	if len(joined) == 0 {
		if m.addNew != nil {
			add, err := m.addNew(ctx, r.Scope.PropertyID)
			if err != nil {
				return Resolution{}, fmt.Errorf("may %s add guests: %w", r.Scope.PropertyID, err)
			}
			if !add {
				return Resolution{Outcome: NotAdded}, nil
			}
		}
		return m.create(ctx, r, f, keys, look, others)
	}
	return m.link(ctx, r, f, keys, look, joined, nil)
}

// candidates reads the guests the record's keys point to (the keys shared by the most first, at most MaxBatch
// guests; keys pointing to MaxBlock guests or more are too common to say anything) and scores the record against
// each of their members. The result is sorted best first.
func (m *Matcher) candidates(ctx context.Context, p *identity.Profile, keys []string, look Lookup) ([]*candidate, error) {
	shared := make(map[string]int)
	for _, k := range keys {
		ids := look.Keys[k].Guests
		if len(ids) >= m.maxBlock {
			continue
		}
		for _, id := range ids {
			shared[id]++
		}
	}
	if len(shared) == 0 {
		return nil, nil
	}
	ids := make([]string, 0, len(shared))
	for id := range shared {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		if shared[a] != shared[b] {
			return shared[b] - shared[a]
		}
		return strings.Compare(a, b)
	})
	ids = ids[:min(len(ids), MaxBatch)]
	gs, err := m.goldens(ctx, ids)
	if err != nil {
		return nil, err
	}
	byGuest := make(map[string]*candidate)
	var out []*candidate
	for _, id := range ids {
		g, ok := gs[id]
		if !ok {
			continue
		}
		if c := byGuest[g.GuestID]; c != nil {
			c.shared += shared[id]
			continue
		}
		c := &candidate{g: g, profiles: g.profiles(m.norm), shared: shared[id]}
		c.best = m.bestPair(p, c.profiles)
		byGuest[g.GuestID] = c
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b *candidate) int {
		switch {
		case rank(a.best) != rank(b.best):
			return rank(b.best) - rank(a.best)
		case a.best.Total > b.best.Total:
			return -1
		case a.best.Total < b.best.Total:
			return 1
		case a.g.older(b.g):
			return -1
		case b.g.older(a.g):
			return 1
		}
		return 0
	})
	return out, nil
}

// keptApart reports whether a person separated c from one of the guests joined so far (Unmerge).
func keptApart(joined []*candidate, c *candidate) bool {
	for _, j := range joined {
		if slices.Contains(j.g.KeptApart, c.g.GuestID) || slices.Contains(c.g.KeptApart, j.g.GuestID) {
			return true
		}
	}
	return false
}

// rank orders decisions: merge pairs first.
func rank(s identity.Score) int { return int(s.Decision) }

// bestPair scores p against each member profile and keeps the best merge pair, else the best pair.
func (m *Matcher) bestPair(p *identity.Profile, members []identity.Profile) identity.Score {
	var best identity.Score
	for i := range members {
		s := m.model.Score(p, &members[i])
		if i == 0 || rank(s) > rank(best) || rank(s) == rank(best) && s.Total > best.Total {
			best = s
		}
	}
	return best
}

// coherenceSample is how many members of each side coherent checks against each other (identity's batch checks
// as many).
const coherenceSample = 8

// coherent reports whether two groups of profiles may be one guest: fewer than half of their checked cross pairs
// may have a conflict, and the cross pairs must score at least the lower threshold on average. One strong link
// through a shared phone or card cannot pull two people together.
func (m *Matcher) coherent(a, b []identity.Profile) bool {
	sa, sb := spread(a), spread(b)
	pairs := len(sa) * len(sb)
	sum, conflicts := 0.0, 0
	for i := range sa {
		for j := range sb {
			s := m.model.Score(&sa[i], &sb[j])
			if s.Conflict != "" {
				if conflicts++; 2*conflicts >= pairs {
					return false
				}
			}
			sum += s.Total
		}
	}
	return sum/float64(pairs) >= m.model.Lower
}

// spread returns up to coherenceSample profiles evenly spread over ps, starting with the first.
func spread(ps []identity.Profile) []identity.Profile {
	if len(ps) <= coherenceSample {
		return ps
	}
	out := make([]identity.Profile, coherenceSample)
	for i := range out {
		out[i] = ps[i*len(ps)/coherenceSample]
	}
	return out
}

// maxReviews bounds the review tasks one record opens.
const maxReviews = 3

// create makes a new guest of the record, with review tasks against the candidates that scored at least the
// lower threshold (or had a merge pair but would not stay coherent).
func (m *Matcher) create(ctx context.Context, r *Record, f Fields, keys []string, look Lookup, cands []*candidate) (Resolution, error) {
	now := m.now()
	g := Golden{
		GuestID: events.DerivedID("guest\x00"+r.Source.System+"\x00"+r.Source.RecordID, now), Version: 1,
		CreatedAt: now, UpdatedAt: now,
	}
	g.addSource(r.Source, f, r.Guest, r.At)
	links := newLinkSet()
	m.pointKeys(&g, keys, look, links)
	res := Resolution{GuestID: g.GuestID, Outcome: Created}
	if len(cands) > 0 {
		res.Score, res.Explanation = cands[0].best.Total, cands[0].best.String()
	}
	for _, c := range cands {
		if len(res.Reviews) == maxReviews || c.best.Decision == identity.New {
			break
		}
		reason := "score between thresholds"
		switch {
		case c.best.Decision == identity.Merge:
			reason = "joining would make an incoherent guest"
		case c.best.Conflict != "":
			reason = c.best.Conflict
		}
		res.Reviews = append(res.Reviews, Review{
			GuestID: g.GuestID, CandidateID: c.g.GuestID, Source: r.Source, Score: roundScore(c.best.Total),
			Reason: reason, Explanation: c.best.String(), At: now, Fields: reviewFields(c.best), Scope: reviewScope(r.Scope),
		})
	}
	if len(res.Reviews) > 0 {
		res.Outcome = Reviewing
	}
	ev, err := profileEvent(&g, r.Scope, now)
	if err != nil {
		return Resolution{}, err
	}
	res.Events = []events.Envelope{ev}
	ch := Change{
		Goldens:  []Golden{g},
		Lineages: []Lineage{m.lineage(r, f, g.GuestID, res.Events)},
		Links:    links.list(),
		Reviews:  res.Reviews,
	}
	if err := m.store.Commit(ctx, ch); err != nil {
		return Resolution{}, err
	}
	return res, nil
}

// link adds the record to the oldest of the joined guests and merges the others into it, recording reviews.
func (m *Matcher) link(ctx context.Context, r *Record, f Fields, keys []string, look Lookup, joined []*candidate, reviews []Review) (Resolution, error) {
	now := m.now()
	survivor := joined[0]
	for _, c := range joined[1:] {
		if c.g.older(survivor.g) {
			survivor = c
		}
	}
	s := survivor.g.clone()
	before := s.Summary()
	survivorKeys := keySet(&s)
	s.Version++
	s.UpdatedAt = now
	res := Resolution{GuestID: s.GuestID, Outcome: Linked, Score: joined[0].best.Total, Explanation: joined[0].best.String(), Reviews: reviews}
	ch := Change{Reviews: reviews}
	links := newLinkSet()
	// moved are the keys edited only to move a merged guest's keys to the survivor.
	moved := make(map[string]bool)

	var mergedGoldens []Golden
	for _, c := range joined {
		if c == survivor {
			continue
		}
		res.Merged = append(res.Merged, c.g.GuestID)
		o := c.g.clone()
		s.take(&o, survivorKeys, &ch, links, moved)
		mergedGoldens = append(mergedGoldens, o)
	}
	var mergeEv *events.Envelope
	if len(res.Merged) > 0 {
		res.Outcome = Merged
		ev, err := mergeEvent(s.GuestID, res.Merged, joined[0].best.Total, r.Scope, now, autoMerge)
		if err != nil {
			return Resolution{}, err
		}
		d, err := events.DecodeAs[*events.ProfilesMerged](ev)
		if err != nil {
			return Resolution{}, err
		}
		for i := range mergedGoldens {
			o := &mergedGoldens[i]
			o.Version++
			o.UpdatedAt, o.MergedInto, o.MergeID = now, s.GuestID, d.MergeID
		}
		mergeEv = &ev
		ch.Merges = []Merge{mergeRecord(d, survivor.g, r, now)}
	}

	s.addSource(r.Source, f, r.Guest, r.At)
	m.pointKeys(&s, keys, look, links)
	// The record's keys that pointed to a merged guest now point to the survivor alone.
	for _, k := range keys {
		delete(moved, k)
		for _, id := range look.Keys[k].Guests {
			if slices.Contains(res.Merged, id) {
				links.remove(k, id)
			}
		}
	}
	if mergeEv != nil {
		res.Events = append(res.Events, *mergeEv)
	}
	if len(res.Merged) > 0 || !s.Summary().equal(before) {
		ev, err := profileEvent(&s, r.Scope, now)
		if err != nil {
			return Resolution{}, err
		}
		res.Events = append(res.Events, ev)
	}
	ch.Goldens = append([]Golden{s}, mergedGoldens...)
	ch.Lineages = []Lineage{m.lineage(r, f, s.GuestID, res.Events)}
	// Moving the merged guests' keys rides along when it fits in the transaction, and is deferred otherwise:
	// readers follow the merged guests' redirects until it is done.
	all := links.list()
	ch.Links = all
	if ch.Size() > MaxChange {
		ch.Links = nil
		for _, l := range all {
			if moved[l.Key] {
				ch.Deferred = append(ch.Deferred, l)
			} else {
				ch.Links = append(ch.Links, l)
			}
		}
	}
	if ch.Size() > MaxChange && len(joined) > 1 {
		// The merged guests have too many source records to relink in one transaction: link to the best guest
		// only, and leave the merge to a person.
		var rs []Review
		for _, c := range joined[1:min(len(joined), maxReviews+1)] {
			rs = append(rs, Review{
				GuestID: joined[0].g.GuestID, CandidateID: c.g.GuestID, Source: r.Source, Score: roundScore(c.best.Total),
				Reason: "merge too large for one transaction", Explanation: c.best.String(), At: now,
				Fields: reviewFields(c.best), Scope: reviewScope(r.Scope),
			})
		}
		return m.link(ctx, r, f, keys, look, joined[:1], rs)
	}
	if err := m.store.Commit(ctx, ch); err != nil {
		return Resolution{}, err
	}
	return res, nil
}

// pointKeys makes the record's keys point to g, except those too common to say anything. The edits are checked
// against the versions read.
func (m *Matcher) pointKeys(g *Golden, keys []string, look Lookup, links *linkSet) {
	for _, k := range keys {
		item := look.Keys[k]
		ids := item.Guests
		if slices.Contains(ids, g.GuestID) {
			if !g.hasKey(k) {
				g.Keys = append(g.Keys, k)
			}
			continue
		}
		if len(ids) >= m.maxBlock {
			continue
		}
		links.add(k, g.GuestID)
		links.check(k, item.Version)
		if !g.hasKey(k) {
			g.Keys = append(g.Keys, k)
		}
	}
}

// lineage is the new lineage of a source record seen for the first time.
func (m *Matcher) lineage(r *Record, f Fields, guestID string, evs []events.Envelope) Lineage {
	return Lineage{
		Source: r.Source, GuestID: guestID, Version: 1, Fingerprint: f.Fingerprint(), At: r.At,
		Message: r.Message, Events: evs,
	}
}

// linkSet gathers key item edits, one per key.
type linkSet struct {
	order []string
	edits map[string]*Link
}

func newLinkSet() *linkSet { return &linkSet{edits: make(map[string]*Link)} }

func (s *linkSet) get(k string) *Link {
	l := s.edits[k]
	if l == nil {
		l = &Link{Key: k}
		s.edits[k] = l
		s.order = append(s.order, k)
	}
	return l
}

func (s *linkSet) add(k, id string) {
	l := s.get(k)
	l.Remove = slices.DeleteFunc(l.Remove, func(x string) bool { return x == id })
	if !slices.Contains(l.Add, id) {
		l.Add = append(l.Add, id)
	}
}

func (s *linkSet) remove(k, id string) {
	l := s.get(k)
	l.Add = slices.DeleteFunc(l.Add, func(x string) bool { return x == id })
	if !slices.Contains(l.Remove, id) {
		l.Remove = append(l.Remove, id)
	}
}

func (s *linkSet) check(k string, version int) {
	l := s.get(k)
	l.Check, l.Version = true, version
}

func (s *linkSet) list() []Link {
	out := make([]Link, 0, len(s.order))
	for _, k := range s.order {
		if l := s.edits[k]; len(l.Add) > 0 || len(l.Remove) > 0 {
			out = append(out, *l)
		}
	}
	return out
}

// equal reports whether two summaries show the same profile.
func (s Summary) equal(t Summary) bool {
	return s.FirstName == t.FirstName && s.LastName == t.LastName && s.Email == t.Email && s.Phone == t.Phone &&
		s.LoyaltyNumber == t.LoyaltyNumber && slices.Equal(s.Sources, t.Sources)
}
