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
//	member:   pk=MEMBER#<guestId> sk=META (the member as JSON); by anniversary (gsi1): gsi1pk=ANNIV#<mm-dd> gsi1sk=<guestId>
//	activity: pk=MEMBER#<guestId> sk=ACT#<accrual key of the stay or check> (a tier-qualifying activity, once)
//	sequence: pk=SEQUENCE#members sk=META (N, incremented atomically for membership numbers)
type MemberStore struct{ table dynamo.Table }

var _ rewards.Members = (*MemberStore)(nil)

// NewMemberStore returns the adapter.
func NewMemberStore(db *DB) *MemberStore { return &MemberStore{table: db.Table("Ledger")} }

type memberRecord struct {
	PK     string `dynamo:"pk"`
	SK     string `dynamo:"sk"`
	GSI1PK string `dynamo:"gsi1pk,omitempty"`
	GSI1SK string `dynamo:"gsi1sk,omitempty"`
	Doc    string
}

func toMemberRecord(m loyalty.Member) (memberRecord, error) {
	doc, err := json.Marshal(m)
	rec := memberRecord{PK: "MEMBER#" + m.GuestID, SK: "META", Doc: string(doc)}
	if m.EnrolledOn != 0 {
		rec.GSI1PK, rec.GSI1SK = "ANNIV#"+m.EnrolledOn.String()[5:], m.GuestID
	}
	return rec, err
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
	rec, err := toMemberRecord(m)
	if err != nil {
		return err
	}
	return s.table.Put(rec).If("attribute_not_exists(pk)").Run(ctx)
}

// Update implements rewards.Members: compare-and-set on the stored document.
func (s *MemberStore) Update(ctx context.Context, before, after loyalty.Member) error {
	old, err := json.Marshal(before)
	if err != nil {
		return err
	}
	rec, err := toMemberRecord(after)
	if err != nil {
		return err
	}
	err = s.table.Put(rec).If("'Doc' = ?", string(old)).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return rewards.ErrMemberChanged
	}
	return err
}

type activityRecord struct {
	PK  string `dynamo:"pk"`
	SK  string `dynamo:"sk"`
	Doc string
}

// AddActivity implements rewards.Members; a repeat overwrites the same item.
func (s *MemberStore) AddActivity(ctx context.Context, guestID, key string, a loyalty.Activity) error {
	doc, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return s.table.Put(activityRecord{PK: "MEMBER#" + guestID, SK: "ACT#" + key, Doc: string(doc)}).Run(ctx)
}

// Activities implements rewards.Members.
func (s *MemberStore) Activities(ctx context.Context, guestID string) ([]loyalty.Activity, error) {
	var recs []activityRecord
	if err := s.table.Get("pk", "MEMBER#"+guestID).Range("sk", dynamo.BeginsWith, "ACT#").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("activities of %s: %w", guestID, err)
	}
	return decodeDocs[loyalty.Activity](recs, func(r activityRecord) string { return r.Doc })
}

// WithAnniversary implements rewards.Members.
func (s *MemberStore) WithAnniversary(ctx context.Context, monthDay string) ([]loyalty.Member, error) {
	var recs []memberRecord
	if err := s.table.Get("gsi1pk", "ANNIV#"+monthDay).Index("gsi1").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("members with anniversary %s: %w", monthDay, err)
	}
	return decodeDocs[loyalty.Member](recs, func(r memberRecord) string { return r.Doc })
}

// All implements rewards.Members: a scan of the members' records (the nightly dashboard reads them all).
func (s *MemberStore) All(ctx context.Context) ([]loyalty.Member, error) {
	var recs []memberRecord
	if err := s.table.Scan().Filter("'sk' = ? AND begins_with('pk', ?)", "META", "MEMBER#").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("scan members: %w", err)
	}
	return decodeDocs[loyalty.Member](recs, func(r memberRecord) string { return r.Doc })
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
