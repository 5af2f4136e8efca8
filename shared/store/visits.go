package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/guest360"
)

// VisitStore keeps each guest's stays and checks in the Guests table.
//
//	visit: pk=GUEST#<guestId> sk=VISIT#<departure>#<hash of the fact's idempotency key> (the visit as JSON)
//
// The key comes from the fact, so a redelivered stay hits the same item and the conditional put leaves it alone.
type VisitStore struct{ table dynamo.Table }

// NewVisitStore returns the adapter.
func NewVisitStore(db *DB) *VisitStore { return &VisitStore{table: db.Table("Guests")} }

type visitRecord struct {
	PK  string `dynamo:"pk"`
	SK  string `dynamo:"sk"`
	Doc string
}

// Add stores a visit once; it reports whether it was new.
func (s *VisitStore) Add(ctx context.Context, guestID string, v guest360.Visit) (bool, error) {
	doc, err := json.Marshal(v)
	if err != nil {
		return false, err
	}
	sum := sha256.Sum256([]byte(v.Key))
	err = s.table.Put(visitRecord{PK: "GUEST#" + guestID, SK: "VISIT#" + v.Departure + "#" + hex.EncodeToString(sum[:12]), Doc: string(doc)}).
		If("attribute_not_exists(pk)").Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return false, nil
	}
	return err == nil, err
}

// Visits returns a guest's visits in departure order.
func (s *VisitStore) Visits(ctx context.Context, guestID string) ([]guest360.Visit, error) {
	var recs []visitRecord
	if err := s.table.Get("pk", "GUEST#"+guestID).Range("sk", dynamo.BeginsWith, "VISIT#").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("visits of %s: %w", guestID, err)
	}
	out := make([]guest360.Visit, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal([]byte(r.Doc), &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
