package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/privacy"
)

// ArchiveIndexStore ties guests to the raw archive objects their PMS/POS messages arrived in, in the Guests table,
// so that erasure finds every archived copy of a guest's personal data without listing the archive.
//
//	archived message of a guest: pk=GUEST#<guestId> sk=ARCHIVE#<archive key>,
//	                             gsi1pk=ARCHIVE#<archive key> gsi1sk=GUEST#<guestId> (the guests one object concerns)
//
// The item's key comes from the guest and the object alone, so indexing a redelivered message rewrites the same
// item.
type ArchiveIndexStore struct{ table dynamo.Table }

var _ privacy.ArchiveIndex = (*ArchiveIndexStore)(nil)

// NewArchiveIndexStore returns the adapter.
func NewArchiveIndexStore(db *DB) *ArchiveIndexStore {
	return &ArchiveIndexStore{table: db.Table("Guests")}
}

type archiveIndexRecord struct {
	PK     string `dynamo:"pk"`
	SK     string `dynamo:"sk"`
	GSI1PK string `dynamo:"gsi1pk"`
	GSI1SK string `dynamo:"gsi1sk"`
}

const archiveSK = "ARCHIVE#"

// Add records that the archived message key concerns the guest; adding it again changes nothing.
func (s *ArchiveIndexStore) Add(ctx context.Context, guestID, key string) error {
	if guestID == "" || key == "" {
		return fmt.Errorf("archive index: guest and key are required")
	}
	return s.table.Put(archiveIndexRecord{PK: guestPK(guestID), SK: archiveSK + key, GSI1PK: archiveSK + key, GSI1SK: guestPK(guestID)}).Run(ctx)
}

// Objects implements privacy.ArchiveIndex: the keys of the guest's archived messages, in key order.
func (s *ArchiveIndexStore) Objects(ctx context.Context, guestID string) ([]string, error) {
	var recs []archiveIndexRecord
	if err := s.table.Get("pk", guestPK(guestID)).Range("sk", dynamo.BeginsWith, archiveSK).All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("archived messages of %s: %w", guestID, err)
	}
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = strings.TrimPrefix(r.SK, archiveSK)
	}
	return out, nil
}

// Guests implements privacy.ArchiveIndex: every guest an archived message concerns (gsi1).
func (s *ArchiveIndexStore) Guests(ctx context.Context, key string) ([]string, error) {
	var recs []archiveIndexRecord
	if err := s.table.Get("gsi1pk", archiveSK+key).Index("gsi1").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("guests of archived message %s: %w", key, err)
	}
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = strings.TrimPrefix(r.GSI1SK, "GUEST#")
	}
	return out, nil
}

// Remove implements privacy.ArchiveIndex; removing an absent entry is not an error.
func (s *ArchiveIndexStore) Remove(ctx context.Context, guestID, key string) error {
	return s.table.Delete("pk", guestPK(guestID)).Range("sk", archiveSK+key).Run(ctx)
}
