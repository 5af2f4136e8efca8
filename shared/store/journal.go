package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/journal"
)

// JournalStore keeps events and daily rollups in the Journal table.
//
//	event:  pk=DAY#<yyyy-mm-dd>  sk=<occurredAt RFC3339Nano>#<eventId>, gsi1pk=GUEST#<guestId> gsi1sk=<occurredAt>#<eventId>
//	rollup: pk=ROLLUP#<yyyy-mm-dd> sk=TYPE#<detail-type>
//
// The event key is derived from the event alone, so a redelivery hits the same key and the conditional put
// rejects it.
type JournalStore struct{ table dynamo.Table }

var _ journal.Store = (*JournalStore)(nil)

// NewJournalStore returns the adapter.
func NewJournalStore(db *DB) *JournalStore { return &JournalStore{table: db.Table("Journal")} }

type journalRecord struct {
	PK        string `dynamo:"pk"`
	SK        string `dynamo:"sk"`
	GSI1PK    string `dynamo:"gsi1pk,omitempty"`
	GSI1SK    string `dynamo:"gsi1sk,omitempty"`
	Type      string
	Envelope  string
	ExpiresAt int64 `dynamo:"expiresAt"` // TTL, epoch seconds
}

type rollupRecord struct {
	PK    string `dynamo:"pk"`
	SK    string `dynamo:"sk"`
	Type  string
	Count int
}

func eventSortKey(e events.Envelope) string {
	return e.OccurredAt.UTC().Format(time.RFC3339Nano) + "#" + e.ID
}

// Append implements journal.Store.
func (s *JournalStore) Append(ctx context.Context, env events.Envelope, expires time.Time) (bool, error) {
	raw, err := json.Marshal(env)
	if err != nil {
		return false, err
	}
	rec := journalRecord{
		PK: "DAY#" + env.OccurredAt.UTC().Format(time.DateOnly), SK: eventSortKey(env),
		Type: env.Type, Envelope: string(raw), ExpiresAt: expires.Unix(),
	}
	if env.GuestID != "" {
		rec.GSI1PK, rec.GSI1SK = "GUEST#"+env.GuestID, eventSortKey(env)
	}
	err = s.table.Put(rec).If("attribute_not_exists(pk)").Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("append %s: %w", env.ID, err)
	}
	return true, nil
}

// Day implements journal.Store.
func (s *JournalStore) Day(ctx context.Context, day string) ([]events.Envelope, error) {
	var recs []journalRecord
	if err := s.table.Get("pk", "DAY#"+day).All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("query day %s: %w", day, err)
	}
	return decodeJournal(recs)
}

// Guest returns a guest's events in occurrence order.
func (s *JournalStore) Guest(ctx context.Context, guestID string) ([]events.Envelope, error) {
	var recs []journalRecord
	if err := s.table.Get("gsi1pk", "GUEST#"+guestID).Index("gsi1").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("query guest %s: %w", guestID, err)
	}
	return decodeJournal(recs)
}

func decodeJournal(recs []journalRecord) ([]events.Envelope, error) {
	out := make([]events.Envelope, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal([]byte(r.Envelope), &out[i]); err != nil {
			return nil, fmt.Errorf("decode journal entry %s: %w", r.SK, err)
		}
	}
	return out, nil
}

// Replace rewrites a stored event in place (erasure scrubs personal data out of it); the key and expiry stay.
func (s *JournalStore) Replace(ctx context.Context, env events.Envelope) error {
	raw, err := json.Marshal(env)
	if err != nil {
		return err
	}
	return s.table.Update("pk", "DAY#"+env.OccurredAt.UTC().Format(time.DateOnly)).Range("sk", eventSortKey(env)).
		Set("Envelope", string(raw)).If("attribute_exists(pk)").Run(ctx)
}

// PutRollup implements journal.Store. Types that no longer occur are left as they were, which cannot happen for a
// past day: its events only grow through late redeliveries, which are idempotent.
func (s *JournalStore) PutRollup(ctx context.Context, day string, counts map[string]int) error {
	for typ, n := range counts {
		if err := s.table.Put(rollupRecord{PK: "ROLLUP#" + day, SK: "TYPE#" + typ, Type: typ, Count: n}).Run(ctx); err != nil {
			return fmt.Errorf("put rollup %s %s: %w", day, typ, err)
		}
	}
	return nil
}

// Rollup implements journal.Store.
func (s *JournalStore) Rollup(ctx context.Context, day string) (map[string]int, error) {
	var recs []rollupRecord
	if err := s.table.Get("pk", "ROLLUP#"+day).All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("query rollup %s: %w", day, err)
	}
	out := map[string]int{}
	for _, r := range recs {
		out[r.Type] = r.Count
	}
	return out, nil
}
