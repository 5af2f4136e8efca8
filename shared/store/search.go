package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/search"
)

// SearchStore keeps the guest search keys in the Guests table. Each origin (the console profile, matching's
// golden record, reservations) indexes its own keys, so one origin's change never removes another's.
//
//	key:   pk=SEARCH#<kind>#<first two characters> sk=<value>#<guestId>#<origin> (the hit to show)
//	index: pk=GUEST#<guestId> sk=SEARCHDOC#<origin> (the keys it indexed, to remove them on change or erasure)
type SearchStore struct{ table dynamo.Table }

// NewSearchStore returns the adapter.
func NewSearchStore(db *DB) *SearchStore { return &SearchStore{table: db.Table("Guests")} }

type searchKeyRecord struct {
	PK  string `dynamo:"pk"`
	SK  string `dynamo:"sk"`
	Hit string
}

type searchDocRecord struct {
	PK         string `dynamo:"pk"`
	SK         string `dynamo:"sk"`
	Keys       string
	Properties []string `dynamo:",set,omitempty"`
	Hit        string   `dynamo:",omitempty"` // the hit the keys carry, to rewrite them only when it changes
}

func searchPK(kind, value string) string {
	return "SEARCH#" + kind + "#" + value[:min(len(value), search.MinPrefix)]
}

func (s *SearchStore) docOf(ctx context.Context, guestID, origin string) (searchDocRecord, []search.Key, error) {
	var doc searchDocRecord
	err := s.table.Get("pk", "GUEST#"+guestID).Range("sk", dynamo.Equal, "SEARCHDOC#"+origin).One(ctx, &doc)
	if errors.Is(err, dynamo.ErrNotFound) {
		return searchDocRecord{}, nil, nil
	}
	if err != nil {
		return searchDocRecord{}, nil, err
	}
	var keys []search.Key
	return doc, keys, json.Unmarshal([]byte(doc.Keys), &keys)
}

// Index replaces what origin indexed for the guest; the properties that know the guest accumulate. It is
// idempotent: a repeat writes the same items.
func (s *SearchStore) Index(ctx context.Context, guestID, origin string, keys []search.Key, hit search.Hit) error {
	doc, old, err := s.docOf(ctx, guestID, origin)
	if err != nil {
		return err
	}
	for _, p := range doc.Properties {
		if !slices.Contains(hit.Properties, p) {
			hit.Properties = append(hit.Properties, p)
		}
	}
	slices.Sort(hit.Properties)
	keep := map[search.Key]bool{}
	for _, k := range keys {
		keep[k] = true
	}
	for _, k := range old {
		if !keep[k] {
			if err := s.table.Delete("pk", searchPK(k.Kind, k.Value)).Range("sk", k.Value+"#"+guestID+"#"+origin).Run(ctx); err != nil {
				return err
			}
		}
	}
	hit.GuestID = guestID
	raw, err := json.Marshal(hit)
	if err != nil {
		return err
	}
	had := map[search.Key]bool{}
	for _, k := range old {
		had[k] = true
	}
	same := doc.Hit == string(raw)
	if same && len(keys) == len(old) && allIn(keys, had) {
		return nil // nothing changed: a repeated profile event costs one read
	}
	for _, k := range keys {
		if same && had[k] {
			continue // the item already carries this hit
		}
		if err := s.table.Put(searchKeyRecord{PK: searchPK(k.Kind, k.Value), SK: k.Value + "#" + guestID + "#" + origin, Hit: string(raw)}).Run(ctx); err != nil {
			return err
		}
	}
	all, err := json.Marshal(keys)
	if err != nil {
		return err
	}
	// The list of keys last, so a failure midway leaves the old list and a retry removes what it names.
	return s.table.Put(searchDocRecord{PK: "GUEST#" + guestID, SK: "SEARCHDOC#" + origin, Keys: string(all), Properties: hit.Properties, Hit: string(raw)}).Run(ctx)
}

// Add indexes one more key for origin (a reservation number), keeping the others.
func (s *SearchStore) Add(ctx context.Context, guestID, origin string, k search.Key, hit search.Hit) error {
	_, old, err := s.docOf(ctx, guestID, origin)
	if err != nil {
		return err
	}
	for _, o := range old {
		if o == k {
			return nil
		}
	}
	return s.Index(ctx, guestID, origin, append(old, k), hit)
}

// Forget removes every key of the guest (erasure).
func (s *SearchStore) Forget(ctx context.Context, guestID string) error {
	var docs []searchDocRecord
	if err := s.table.Get("pk", "GUEST#"+guestID).Range("sk", dynamo.BeginsWith, "SEARCHDOC#").Consistent(true).All(ctx, &docs); err != nil {
		return err
	}
	for _, d := range docs {
		origin := strings.TrimPrefix(d.SK, "SEARCHDOC#")
		if err := s.Index(ctx, guestID, origin, nil, search.Hit{}); err != nil {
			return err
		}
		if err := s.table.Delete("pk", d.PK).Range("sk", d.SK).Run(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Find returns up to limit guests matching q, each once.
func (s *SearchStore) Find(ctx context.Context, q search.Query, limit int) ([]search.Hit, error) {
	prefix := q.Value
	if !q.Prefix {
		prefix += "#"
	}
	var recs []searchKeyRecord
	err := s.table.Get("pk", searchPK(q.Kind, q.Value)).Range("sk", dynamo.BeginsWith, prefix).Limit(limit*4).All(ctx, &recs)
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", q.Kind, err)
	}
	seen := map[string]bool{}
	var out []search.Hit
	for _, r := range recs {
		var h search.Hit
		if err := json.Unmarshal([]byte(r.Hit), &h); err != nil {
			return nil, err
		}
		if !seen[h.GuestID] && len(out) < limit {
			seen[h.GuestID] = true
			out = append(out, h)
		}
	}
	return out, nil
}

func allIn(keys []search.Key, set map[search.Key]bool) bool {
	for _, k := range keys {
		if !set[k] {
			return false
		}
	}
	return true
}
