package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/matching"
)

// MatchStore keeps incremental matching's records in the Guests table.
//
//	golden record: pk=GUEST#<guestId> sk=GOLDEN (Version, MergedInto when merged, the matching.Golden as JSON in Doc)
//	lineage:       pk=SOURCE#<system>#<sourceGuestId> sk=GUEST (GuestID, Version, Fingerprint, At, Message, Events as JSON)
//	identity key:  pk=KEY#<kind>#<normalised value> sk=GUESTS (one attribute g:<guestId> per guest it ever pointed to,
//	               1 while it does and 0 once the guest was merged away; n, the number of writes, which checked
//	               edits are conditioned on)
//	review task:   pk=GUEST#<guestId> sk=REVIEW#<candidateGuestId> (the matching.Review as JSON in Doc)
//	merge:         pk=GUEST#<survivorId> sk=MERGE#<mergeId> (Version; the matching.Merge as JSON in Doc: the
//	               survivor's golden record before the merge, the merged guests and whether each was unmerged)
//	open reviews (gsi1): gsi1pk=REVIEW#OPEN gsi1sk=<at RFC3339Nano>#<guestId>#<candidateGuestId>
//
// A key is one item whatever the number of guests it points to, so that all of a record's keys and its lineage
// are read with one BatchGetItem; a key pointing to many guests stops growing at the matcher's MaxBlock. A guest
// that stops being pointed to is set to 0 rather than removed: the embedded server (minidyn v0.8.2) ignores
// REMOVE in update expressions, and the dead attributes are few (one per merge). The
// golden record is not the console's profile (sk=PROFILE): it is the matcher's own. A resolution is written with
// one TransactWriteItems, conditioned on the versions it read.
type MatchStore struct {
	db    *dynamo.DB
	table dynamo.Table
}

var _ matching.Store = (*MatchStore)(nil)

// NewMatchStore returns the adapter.
func NewMatchStore(db *DB) *MatchStore {
	return &MatchStore{db: db.Dynamo(), table: db.Table("Guests")}
}

const (
	goldenSK  = "GOLDEN"
	lineageSK = "GUEST"
	keySK     = "GUESTS"
	// keyGuestPrefix starts the name of each guest attribute of a key item.
	keyGuestPrefix = "g:"
	// keyVersion names the key item's write counter.
	keyVersion  = "n"
	openReviews = "REVIEW#OPEN"
	// decidedReviews keeps decided reviews out of the open queue (and lists them, newest decisions apart).
	decidedReviews = "REVIEW#DECIDED"
	reviewPrefix   = "REVIEW#"
	mergePrefix    = "MERGE#"
)

func guestPK(id string) string { return "GUEST#" + id }

func lineagePK(s events.SourceRef) string { return "SOURCE#" + s.System + "#" + s.RecordID }

func keyPK(key string) string { return "KEY#" + key }

type goldenRecord struct {
	PK         string `dynamo:"pk"`
	SK         string `dynamo:"sk"`
	Version    int
	MergedInto string `dynamo:",omitempty"`
	Doc        string
}

type lineageRecord struct {
	PK          string `dynamo:"pk"`
	SK          string `dynamo:"sk"`
	System      string
	RecordID    string
	GuestID     string
	Version     int
	Fingerprint string
	At          time.Time
	Message     string   `dynamo:",omitempty"`
	Events      string   `dynamo:",omitempty"`
	Older       []string `dynamo:",omitempty"`
}

type mergeRecord struct {
	PK      string `dynamo:"pk"`
	SK      string `dynamo:"sk"`
	Version int
	Doc     string
}

type reviewRecord struct {
	PK     string `dynamo:"pk"`
	SK     string `dynamo:"sk"`
	GSI1PK string `dynamo:"gsi1pk"`
	GSI1SK string `dynamo:"gsi1sk"`
	Doc    string
}

func toLineageRecord(l matching.Lineage) (lineageRecord, error) {
	rec := lineageRecord{
		PK: lineagePK(l.Source), SK: lineageSK, System: l.Source.System, RecordID: l.Source.RecordID,
		GuestID: l.GuestID, Version: l.Version, Fingerprint: l.Fingerprint, At: l.At.UTC(), Message: l.Message, Older: l.Older,
	}
	if len(l.Events) > 0 {
		b, err := json.Marshal(l.Events)
		if err != nil {
			return lineageRecord{}, fmt.Errorf("encode events of %s: %w", rec.PK, err)
		}
		rec.Events = string(b)
	}
	return rec, nil
}

func (r lineageRecord) lineage() (matching.Lineage, error) {
	l := matching.Lineage{
		Source:  events.SourceRef{System: r.System, RecordID: r.RecordID},
		GuestID: r.GuestID, Version: r.Version, Fingerprint: r.Fingerprint, At: r.At, Message: r.Message, Older: r.Older,
	}
	if r.Events != "" {
		if err := json.Unmarshal([]byte(r.Events), &l.Events); err != nil {
			return matching.Lineage{}, fmt.Errorf("decode events of %s: %w", r.PK, err)
		}
	}
	return l, nil
}

// Lookup implements matching.Store with one BatchGetItem (consistent reads, so that a key written by the previous
// message is seen).
func (s *MatchStore) Lookup(ctx context.Context, src events.SourceRef, keys []string) (matching.Lookup, error) {
	out := matching.Lookup{Keys: make(map[string]matching.KeyItem)}
	want := []dynamo.Keyed{dynamo.Keys{lineagePK(src), lineageSK}}
	seen := map[string]bool{}
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			want = append(want, dynamo.Keys{keyPK(k), keySK})
		}
	}
	it := s.table.Batch("pk", "sk").Get(want...).Consistent(true).Iter()
	var item dynamo.Item
	for it.Next(ctx, &item) {
		pk := attrString(item, "pk")
		switch {
		case strings.HasPrefix(pk, "SOURCE#"):
			var rec lineageRecord
			if err := dynamo.UnmarshalItem(item, &rec); err != nil {
				return matching.Lookup{}, fmt.Errorf("decode %s: %w", pk, err)
			}
			l, err := rec.lineage()
			if err != nil {
				return matching.Lookup{}, err
			}
			out.Lineage = &l
		case strings.HasPrefix(pk, "KEY#"):
			var k matching.KeyItem
			for name, v := range item {
				n, ok := v.(*types.AttributeValueMemberN)
				if !ok {
					continue
				}
				if id, ok := strings.CutPrefix(name, keyGuestPrefix); ok && n.Value == "1" {
					k.Guests = append(k.Guests, id)
				}
				if name == keyVersion {
					k.Version, _ = strconv.Atoi(n.Value)
				}
			}
			slices.Sort(k.Guests)
			out.Keys[strings.TrimPrefix(pk, "KEY#")] = k
		}
		item = nil
	}
	if err := it.Err(); err != nil && !errors.Is(err, dynamo.ErrNotFound) {
		return matching.Lookup{}, fmt.Errorf("look up %s: %w", lineagePK(src), err)
	}
	return out, nil
}

func attrString(item dynamo.Item, name string) string {
	if v, ok := item[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

// Goldens implements matching.Store with one BatchGetItem per 100 ids.
func (s *MatchStore) Goldens(ctx context.Context, ids []string) (map[string]matching.Golden, error) {
	out := make(map[string]matching.Golden, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	want := make([]dynamo.Keyed, 0, len(ids))
	seen := map[string]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			want = append(want, dynamo.Keys{guestPK(id), goldenSK})
		}
	}
	var recs []goldenRecord
	err := s.table.Batch("pk", "sk").Get(want...).Consistent(true).All(ctx, &recs)
	if err != nil && !errors.Is(err, dynamo.ErrNotFound) {
		return nil, fmt.Errorf("read golden records: %w", err)
	}
	for _, rec := range recs {
		var g matching.Golden
		if err := json.Unmarshal([]byte(rec.Doc), &g); err != nil {
			return nil, fmt.Errorf("decode %s: %w", rec.PK, err)
		}
		g.Version = rec.Version
		out[g.GuestID] = g
	}
	return out, nil
}

// Commit implements matching.Store: one TransactWriteItems for the atomic part, then the deferred key moves in
// transactions of up to 100 items.
func (s *MatchStore) Commit(ctx context.Context, c matching.Change) error {
	if c.Size() > matching.MaxChange {
		return fmt.Errorf("commit: %d items, more than one transaction holds (%d)", c.Size(), matching.MaxChange)
	}
	tx := s.db.WriteTx()
	for _, g := range c.Goldens {
		doc, err := json.Marshal(g)
		if err != nil {
			return fmt.Errorf("encode golden record %s: %w", g.GuestID, err)
		}
		put := s.table.Put(goldenRecord{PK: guestPK(g.GuestID), SK: goldenSK, Version: g.Version, MergedInto: g.MergedInto, Doc: string(doc)})
		tx.Put(versioned(put, g.Version))
	}
	for _, l := range c.Lineages {
		rec, err := toLineageRecord(l)
		if err != nil {
			return err
		}
		tx.Put(versioned(s.table.Put(rec), l.Version))
	}
	for _, r := range c.Relinks {
		tx.Update(s.table.Update("pk", lineagePK(r.Source)).Range("sk", lineageSK).
			Set("GuestID", r.To).If("$ = ?", "GuestID", r.From))
	}
	for _, l := range c.Links {
		tx.Update(s.link(l))
	}
	for _, mg := range c.Merges {
		doc, err := json.Marshal(mg)
		if err != nil {
			return fmt.Errorf("encode merge %s: %w", mg.MergeID, err)
		}
		tx.Put(versioned(s.table.Put(mergeRecord{PK: guestPK(mg.SurvivorID), SK: mergePrefix + mg.MergeID, Version: mg.Version, Doc: string(doc)}), mg.Version))
	}
	for _, r := range c.Reviews {
		doc, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encode review %s/%s: %w", r.GuestID, r.CandidateID, err)
		}
		rec := reviewRecord{
			PK: guestPK(r.GuestID), SK: reviewPrefix + r.CandidateID, GSI1PK: openReviews,
			GSI1SK: reviewSortKey(r), Doc: string(doc),
		}
		put := s.table.Put(rec)
		if r.Status != "" && r.Status != matching.ReviewOpen {
			// A decision closes an open review: two people deciding at once, one of them retries and sees the other.
			rec.GSI1PK = decidedReviews
			put = s.table.Put(rec).If("$ = ?", "gsi1pk", openReviews)
		}
		tx.Put(put)
	}
	if c.Size() > 0 {
		if err := tx.Run(ctx); err != nil {
			if conflicted(err) {
				return matching.ErrConflict
			}
			return fmt.Errorf("commit: %w", err)
		}
	}
	for start := 0; start < len(c.Deferred); start += matching.MaxChange {
		tx := s.db.WriteTx()
		for _, l := range c.Deferred[start:min(start+matching.MaxChange, len(c.Deferred))] {
			tx.Update(s.link(l))
		}
		if err := tx.Run(ctx); err != nil {
			return fmt.Errorf("commit: move keys of merged guests: %w", err)
		}
	}
	return nil
}

// versioned conditions a put on the stored version being version-1, or on the item not existing for version 1.
func versioned(p *dynamo.Put, version int) *dynamo.Put {
	if version <= 1 {
		return p.If("attribute_not_exists(pk)")
	}
	return p.If("$ = ?", "Version", version-1)
}

// link is the update of one key item.
func (s *MatchStore) link(l matching.Link) *dynamo.Update {
	u := s.table.Update("pk", keyPK(l.Key)).Range("sk", keySK).Add(keyVersion, 1)
	switch {
	case !l.Check:
	case l.Version == 0:
		u.If("attribute_not_exists($)", keyVersion)
	default:
		u.If("$ = ?", keyVersion, l.Version)
	}
	for _, id := range l.Add {
		u.SetExpr("$ = ?", keyGuestPrefix+id, 1)
	}
	for _, id := range l.Remove {
		u.SetExpr("$ = ?", keyGuestPrefix+id, 0)
	}
	return u
}

// conflicted reports whether a transaction failed because another writer moved first.
func conflicted(err error) bool {
	if dynamo.IsCondCheckFailed(err) {
		return true
	}
	var txe *types.TransactionCanceledException
	if errors.As(err, &txe) {
		for _, r := range txe.CancellationReasons {
			if c := code(r); c == "ConditionalCheckFailed" || c == "TransactionConflict" {
				return true
			}
		}
	}
	var tce *types.TransactionConflictException
	return errors.As(err, &tce)
}

// Merges implements matching.Store with one Query (consistent, so an unmerge sees the merge just written).
func (s *MatchStore) Merges(ctx context.Context, survivorID string) ([]matching.Merge, error) {
	var recs []mergeRecord
	err := s.table.Get("pk", guestPK(survivorID)).Range("sk", dynamo.BeginsWith, mergePrefix).Consistent(true).All(ctx, &recs)
	if err != nil {
		return nil, fmt.Errorf("merges of %s: %w", survivorID, err)
	}
	out := make([]matching.Merge, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal([]byte(r.Doc), &out[i]); err != nil {
			return nil, fmt.Errorf("decode %s %s: %w", r.PK, r.SK, err)
		}
		out[i].Version = r.Version
	}
	slices.SortStableFunc(out, func(a, b matching.Merge) int { return a.At.Compare(b.At) })
	return out, nil
}

// reviewSortKey orders reviews in their queue: oldest first.
func reviewSortKey(r matching.Review) string {
	return r.At.UTC().Format(time.RFC3339Nano) + "#" + r.GuestID + "#" + r.CandidateID
}

// ReviewKey is the key a review is listed by (ReviewsAfter pages after it).
func ReviewKey(r matching.Review) string { return reviewSortKey(r) }

// OpenReviews returns up to limit open review tasks, oldest first.
func (s *MatchStore) OpenReviews(ctx context.Context, limit int) ([]matching.Review, error) {
	return s.ReviewsAfter(ctx, true, "", limit)
}

// ReviewsAfter returns up to limit reviews listed after the key after ("" from the start), oldest first: the open
// queue, or the decided ones.
func (s *MatchStore) ReviewsAfter(ctx context.Context, open bool, after string, limit int) ([]matching.Review, error) {
	pk := openReviews
	if !open {
		pk = decidedReviews
	}
	var recs []reviewRecord
	q := s.table.Get("gsi1pk", pk).Index("gsi1")
	if after != "" {
		q = q.Range("gsi1sk", dynamo.Greater, after)
	}
	if limit > 0 {
		q = q.Limit(limit)
	}
	if err := q.All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("reviews: %w", err)
	}
	out := make([]matching.Review, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal([]byte(r.Doc), &out[i]); err != nil {
			return nil, fmt.Errorf("decode %s %s: %w", r.PK, r.SK, err)
		}
	}
	return out, nil
}

// Review implements matching.Store with one consistent GetItem.
func (s *MatchStore) Review(ctx context.Context, guestID, candidateID string) (matching.Review, error) {
	var rec reviewRecord
	err := s.table.Get("pk", guestPK(guestID)).Range("sk", dynamo.Equal, reviewPrefix+candidateID).Consistent(true).One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return matching.Review{}, matching.ErrReviewNotFound
	}
	if err != nil {
		return matching.Review{}, fmt.Errorf("review %s: %w", matching.ReviewID(guestID, candidateID), err)
	}
	var r matching.Review
	if err := json.Unmarshal([]byte(rec.Doc), &r); err != nil {
		return matching.Review{}, fmt.Errorf("decode %s %s: %w", rec.PK, rec.SK, err)
	}
	if rec.GSI1PK == openReviews {
		r.Status = matching.ReviewOpen
	}
	return r, nil
}
