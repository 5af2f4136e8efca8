package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/rewards"
)

// ProgrammeStore keeps a group's loyalty programme in the Config table.
//
//	programme: pk=GROUP#<groupId> sk=PROGRAMME (the version in force as JSON, Version for optimistic edits)
type ProgrammeStore struct {
	table dynamo.Table
	group string
}

var _ rewards.Programmes = (*ProgrammeStore)(nil)

// NewProgrammeStore returns the adapter for a group.
func NewProgrammeStore(db *DB, groupID string) *ProgrammeStore {
	return &ProgrammeStore{table: db.Table("Config"), group: groupID}
}

type programmeRecord struct {
	PK      string `dynamo:"pk"`
	SK      string `dynamo:"sk"`
	Version int
	Doc     string
}

// Programme implements rewards.Programmes.
func (s *ProgrammeStore) Programme(ctx context.Context) (rewards.StoredProgramme, error) {
	var rec programmeRecord
	err := s.table.Get("pk", "GROUP#"+s.group).Range("sk", dynamo.Equal, "PROGRAMME").One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return rewards.StoredProgramme{}, rewards.ErrNoProgramme
	}
	if err != nil {
		return rewards.StoredProgramme{}, fmt.Errorf("programme of %s: %w", s.group, err)
	}
	var sp rewards.StoredProgramme
	return sp, json.Unmarshal([]byte(rec.Doc), &sp)
}

// PutProgramme implements rewards.Programmes.
func (s *ProgrammeStore) PutProgramme(ctx context.Context, sp rewards.StoredProgramme, version int) error {
	doc, err := json.Marshal(sp)
	if err != nil {
		return err
	}
	put := s.table.Put(programmeRecord{PK: "GROUP#" + s.group, SK: "PROGRAMME", Version: sp.Version, Doc: string(doc)})
	if version == 0 {
		put = put.If("attribute_not_exists(pk)")
	} else {
		put = put.If("'Version' = ?", version)
	}
	err = put.Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return rewards.ErrProgrammeChanged
	}
	return err
}
