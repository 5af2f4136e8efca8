package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/consent"
)

// ConsentStore keeps consent histories and suppressions in the Guests table.
//
//	consent record: pk=GUEST#<guestId> sk=CONSENT#<at RFC3339Nano>#<ulid>   (append-only)
//	suppression:    pk=SUPPRESS#<channel>#<address> sk=META, or pk=SUPPRESS#*#<guestId> for a guest-wide stop;
//	                all of them (gsi1): gsi1pk=SUPPRESSIONS gsi1sk=<channel>#<target>
type ConsentStore struct{ table dynamo.Table }

var _ consent.Store = (*ConsentStore)(nil)

// NewConsentStore returns the adapter.
func NewConsentStore(db *DB) *ConsentStore {
	return &ConsentStore{table: db.Table("Guests")}
}

type consentRecord struct {
	PK string `dynamo:"pk"`
	SK string `dynamo:"sk"`
	consent.Record
}

type suppressionRecord struct {
	PK     string `dynamo:"pk"`
	SK     string `dynamo:"sk"`
	GSI1PK string `dynamo:"gsi1pk"`
	GSI1SK string `dynamo:"gsi1sk"`
	consent.Suppression
}

// Append implements consent.Store; the sort key never repeats, so history is never overwritten.
func (s *ConsentStore) Append(ctx context.Context, r consent.Record) error {
	rec := consentRecord{PK: "GUEST#" + r.GuestID, SK: "CONSENT#" + r.At.UTC().Format(time.RFC3339Nano) + "#" + events.NewID(r.At), Record: r}
	return s.table.Put(rec).If("attribute_not_exists(pk)").Run(ctx)
}

// History implements consent.Store.
func (s *ConsentStore) History(ctx context.Context, guestID string) ([]consent.Record, error) {
	var recs []consentRecord
	if err := s.table.Get("pk", "GUEST#"+guestID).Range("sk", dynamo.BeginsWith, "CONSENT#").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("consent history of %s: %w", guestID, err)
	}
	out := make([]consent.Record, len(recs))
	for i, r := range recs {
		out[i] = r.Record
	}
	return out, nil
}

func suppressionKey(channel, target string) string { return "SUPPRESS#" + channel + "#" + target }

func suppressionTarget(sup consent.Suppression) string {
	if sup.Channel == "*" {
		return sup.GuestID
	}
	return sup.Address
}

// PutSuppression implements consent.Store.
func (s *ConsentStore) PutSuppression(ctx context.Context, sup consent.Suppression) error {
	target := suppressionTarget(sup)
	return s.table.Put(suppressionRecord{PK: suppressionKey(sup.Channel, target), SK: "META", GSI1PK: "SUPPRESSIONS",
		GSI1SK: sup.Channel + "#" + target, Suppression: sup}).Run(ctx)
}

// DeleteSuppression implements consent.Store.
func (s *ConsentStore) DeleteSuppression(ctx context.Context, channel, target string) error {
	return s.table.Delete("pk", suppressionKey(channel, target)).Range("sk", "META").Run(ctx)
}

// Suppressions implements consent.Store with one BatchGetItem of the address and guest-wide keys.
func (s *ConsentStore) Suppressions(ctx context.Context, guestID, channel, address string) ([]consent.Suppression, error) {
	keys := []dynamo.Keyed{dynamo.Keys{suppressionKey("*", guestID), "META"}}
	if address != "" {
		keys = append(keys, dynamo.Keys{suppressionKey(channel, address), "META"})
	}
	var recs []suppressionRecord
	err := s.table.Batch("pk", "sk").Get(keys...).All(ctx, &recs)
	if err != nil && err != dynamo.ErrNotFound {
		return nil, fmt.Errorf("suppressions: %w", err)
	}
	out := make([]consent.Suppression, len(recs))
	for i, r := range recs {
		out[i] = r.Suppression
	}
	return out, nil
}

// AllSuppressions implements consent.Store.
func (s *ConsentStore) AllSuppressions(ctx context.Context) ([]consent.Suppression, error) {
	var recs []suppressionRecord
	if err := s.table.Get("gsi1pk", "SUPPRESSIONS").Index("gsi1").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("list suppressions: %w", err)
	}
	out := make([]consent.Suppression, len(recs))
	for i, r := range recs {
		out[i] = r.Suppression
	}
	return out, nil
}
