package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/giftcards"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// CardStore keeps gift card records and the stored-value movement log in the Ledger table (the money itself is in
// each card's ledger account, SV-<number>).
//
//	card:     pk=CARD#<number> sk=META (card as JSON, Version); every card (gsi1): gsi1pk=CARDS gsi1sk=<number>
//	movement: pk=SVDAY#<business date> sk=<at RFC3339Nano>#<movement key> (for the general-ledger export)
type CardStore struct{ table dynamo.Table }

var _ giftcards.Store = (*CardStore)(nil)

// NewCardStore returns the adapter.
func NewCardStore(db *DB) *CardStore { return &CardStore{table: db.Table("Ledger")} }

type cardRecord struct {
	PK      string `dynamo:"pk"`
	SK      string `dynamo:"sk"`
	GSI1PK  string `dynamo:"gsi1pk"`
	GSI1SK  string `dynamo:"gsi1sk"`
	Version int64
	Doc     string
}

type movementRecord struct {
	PK  string `dynamo:"pk"`
	SK  string `dynamo:"sk"`
	Doc string
}

func cardRec(c loyalty.Card, version int64) (cardRecord, error) {
	doc, err := json.Marshal(c)
	return cardRecord{PK: "CARD#" + string(c.Number), SK: "META", GSI1PK: "CARDS", GSI1SK: string(c.Number), Version: version, Doc: string(doc)}, err
}

// Card implements giftcards.Store.
func (s *CardStore) Card(ctx context.Context, n loyalty.CardNumber) (loyalty.Card, int64, error) {
	var rec cardRecord
	err := s.table.Get("pk", "CARD#"+string(n)).Range("sk", dynamo.Equal, "META").Consistent(true).One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return loyalty.Card{}, 0, fmt.Errorf("%w: %s", giftcards.ErrUnknownCard, n.Masked())
	}
	if err != nil {
		return loyalty.Card{}, 0, err
	}
	var c loyalty.Card
	return c, rec.Version, json.Unmarshal([]byte(rec.Doc), &c)
}

// PutCard implements giftcards.Store.
func (s *CardStore) PutCard(ctx context.Context, c loyalty.Card, version int64) error {
	rec, err := cardRec(c, version+1)
	if err != nil {
		return err
	}
	err = s.table.Put(rec).If("'Version' = ?", version).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return giftcards.ErrConflict
	}
	return err
}

// AddStock implements giftcards.Store.
func (s *CardStore) AddStock(ctx context.Context, cards []loyalty.Card) (int, error) {
	created := 0
	for _, c := range cards {
		rec, err := cardRec(c, 0)
		if err != nil {
			return created, err
		}
		err = s.table.Put(rec).If("attribute_not_exists(pk)").Run(ctx)
		switch {
		case dynamo.IsCondCheckFailed(err):
		case err != nil:
			return created, err
		default:
			created++
		}
	}
	return created, nil
}

// Cards implements giftcards.Store.
func (s *CardStore) Cards(ctx context.Context) ([]loyalty.Card, error) {
	var recs []cardRecord
	if err := s.table.Get("gsi1pk", "CARDS").Index("gsi1").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("cards: %w", err)
	}
	return decodeDocs[loyalty.Card](recs, func(r cardRecord) string { return r.Doc })
}

// Log implements giftcards.Store.
func (s *CardStore) Log(ctx context.Context, m loyalty.Movement) error {
	doc, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.table.Put(movementRecord{PK: "SVDAY#" + m.BusinessDate.String(), SK: m.At.UTC().Format(time.RFC3339Nano) + "#" + m.Key, Doc: string(doc)}).Run(ctx)
}

// Movements implements giftcards.Store.
func (s *CardStore) Movements(ctx context.Context, day loyalty.Date) ([]loyalty.Movement, error) {
	var recs []movementRecord
	if err := s.table.Get("pk", "SVDAY#"+day.String()).All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("movements of %s: %w", day, err)
	}
	return decodeDocs[loyalty.Movement](recs, func(r movementRecord) string { return r.Doc })
}
