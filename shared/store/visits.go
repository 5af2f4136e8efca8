package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/guest360"
)

// VisitStore keeps each guest's stays and checks in the Guests table.
//
//	visit: pk=GUEST#<guestId> sk=VISIT#<departure>#<hash of the fact's idempotency key> (the visit as JSON)
//
// The key comes from the fact, so a redelivered stay hits the same item and the conditional put leaves it alone.
// A survivor's copy of a merged guest's visit has the original's sort key under the survivor's partition, so
// copying again overwrites it and undoing the merge deletes exactly the copies. Whether a guest is merged is
// matching's golden record (pk=GUEST#<guestId> sk=GOLDEN, attribute MergedInto).
type VisitStore struct {
	db    *dynamo.DB
	table dynamo.Table
}

// NewVisitStore returns the adapter.
func NewVisitStore(db *DB) *VisitStore {
	return &VisitStore{db: db.Dynamo(), table: db.Table("Guests")}
}

type visitRecord struct {
	PK  string `dynamo:"pk"`
	SK  string `dynamo:"sk"`
	Doc string
}

func visitSK(v guest360.Visit) string {
	sum := sha256.Sum256([]byte(v.Key))
	return "VISIT#" + v.Departure + "#" + hex.EncodeToString(sum[:12])
}

func toVisitRecord(guestID string, v guest360.Visit) (visitRecord, error) {
	doc, err := json.Marshal(v)
	if err != nil {
		return visitRecord{}, err
	}
	return visitRecord{PK: guestPK(guestID), SK: visitSK(v), Doc: string(doc)}, nil
}

// Add stores a visit once; it reports whether it was new. One TransactWriteItems checks, with the put, that the
// guest is not merged; a visit of a merged guest (a stay that arrives after the merge) is filed under it and
// copied to the guests it was merged into, in one transaction conditioned on the merges still holding.
func (s *VisitStore) Add(ctx context.Context, guestID string, v guest360.Visit) (bool, error) {
	rec, err := toVisitRecord(guestID, v)
	if err != nil {
		return false, err
	}
	err = s.db.WriteTx().
		Check(s.table.Check("pk", guestPK(guestID)).Range("sk", goldenSK).If("attribute_not_exists(MergedInto)")).
		Put(s.table.Put(rec).If("attribute_not_exists(pk)")).
		Run(ctx)
	var txe *types.TransactionCanceledException
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &txe) && len(txe.CancellationReasons) == 2 && code(txe.CancellationReasons[1]) == "ConditionalCheckFailed":
		return false, nil
	case errors.As(err, &txe) && len(txe.CancellationReasons) == 2 && code(txe.CancellationReasons[0]) == "ConditionalCheckFailed":
		return true, s.addMerged(ctx, rec, guestID, v)
	}
	return false, fmt.Errorf("add visit of %s: %w", guestID, err)
}

// maxMergeHops bounds how many merges a late visit follows (matching follows as many).
const maxMergeHops = 8

// addMerged files a merged guest's visit under it and copies it to every guest along its merges.
func (s *VisitStore) addMerged(ctx context.Context, rec visitRecord, guestID string, v guest360.Visit) error {
	tx := s.db.WriteTx().Put(s.table.Put(rec))
	from := guestID
	for range maxMergeHops {
		var g goldenRecord
		err := s.table.Get("pk", guestPK(from)).Range("sk", dynamo.Equal, goldenSK).Consistent(true).One(ctx, &g)
		if errors.Is(err, dynamo.ErrNotFound) || err == nil && g.MergedInto == "" {
			break
		}
		if err != nil {
			return fmt.Errorf("add visit of %s: read %s: %w", guestID, from, err)
		}
		var doc struct{ MergeID string }
		_ = json.Unmarshal([]byte(g.Doc), &doc) // the golden record's own JSON; a missing merge id only loses the label
		cp, err := toVisitRecord(g.MergedInto, v.Copy(guestID, doc.MergeID))
		if err != nil {
			return err
		}
		tx.Check(s.table.Check("pk", guestPK(from)).Range("sk", goldenSK).If("MergedInto = ?", g.MergedInto)).Put(s.table.Put(cp))
		from = g.MergedInto
	}
	if err := tx.Run(ctx); err != nil {
		if conflicted(err) {
			// A merge was undone meanwhile: the consumer's retry files the visit as things are now.
			return fmt.Errorf("add visit of %s: merges changed: %w", guestID, err)
		}
		return fmt.Errorf("add visit of %s: %w", guestID, err)
	}
	return nil
}

// Visits returns a guest's visits in departure order.
func (s *VisitStore) Visits(ctx context.Context, guestID string) ([]guest360.Visit, error) {
	var recs []visitRecord
	if err := s.table.Get("pk", guestPK(guestID)).Range("sk", dynamo.BeginsWith, "VISIT#").Consistent(true).All(ctx, &recs); err != nil {
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

// ErrMergeUndone is returned by Merge when the merge no longer holds (it was undone before its copies were
// made): nothing is copied.
var ErrMergeUndone = errors.New("the merge was undone")

// Merge copies every visit of mergedID to survivorID, marked with their origin and the merge, in transactions
// conditioned on matching's golden record still saying mergedID is merged into survivorID: copies made before an
// unmerge are there for its undoing to find, and a merge delivered after its unmerge copies nothing
// (ErrMergeUndone). Copies are overwritten when written again, so a redelivery or a retry after a failure midway
// makes the same copies.
func (s *VisitStore) Merge(ctx context.Context, survivorID, mergedID, mergeID string) (int, error) {
	visits, err := s.Visits(ctx, mergedID)
	if err != nil {
		return 0, err
	}
	n := 0
	for start := 0; start < len(visits); start += maxTxItems - 1 {
		tx := s.db.WriteTx().Check(s.table.Check("pk", guestPK(mergedID)).Range("sk", goldenSK).If("MergedInto = ?", survivorID))
		for _, v := range visits[start:min(start+maxTxItems-1, len(visits))] {
			rec, err := toVisitRecord(survivorID, v.Copy(mergedID, mergeID))
			if err != nil {
				return n, err
			}
			tx.Put(s.table.Put(rec))
		}
		if err := tx.Run(ctx); err != nil {
			if conflicted(err) {
				return n, fmt.Errorf("copy visits of %s to %s: %w", mergedID, survivorID, ErrMergeUndone)
			}
			return n, fmt.Errorf("copy visits of %s to %s: %w", mergedID, survivorID, err)
		}
		n += min(maxTxItems-1, len(visits)-start)
	}
	return n, nil
}

// maxTxItems is how many items one TransactWriteItems holds.
const maxTxItems = 100

// Unmerge removes from survivorID every visit restoredID has: the copies the merge made (and any copy of the
// same facts filed there since). Deleting again changes nothing.
func (s *VisitStore) Unmerge(ctx context.Context, survivorID, restoredID string) (int, error) {
	visits, err := s.Visits(ctx, restoredID)
	if err != nil {
		return 0, err
	}
	keys := make([]dynamo.Keyed, 0, len(visits))
	for _, v := range visits {
		keys = append(keys, dynamo.Keys{guestPK(survivorID), visitSK(v)})
	}
	if len(keys) == 0 {
		return 0, nil
	}
	if _, err := s.table.Batch("pk", "sk").Write().Delete(keys...).Run(ctx); err != nil {
		return 0, fmt.Errorf("remove %s's visits from %s: %w", restoredID, survivorID, err)
	}
	return len(keys), nil
}

// EachGuest calls each with every guest who has visits and their visits: a parallel scan of the Guests table, for
// exports (cardex queries), never for a request that must answer quickly.
func (s *VisitStore) EachGuest(ctx context.Context, each func(guestID string, visits []guest360.Visit) error) error {
	var recs []visitRecord
	if err := s.table.Scan().Filter("begins_with('sk', ?)", "VISIT#").All(ctx, &recs); err != nil {
		return fmt.Errorf("scan visits: %w", err)
	}
	byGuest := map[string][]guest360.Visit{}
	var order []string
	for _, r := range recs {
		var v guest360.Visit
		if err := json.Unmarshal([]byte(r.Doc), &v); err != nil {
			return err
		}
		g := strings.TrimPrefix(r.PK, "GUEST#")
		if _, ok := byGuest[g]; !ok {
			order = append(order, g)
		}
		byGuest[g] = append(byGuest[g], v)
	}
	sort.Strings(order)
	for _, g := range order {
		if err := each(g, byGuest[g]); err != nil {
			return err
		}
	}
	return nil
}
