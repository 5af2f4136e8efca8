package store

import (
	"context"
	"errors"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/privacy"
)

// TombstoneStore remembers erased identities by keyed hash in the Guests table.
//
//	tombstone: pk=ERASED#<hmac of kind:normalised value> sk=META (guest id, time)
type TombstoneStore struct{ table dynamo.Table }

var _ privacy.Tombstones = (*TombstoneStore)(nil)

// NewTombstoneStore returns the adapter.
func NewTombstoneStore(db *DB) *TombstoneStore { return &TombstoneStore{table: db.Table("Guests")} }

type tombstoneRecord struct {
	PK      string `dynamo:"pk"`
	SK      string `dynamo:"sk"`
	GuestID string
	At      time.Time
}

// Put implements privacy.Tombstones.
func (s *TombstoneStore) Put(ctx context.Context, hash, guestID string, at time.Time) error {
	return s.table.Put(tombstoneRecord{PK: "ERASED#" + hash, SK: "META", GuestID: guestID, At: at}).Run(ctx)
}

// Has implements privacy.Tombstones with one BatchGetItem.
func (s *TombstoneStore) Has(ctx context.Context, hashes []string) (bool, error) {
	keys := make([]dynamo.Keyed, len(hashes))
	for i, h := range hashes {
		keys[i] = dynamo.Keys{"ERASED#" + h, "META"}
	}
	var recs []tombstoneRecord
	err := s.table.Batch("pk", "sk").Get(keys...).All(ctx, &recs)
	if errors.Is(err, dynamo.ErrNotFound) {
		return false, nil
	}
	return len(recs) > 0, err
}

// Delete implements privacy.Tombstones; deleting an absent tombstone is not an error.
func (s *TombstoneStore) Delete(ctx context.Context, hashes []string) error {
	if len(hashes) == 0 {
		return nil
	}
	keys := make([]dynamo.Keyed, len(hashes))
	for i, h := range hashes {
		keys[i] = dynamo.Keys{"ERASED#" + h, "META"}
	}
	_, err := s.table.Batch("pk", "sk").Write().Delete(keys...).Run(ctx)
	return err
}
