package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/retention"
)

// RetentionStore keeps each group's retention policy in the Config table.
//
//	policy: pk=GROUP#<groupId> sk=RETENTION
type RetentionStore struct{ table dynamo.Table }

// NewRetentionStore returns the adapter.
func NewRetentionStore(db *DB) *RetentionStore { return &RetentionStore{table: db.Table("Config")} }

type retentionRecord struct {
	PK   string `dynamo:"pk"`
	SK   string `dynamo:"sk"`
	Days map[string]int
}

// Get returns the group's policy, or the default if it has none.
func (s *RetentionStore) Get(ctx context.Context, groupID string) (retention.Policy, error) {
	var rec retentionRecord
	err := s.table.Get("pk", "GROUP#"+groupID).Range("sk", dynamo.Equal, "RETENTION").One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return retention.Default(), nil
	}
	if err != nil {
		return retention.Policy{}, fmt.Errorf("retention policy of %s: %w", groupID, err)
	}
	p := retention.Policy{Days: map[retention.Class]int{}}
	for c, d := range rec.Days {
		p.Days[retention.Class(c)] = d
	}
	return p, nil
}

// Put stores a validated policy.
func (s *RetentionStore) Put(ctx context.Context, groupID string, p retention.Policy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	days := map[string]int{}
	for c, d := range p.Days {
		days[string(c)] = d
	}
	return s.table.Put(retentionRecord{PK: "GROUP#" + groupID, SK: "RETENTION", Days: days}).Run(ctx)
}
