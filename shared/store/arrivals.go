package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/guest360"
)

// ArrivalStore keeps each property's expected arrivals in the Guests table.
//
//	arrival:     pk=ARRIVALS#<propertyId> sk=<arrival YYYY-MM-DD>#<reservationId> (the arrival as JSON)
//	reservation: pk=RESV#<propertyId>#<reservationId> sk=META (the latest state, so a moved or cancelled
//	             reservation leaves its old day, and an older message never overwrites a newer one)
type ArrivalStore struct{ table dynamo.Table }

var _ guest360.Arrivals = (*ArrivalStore)(nil)

// NewArrivalStore returns the adapter.
func NewArrivalStore(db *DB) *ArrivalStore { return &ArrivalStore{table: db.Table("Guests")} }

type arrivalRecord struct {
	PK  string `dynamo:"pk"`
	SK  string `dynamo:"sk"`
	Doc string
}

func arrivalKey(a guest360.Arrival) (string, string) {
	return "ARRIVALS#" + a.PropertyID, a.Arrival + "#" + a.ReservationID
}

// Upsert applies a reservation's latest state; messages older than what is stored change nothing. Each step is
// idempotent, so a retry after a failure midway converges on the same items.
func (s *ArrivalStore) Upsert(ctx context.Context, a guest360.Arrival) error {
	ptrPK := "RESV#" + a.PropertyID + "#" + a.ReservationID
	var ptr arrivalRecord
	err := s.table.Get("pk", ptrPK).Range("sk", dynamo.Equal, "META").Consistent(true).One(ctx, &ptr)
	if err != nil && !errors.Is(err, dynamo.ErrNotFound) {
		return err
	}
	if err == nil {
		var prev guest360.Arrival
		if err := json.Unmarshal([]byte(ptr.Doc), &prev); err != nil {
			return err
		}
		if a.UpdatedAt.Before(prev.UpdatedAt) {
			return nil // an older message arriving late
		}
		if prev.Arrival != a.Arrival || !a.Expected() {
			pk, sk := arrivalKey(prev)
			if err := s.table.Delete("pk", pk).Range("sk", sk).Run(ctx); err != nil {
				return fmt.Errorf("move arrival %s: %w", a.ReservationID, err)
			}
		}
	}
	doc, err := json.Marshal(a)
	if err != nil {
		return err
	}
	if a.Expected() {
		pk, sk := arrivalKey(a)
		if err := s.table.Put(arrivalRecord{PK: pk, SK: sk, Doc: string(doc)}).Run(ctx); err != nil {
			return err
		}
	}
	return s.table.Put(arrivalRecord{PK: ptrPK, SK: "META", Doc: string(doc)}).Run(ctx)
}

// Between implements guest360.Arrivals.
func (s *ArrivalStore) Between(ctx context.Context, propertyID, from, to string) ([]guest360.Arrival, error) {
	var recs []arrivalRecord
	err := s.table.Get("pk", "ARRIVALS#"+propertyID).Range("sk", dynamo.Between, from, to+"#~").All(ctx, &recs)
	if err != nil {
		return nil, fmt.Errorf("arrivals of %s: %w", propertyID, err)
	}
	return decodeDocs[guest360.Arrival](recs, func(r arrivalRecord) string { return r.Doc })
}
