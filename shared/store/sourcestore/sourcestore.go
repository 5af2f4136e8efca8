// Package sourcestore keeps PMS/POS source registrations in DynamoDB. It sits apart from package store because it
// needs the ingest parsers' types: functions other than ingest and the API should not link them.
package sourcestore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/store"
)

// Store keeps PMS/POS source registrations and recently used signatures in the Config table.
//
//	source:    pk=SOURCE#<sourceId> sk=META (registration as JSON); all of them (gsi1): gsi1pk=SOURCES gsi1sk=<sourceId>
//	signature: pk=SIGNATURE#<hex HMAC> sk=META, expiresAt (TTL) once it is too old to be accepted anyway
//	archived:  pk=ARCHIVED#<hex SHA-256 of source, route and body> sk=META (archive key), expiresAt (TTL) when a
//	           resend may be archived anew
type Store struct{ table dynamo.Table }

var (
	_ intake.Sources = (*Store)(nil)
	_ intake.Replays = (*Store)(nil)
)

// New returns the adapter.
func New(db *store.DB) *Store { return &Store{table: db.Table("Config")} }

type sourceRecord struct {
	PK     string `dynamo:"pk"`
	SK     string `dynamo:"sk"`
	GSI1PK string `dynamo:"gsi1pk"`
	GSI1SK string `dynamo:"gsi1sk"`
	Doc    string
}

// Source implements intake.Sources.
func (s *Store) Source(ctx context.Context, id string) (intake.Registration, error) {
	var rec sourceRecord
	err := s.table.Get("pk", "SOURCE#"+id).Range("sk", dynamo.Equal, "META").One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return intake.Registration{}, fmt.Errorf("%w: %s", intake.ErrUnknownSource, id)
	}
	if err != nil {
		return intake.Registration{}, err
	}
	var reg intake.Registration
	return reg, json.Unmarshal([]byte(rec.Doc), &reg)
}

// Put stores a registration.
func (s *Store) Put(ctx context.Context, reg intake.Registration) error {
	doc, err := json.Marshal(reg)
	if err != nil {
		return err
	}
	return s.table.Put(sourceRecord{PK: "SOURCE#" + reg.ID, SK: "META", GSI1PK: "SOURCES", GSI1SK: reg.ID, Doc: string(doc)}).Run(ctx)
}

// List returns every registration.
func (s *Store) List(ctx context.Context) ([]intake.Registration, error) {
	var recs []sourceRecord
	if err := s.table.Get("gsi1pk", "SOURCES").Index("gsi1").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	out := make([]intake.Registration, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal([]byte(r.Doc), &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

type signatureRecord struct {
	PK        string `dynamo:"pk"`
	SK        string `dynamo:"sk"`
	ExpiresAt int64  `dynamo:"expiresAt"`
}

// Seen implements intake.Replays with a conditional put: the first use of a signature succeeds, any replay finds it.
func (s *Store) Seen(ctx context.Context, signature string, until time.Time) (bool, error) {
	err := s.table.Put(signatureRecord{PK: "SIGNATURE#" + signature, SK: "META", ExpiresAt: until.Unix()}).If("attribute_not_exists(pk)").Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return true, nil
	}
	return false, err
}

type archivedRecord struct {
	PK        string `dynamo:"pk"`
	SK        string `dynamo:"sk"`
	Key       string
	ExpiresAt int64 `dynamo:"expiresAt"`
}

// ArchivedAs implements intake.Replays with a conditional put (an expired record, which TTL may not have removed
// yet, counts as none) and, when another delivery claimed the message first, a consistent read of its key.
func (s *Store) ArchivedAs(ctx context.Context, digest, key string, now, until time.Time) (string, error) {
	pk := "ARCHIVED#" + digest
	err := s.table.Put(archivedRecord{PK: pk, SK: "META", Key: key, ExpiresAt: until.Unix()}).
		If("attribute_not_exists(pk) OR expiresAt < ?", now.Unix()).Run(ctx)
	if !dynamo.IsCondCheckFailed(err) {
		return key, err
	}
	var rec archivedRecord
	if err := s.table.Get("pk", pk).Range("sk", dynamo.Equal, "META").Consistent(true).One(ctx, &rec); err != nil {
		return "", fmt.Errorf("archived message %s: %w", digest, err)
	}
	return rec.Key, nil
}
