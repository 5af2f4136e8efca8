// Package uploadstore keeps bulk CSV uploads and their chunks' results in DynamoDB. It sits apart from package
// store for the reason sourcestore does: it speaks the intake service's types.
package uploadstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/upload"
)

// Store keeps uploads in the Config table:
//
//	upload: pk=UPLOAD#<uploadId> sk=META (the upload as JSON, with a version for conditional updates)
//	chunk:  pk=UPLOAD#<uploadId> sk=CHUNK#<index, 6 digits> (its result; a replayed chunk overwrites it)
//
// Both expire (expiresAt, TTL) after intake.UploadRetention, as the bucket's files do.
type Store struct{ table dynamo.Table }

var _ intake.Uploads = (*Store)(nil)

// New returns the adapter.
func New(db *store.DB) *Store { return &Store{table: db.Table("Config")} }

type record struct {
	PK        string `dynamo:"pk"`
	SK        string `dynamo:"sk"`
	Doc       string
	Version   int
	ExpiresAt int64 `dynamo:"expiresAt"`
}

func pk(id string) string { return "UPLOAD#" + id }

// Create implements intake.Uploads; an id already taken is an error.
func (s *Store) Create(ctx context.Context, u upload.Upload) error {
	doc, err := json.Marshal(u)
	if err != nil {
		return err
	}
	rec := record{PK: pk(u.ID), SK: "META", Doc: string(doc), Version: 1, ExpiresAt: u.CreatedAt.Add(intake.UploadRetention).Unix()}
	if err := s.table.Put(rec).If("attribute_not_exists(pk)").Run(ctx); err != nil {
		return fmt.Errorf("create upload %s: %w", u.ID, err)
	}
	return nil
}

// Get implements intake.Uploads.
func (s *Store) Get(ctx context.Context, id string) (upload.Upload, error) {
	u, _, err := s.get(ctx, id)
	return u, err
}

func (s *Store) get(ctx context.Context, id string) (upload.Upload, int, error) {
	var rec record
	err := s.table.Get("pk", pk(id)).Range("sk", dynamo.Equal, "META").Consistent(true).One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return upload.Upload{}, 0, fmt.Errorf("%w: %s", intake.ErrUnknownUpload, id)
	}
	if err != nil {
		return upload.Upload{}, 0, fmt.Errorf("upload %s: %w", id, err)
	}
	var u upload.Upload
	return u, rec.Version, json.Unmarshal([]byte(rec.Doc), &u)
}

// Update implements intake.Uploads: read, edit, and write back only if nobody wrote in between (else again).
func (s *Store) Update(ctx context.Context, id string, edit func(*upload.Upload) error) (upload.Upload, error) {
	for attempt := 0; ; attempt++ {
		u, version, err := s.get(ctx, id)
		if err != nil {
			return upload.Upload{}, err
		}
		if err := edit(&u); err != nil {
			return upload.Upload{}, err
		}
		doc, err := json.Marshal(u)
		if err != nil {
			return upload.Upload{}, err
		}
		rec := record{PK: pk(id), SK: "META", Doc: string(doc), Version: version + 1, ExpiresAt: u.CreatedAt.Add(intake.UploadRetention).Unix()}
		err = s.table.Put(rec).If("Version = ?", version).Run(ctx)
		if err == nil {
			return u, nil
		}
		if !dynamo.IsCondCheckFailed(err) || attempt >= 5 {
			return upload.Upload{}, fmt.Errorf("update upload %s: %w", id, err)
		}
	}
}

// PutChunk implements intake.Uploads.
func (s *Store) PutChunk(ctx context.Context, id string, r upload.ChunkResult, until time.Time) error {
	doc, err := json.Marshal(r)
	if err != nil {
		return err
	}
	rec := record{PK: pk(id), SK: fmt.Sprintf("CHUNK#%06d", r.Index), Doc: string(doc), ExpiresAt: until.Unix()}
	if err := s.table.Put(rec).Run(ctx); err != nil {
		return fmt.Errorf("upload %s chunk %d: %w", id, r.Index, err)
	}
	return nil
}

// Chunks implements intake.Uploads: the results recorded so far, in chunk order.
func (s *Store) Chunks(ctx context.Context, id string) ([]upload.ChunkResult, error) {
	var recs []record
	err := s.table.Get("pk", pk(id)).Range("sk", dynamo.BeginsWith, "CHUNK#").Consistent(true).All(ctx, &recs)
	if err != nil {
		return nil, fmt.Errorf("upload %s chunks: %w", id, err)
	}
	out := make([]upload.ChunkResult, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal([]byte(r.Doc), &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
