package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/guest360"
)

// PreferenceStore keeps the preferences PMS profiles state, one item per source record next to its lineage:
//
//	pk=SOURCE#<system>#<recordId> sk=PREFS (At, PropertyID, Doc: the stated lists as JSON)
//
// Keyed by source record rather than guest, a guest's preferences are those of the source records its golden
// record holds: merges and unmerges carry them along without a copy, and erasure deletes them with the lineage.
type PreferenceStore struct {
	table dynamo.Table
}

// NewPreferenceStore returns the store.
func NewPreferenceStore(db *DB) *PreferenceStore { return &PreferenceStore{table: db.Table("Guests")} }

const (
	prefsSK  = "PREFS"
	statedAt = "2006-01-02T15:04:05.000000000Z"
)

type prefsRecord struct {
	PK         string `dynamo:"pk"`
	SK         string `dynamo:"sk"`
	At         string
	PropertyID string `dynamo:",omitempty"`
	Doc        string
}

// Put records what a source record states as of at, unless a newer message from it was recorded already (a late
// or redelivered message changes nothing). It reports whether it wrote.
func (s *PreferenceStore) Put(ctx context.Context, p guest360.StatedPreferences) (bool, error) {
	doc, err := json.Marshal(p.Stated)
	if err != nil {
		return false, err
	}
	at := p.At.UTC().Format(statedAt) // fixed width, so that text order is time order
	rec := prefsRecord{PK: lineagePK(p.Source), SK: prefsSK, At: at, PropertyID: p.PropertyID, Doc: string(doc)}
	err = s.table.Put(rec).If("attribute_not_exists(pk) OR $ <= ?", "At", at).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("preferences of %s/%s: %w", p.Source.System, p.Source.RecordID, err)
	}
	return true, nil
}

// Of returns what the given source records state, in one BatchGetItem per 100 records; records that stated
// nothing are left out.
func (s *PreferenceStore) Of(ctx context.Context, sources []events.SourceRef) ([]guest360.StatedPreferences, error) {
	var out []guest360.StatedPreferences
	for start := 0; start < len(sources); start += 100 {
		chunk := sources[start:min(start+100, len(sources))]
		keys := make([]dynamo.Keyed, len(chunk))
		bySK := make(map[string]events.SourceRef, len(chunk))
		for i, src := range chunk {
			keys[i] = dynamo.Keys{lineagePK(src), prefsSK}
			bySK[lineagePK(src)] = events.SourceRef{System: src.System, RecordID: src.RecordID}
		}
		var recs []prefsRecord
		err := s.table.Batch("pk", "sk").Get(keys...).All(ctx, &recs)
		if err != nil && !errors.Is(err, dynamo.ErrNotFound) {
			return nil, fmt.Errorf("stated preferences: %w", err)
		}
		for _, r := range recs {
			p := guest360.StatedPreferences{Source: bySK[r.PK], PropertyID: r.PropertyID}
			p.At, _ = time.Parse(statedAt, r.At)
			if err := json.Unmarshal([]byte(r.Doc), &p.Stated); err != nil {
				return nil, fmt.Errorf("decode %s: %w", r.PK, err)
			}
			out = append(out, p)
		}
	}
	return out, nil
}
