package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/audit"
)

// AuditStore keeps the hash chain in the Audit table.
//
//	head:  pk=CHAIN sk=HEAD (Seq, Hash)
//	entry: pk=CHAIN sk=ENTRY#<seq, 12 digits>; gsi1 RES#<resource>, gsi2 ACTOR#<actor>, gsi3 PROP#<propertyId>,
//	       each sorted by <at RFC3339Nano>#<seq>
//
// Append moves the head and writes the entry in one transaction conditioned on the head, so the chain never forks.
type AuditStore struct {
	db    *dynamo.DB
	table dynamo.Table
}

var _ audit.Store = (*AuditStore)(nil)

// NewAuditStore returns the adapter.
func NewAuditStore(db *DB) *AuditStore {
	return &AuditStore{db: db.Dynamo(), table: db.Table("Audit")}
}

type auditHead struct {
	PK   string `dynamo:"pk"`
	SK   string `dynamo:"sk"`
	Seq  int64
	Hash string
}

type auditRecord struct {
	PK     string `dynamo:"pk"`
	SK     string `dynamo:"sk"`
	GSI1PK string `dynamo:"gsi1pk,omitempty"`
	GSI1SK string `dynamo:"gsi1sk,omitempty"`
	GSI2PK string `dynamo:"gsi2pk,omitempty"`
	GSI2SK string `dynamo:"gsi2sk,omitempty"`
	GSI3PK string `dynamo:"gsi3pk,omitempty"`
	GSI3SK string `dynamo:"gsi3sk,omitempty"`
	audit.Entry
}

func entrySK(seq int64) string { return fmt.Sprintf("ENTRY#%012d", seq) }

// Head implements audit.Store.
func (s *AuditStore) Head(ctx context.Context) (int64, string, error) {
	var h auditHead
	err := s.table.Get("pk", "CHAIN").Range("sk", dynamo.Equal, "HEAD").Consistent(true).One(ctx, &h)
	if errors.Is(err, dynamo.ErrNotFound) {
		return 0, audit.Genesis, nil
	}
	return h.Seq, h.Hash, err
}

// Append implements audit.Store.
func (s *AuditStore) Append(ctx context.Context, e audit.Entry) error {
	order := e.At.UTC().Format(time.RFC3339Nano) + "#" + fmt.Sprintf("%012d", e.Seq)
	rec := auditRecord{PK: "CHAIN", SK: entrySK(e.Seq), GSI1PK: "RES#" + e.Resource, GSI1SK: order, GSI2PK: "ACTOR#" + e.Actor, GSI2SK: order, Entry: e}
	if e.PropertyID != "" {
		rec.GSI3PK, rec.GSI3SK = "PROP#"+e.PropertyID, order
	}
	head := s.table.Put(auditHead{PK: "CHAIN", SK: "HEAD", Seq: e.Seq, Hash: e.Hash})
	if e.Seq == 1 {
		head = head.If("attribute_not_exists(pk)")
	} else {
		head = head.If("Seq = ?", e.Seq-1)
	}
	err := s.db.WriteTx().Put(head).Put(s.table.Put(rec).If("attribute_not_exists(pk)")).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return audit.ErrConflict
	}
	return err
}

// Range implements audit.Store.
func (s *AuditStore) Range(ctx context.Context, from, to int64) ([]audit.Entry, error) {
	var recs []auditRecord
	err := s.table.Get("pk", "CHAIN").Range("sk", dynamo.Between, entrySK(from), entrySK(to)).Consistent(true).All(ctx, &recs)
	return entries(recs), err
}

// Find implements audit.Store: by resource, actor or property through an index, otherwise the chain itself; the
// time range narrows the sort key.
func (s *AuditStore) Find(ctx context.Context, q audit.Query) ([]audit.Entry, error) {
	from, to := "0", "9"
	if !q.From.IsZero() {
		from = q.From.UTC().Format(time.RFC3339Nano)
	}
	if !q.To.IsZero() {
		to = q.To.UTC().Format(time.RFC3339Nano) + "#~"
	}
	var query *dynamo.Query
	switch {
	case q.Resource != "":
		query = s.table.Get("gsi1pk", "RES#"+q.Resource).Index("gsi1").Range("gsi1sk", dynamo.Between, from, to)
	case q.Actor != "":
		query = s.table.Get("gsi2pk", "ACTOR#"+q.Actor).Index("gsi2").Range("gsi2sk", dynamo.Between, from, to)
	case q.PropertyID != "":
		query = s.table.Get("gsi3pk", "PROP#"+q.PropertyID).Index("gsi3").Range("gsi3sk", dynamo.Between, from, to)
	default:
		query = s.table.Get("pk", "CHAIN").Range("sk", dynamo.BeginsWith, "ENTRY#")
		if !q.From.IsZero() || !q.To.IsZero() {
			query = query.Filter("$ BETWEEN ? AND ?", "At", q.From.UTC(), maxTime(q.To))
		}
	}
	var recs []auditRecord
	if err := query.All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("find audit entries: %w", err)
	}
	return entries(recs), nil
}

func maxTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.UTC()
}

func entries(recs []auditRecord) []audit.Entry {
	out := make([]audit.Entry, len(recs))
	for i, r := range recs {
		out[i] = r.Entry
	}
	return out
}
