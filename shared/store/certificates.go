package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/rewards"
)

// CertStore keeps benefit certificates in the Ledger table, next to their owners' accounts.
//
//	certificate: pk=CERT#<code> sk=META (JSON, Version); open ones (gsi1): gsi1pk=CERTOPEN gsi1sk=<validUntil>#<code>
//	request:     pk=MEMBER#<guestId> sk=CERTREQ#<requestId> (Code): one certificate per registration request
//	sequence:    pk=SEQUENCE#certificates sk=META (N, for the printed codes)
type CertStore struct {
	db    *dynamo.DB
	table dynamo.Table
}

var _ rewards.Certificates = (*CertStore)(nil)

// NewCertStore returns the adapter.
func NewCertStore(db *DB) *CertStore { return &CertStore{db: db.Dynamo(), table: db.Table("Ledger")} }

type certRecord struct {
	PK      string `dynamo:"pk"`
	SK      string `dynamo:"sk"`
	GSI1PK  string `dynamo:"gsi1pk,omitempty"`
	GSI1SK  string `dynamo:"gsi1sk,omitempty"`
	Version int64
	Doc     string
}

type certRequestRecord struct {
	PK   string `dynamo:"pk"`
	SK   string `dynamo:"sk"`
	Code string
}

func toCertRecord(c loyalty.Certificate, version int64) (certRecord, error) {
	doc, err := json.Marshal(c)
	rec := certRecord{PK: "CERT#" + c.Code, SK: "META", Version: version, Doc: string(doc)}
	if c.Status == loyalty.CertificateRegistered || c.Status == loyalty.CertificateIssued {
		until := "9999-12-31" // no end: never due
		if c.ValidUntil != 0 {
			until = c.ValidUntil.String()
		}
		rec.GSI1PK, rec.GSI1SK = "CERTOPEN", until+"#"+c.Code
	}
	return rec, err
}

func fromCertRecord(rec certRecord) (loyalty.Certificate, error) {
	var c loyalty.Certificate
	return c, json.Unmarshal([]byte(rec.Doc), &c)
}

// Certificate implements rewards.Certificates.
func (s *CertStore) Certificate(ctx context.Context, code string) (loyalty.Certificate, int64, error) {
	var rec certRecord
	err := s.table.Get("pk", "CERT#"+code).Range("sk", dynamo.Equal, "META").Consistent(true).One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return loyalty.Certificate{}, 0, fmt.Errorf("%w: %s", rewards.ErrUnknownCertificate, code)
	}
	if err != nil {
		return loyalty.Certificate{}, 0, err
	}
	c, err := fromCertRecord(rec)
	return c, rec.Version, err
}

// PutCertificate implements rewards.Certificates.
func (s *CertStore) PutCertificate(ctx context.Context, c loyalty.Certificate, version int64) error {
	rec, err := toCertRecord(c, version+1)
	if err != nil {
		return err
	}
	err = s.table.Put(rec).If("'Version' = ?", version).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return rewards.ErrCertificateConflict
	}
	return err
}

// Create implements rewards.Certificates in one transaction.
func (s *CertStore) Create(ctx context.Context, c loyalty.Certificate, requestID string) error {
	rec, err := toCertRecord(c, 1)
	if err != nil {
		return err
	}
	err = s.db.WriteTx().
		Put(s.table.Put(rec).If("attribute_not_exists(pk)")).
		Put(s.table.Put(certRequestRecord{PK: "MEMBER#" + c.OwnerID, SK: "CERTREQ#" + requestID, Code: c.Code}).If("attribute_not_exists(pk)")).
		Run(ctx)
	if err != nil && (dynamo.IsCondCheckFailed(err) || isTxCancelled(err)) {
		return rewards.ErrCertificateConflict
	}
	return err
}

// ByRequest implements rewards.Certificates.
func (s *CertStore) ByRequest(ctx context.Context, guestID, requestID string) (string, error) {
	var rec certRequestRecord
	err := s.table.Get("pk", "MEMBER#"+guestID).Range("sk", dynamo.Equal, "CERTREQ#"+requestID).Consistent(true).One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return "", fmt.Errorf("%w: request %s", rewards.ErrUnknownCertificate, requestID)
	}
	return rec.Code, err
}

// Owned implements rewards.Certificates.
func (s *CertStore) Owned(ctx context.Context, guestID string) ([]loyalty.Certificate, error) {
	var reqs []certRequestRecord
	if err := s.table.Get("pk", "MEMBER#"+guestID).Range("sk", dynamo.BeginsWith, "CERTREQ#").All(ctx, &reqs); err != nil {
		return nil, err
	}
	out := make([]loyalty.Certificate, 0, len(reqs))
	for _, r := range reqs {
		c, _, err := s.Certificate(ctx, r.Code)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// OpenUntil implements rewards.Certificates.
func (s *CertStore) OpenUntil(ctx context.Context, day loyalty.Date) ([]loyalty.Certificate, error) {
	var recs []certRecord
	if err := s.table.Get("gsi1pk", "CERTOPEN").Index("gsi1").Range("gsi1sk", dynamo.LessOrEqual, day.String()+"#~").All(ctx, &recs); err != nil {
		return nil, err
	}
	return decodeDocs[loyalty.Certificate](recs, func(r certRecord) string { return r.Doc })
}

// NextSequence implements rewards.Certificates with an atomic counter.
func (s *CertStore) NextSequence(ctx context.Context) (uint64, error) {
	var out struct{ N uint64 }
	err := s.table.Update("pk", "SEQUENCE#certificates").Range("sk", "META").Add("N", 1).Value(ctx, &out)
	return out.N, err
}

func isTxCancelled(err error) bool {
	var txe interface{ ErrorCode() string }
	return errors.As(err, &txe) && txe.ErrorCode() == "TransactionCanceledException"
}
