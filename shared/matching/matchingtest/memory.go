// Package matchingtest helps test code that matches guests: an in-memory matching.Store with the DynamoDB
// adapter's semantics (atomic commits, version conditions) that counts its round trips.
package matchingtest

import (
	"context"
	"encoding/json"
	"slices"
	"sync"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/matching"
)

// Memory is an in-memory matching.Store. Records are copied in and out through JSON, as the real store does.
type Memory struct {
	mu       sync.Mutex
	goldens  map[string][]byte
	lineages map[events.SourceRef][]byte
	keys     map[string]map[string]bool
	versions map[string]int
	reviews  []matching.Review
	merges   map[string][]byte // by merge id
	calls    int
}

var _ matching.Store = (*Memory)(nil)

// NewMemory returns an empty store.
func NewMemory() *Memory {
	return &Memory{
		goldens: map[string][]byte{}, lineages: map[events.SourceRef][]byte{}, keys: map[string]map[string]bool{},
		versions: map[string]int{}, merges: map[string][]byte{},
	}
}

// Calls returns how many round trips the store has served.
func (m *Memory) Calls() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls
}

// Reviews returns the review tasks recorded, in order.
func (m *Memory) Reviews() []matching.Review {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.reviews)
}

// KeyGuests returns the guests a key points to, sorted.
func (m *Memory) KeyGuests(key string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return sortedKeys(m.keys[key])
}

// Lookup implements matching.Store.
func (m *Memory) Lookup(_ context.Context, src events.SourceRef, keys []string) (matching.Lookup, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	out := matching.Lookup{Keys: map[string]matching.KeyItem{}}
	if raw, ok := m.lineages[src]; ok {
		var l matching.Lineage
		mustUnmarshal(raw, &l)
		out.Lineage = &l
	}
	for _, k := range keys {
		if v, ok := m.versions[k]; ok {
			out.Keys[k] = matching.KeyItem{Guests: sortedKeys(m.keys[k]), Version: v}
		}
	}
	return out, nil
}

// Goldens implements matching.Store.
func (m *Memory) Goldens(_ context.Context, ids []string) (map[string]matching.Golden, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	out := map[string]matching.Golden{}
	for _, id := range ids {
		if raw, ok := m.goldens[id]; ok {
			var g matching.Golden
			mustUnmarshal(raw, &g)
			out[id] = g
		}
	}
	return out, nil
}

// Commit implements matching.Store.
func (m *Memory) Commit(_ context.Context, c matching.Change) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	for _, g := range c.Goldens {
		if m.version(m.goldens[g.GuestID]) != g.Version-1 {
			return matching.ErrConflict
		}
	}
	for _, l := range c.Lineages {
		if m.version(m.lineages[l.Source]) != l.Version-1 {
			return matching.ErrConflict
		}
	}
	for _, mg := range c.Merges {
		if m.version(m.merges[mg.MergeID]) != mg.Version-1 {
			return matching.ErrConflict
		}
	}
	for _, l := range c.Links {
		if l.Check && m.versions[l.Key] != l.Version {
			return matching.ErrConflict
		}
	}
	for _, r := range c.Relinks {
		raw, ok := m.lineages[r.Source]
		if !ok {
			return matching.ErrConflict
		}
		var l matching.Lineage
		mustUnmarshal(raw, &l)
		if l.GuestID != r.From {
			return matching.ErrConflict
		}
	}
	for _, g := range c.Goldens {
		m.goldens[g.GuestID] = mustMarshal(g)
	}
	for _, l := range c.Lineages {
		m.lineages[l.Source] = mustMarshal(l)
	}
	for _, r := range c.Relinks {
		var l matching.Lineage
		mustUnmarshal(m.lineages[r.Source], &l)
		l.GuestID = r.To
		m.lineages[r.Source] = mustMarshal(l)
	}
	for _, mg := range c.Merges {
		m.merges[mg.MergeID] = mustMarshal(mg)
	}
	for _, r := range c.Reviews {
		if i := m.review(r.GuestID, r.CandidateID); i >= 0 && r.Status != "" && r.Status != matching.ReviewOpen && m.reviews[i].Status != "" && m.reviews[i].Status != matching.ReviewOpen {
			return matching.ErrConflict
		}
	}
	m.link(c.Links)
	for _, r := range c.Reviews {
		if i := m.review(r.GuestID, r.CandidateID); i >= 0 {
			m.reviews[i] = r
			continue
		}
		m.reviews = append(m.reviews, r)
	}
	if len(c.Deferred) > 0 {
		m.calls++
		m.link(c.Deferred)
	}
	return nil
}

// review finds a review by its guests; -1 when absent.
func (m *Memory) review(guestID, candidateID string) int {
	return slices.IndexFunc(m.reviews, func(r matching.Review) bool { return r.GuestID == guestID && r.CandidateID == candidateID })
}

// Review implements matching.Store.
func (m *Memory) Review(_ context.Context, guestID, candidateID string) (matching.Review, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	i := m.review(guestID, candidateID)
	if i < 0 {
		return matching.Review{}, matching.ErrReviewNotFound
	}
	var r matching.Review
	mustUnmarshal(mustMarshal(m.reviews[i]), &r)
	if r.Status == "" {
		r.Status = matching.ReviewOpen
	}
	return r, nil
}

// Merges implements matching.Store.
func (m *Memory) Merges(_ context.Context, survivorID string) ([]matching.Merge, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	var out []matching.Merge
	for _, raw := range m.merges {
		var mg matching.Merge
		mustUnmarshal(raw, &mg)
		if mg.SurvivorID == survivorID {
			out = append(out, mg)
		}
	}
	slices.SortStableFunc(out, func(a, b matching.Merge) int { return a.At.Compare(b.At) })
	return out, nil
}

func (m *Memory) link(ls []matching.Link) {
	for _, l := range ls {
		set := m.keys[l.Key]
		if set == nil {
			set = map[string]bool{}
			m.keys[l.Key] = set
		}
		for _, id := range l.Remove {
			delete(set, id)
		}
		for _, id := range l.Add {
			set[id] = true
		}
		m.versions[l.Key]++
	}
}

// version reads the Version field of a stored record; 0 when there is none.
func (m *Memory) version(raw []byte) int {
	if raw == nil {
		return 0
	}
	var v struct{ Version int }
	mustUnmarshal(raw, &v)
	return v.Version
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func mustUnmarshal(b []byte, v any) {
	if err := json.Unmarshal(b, v); err != nil {
		panic(err)
	}
}
