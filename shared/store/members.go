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

// MemberStore keeps loyalty members in the Ledger table, next to their accounts.
//
//	member:   pk=MEMBER#<guestId> sk=META (the member as JSON)
//	sequence: pk=SEQUENCE#members sk=META (N, incremented atomically for membership numbers)
type MemberStore struct{ table dynamo.Table }

var _ rewards.Members = (*MemberStore)(nil)

// NewMemberStore returns the adapter.
func NewMemberStore(db *DB) *MemberStore { return &MemberStore{table: db.Table("Ledger")} }

type memberRecord struct {
	PK  string `dynamo:"pk"`
	SK  string `dynamo:"sk"`
	Doc string
}

// Member implements rewards.Members.
func (s *MemberStore) Member(ctx context.Context, guestID string) (loyalty.Member, error) {
	var rec memberRecord
	err := s.table.Get("pk", "MEMBER#"+guestID).Range("sk", dynamo.Equal, "META").Consistent(true).One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return loyalty.Member{}, fmt.Errorf("%w: guest %s", rewards.ErrNotMember, guestID)
	}
	if err != nil {
		return loyalty.Member{}, err
	}
	var m loyalty.Member
	return m, json.Unmarshal([]byte(rec.Doc), &m)
}

// Create implements rewards.Members.
func (s *MemberStore) Create(ctx context.Context, m loyalty.Member) error {
	doc, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.table.Put(memberRecord{PK: "MEMBER#" + m.GuestID, SK: "META", Doc: string(doc)}).If("attribute_not_exists(pk)").Run(ctx)
}

// Put implements rewards.Members: it replaces the member record of m's guest.
func (s *MemberStore) Put(ctx context.Context, m loyalty.Member) error {
	doc, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.table.Put(memberRecord{PK: "MEMBER#" + m.GuestID, SK: "META", Doc: string(doc)}).Run(ctx)
}

// Delete implements rewards.Members.
func (s *MemberStore) Delete(ctx context.Context, guestID string) error {
	return s.table.Delete("pk", "MEMBER#"+guestID).Range("sk", "META").Run(ctx)
}

// NextSequence implements rewards.Members with an atomic counter.
func (s *MemberStore) NextSequence(ctx context.Context) (uint64, error) {
	var out struct{ N uint64 }
	err := s.table.Update("pk", "SEQUENCE#members").Range("sk", "META").Add("N", 1).Value(ctx, &out)
	return out.N, err
}
