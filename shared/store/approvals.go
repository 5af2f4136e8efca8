package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/approval"
)

// ApprovalStore keeps approvals in the Config table.
//
//	approval: pk=APPROVAL#<approvalId> sk=META, gsi1pk=APPROVALS#<status> gsi1sk=<requestedAt>#<approvalId>
//
// Updates are conditional on the version read, so two deciders cannot both win.
type ApprovalStore struct{ table dynamo.Table }

var _ approval.Store = (*ApprovalStore)(nil)

// NewApprovalStore returns the adapter.
func NewApprovalStore(db *DB) *ApprovalStore { return &ApprovalStore{table: db.Table("Config")} }

type approvalRecord struct {
	PK      string `dynamo:"pk"`
	SK      string `dynamo:"sk"`
	GSI1PK  string `dynamo:"gsi1pk"`
	GSI1SK  string `dynamo:"gsi1sk"`
	Version int
	approval.Approval
	Token string // the workflow task token; kept out of the domain value's JSON
}

func toApprovalRecord(a approval.Approval, version int) approvalRecord {
	return approvalRecord{
		PK: "APPROVAL#" + a.ID, SK: "META", GSI1PK: "APPROVALS#" + a.Status,
		GSI1SK: a.RequestedAt.UTC().Format(time.RFC3339Nano) + "#" + a.ID, Version: version, Approval: a, Token: a.TaskToken,
	}
}

func (r approvalRecord) domain() approval.Approval {
	a := r.Approval
	a.TaskToken = r.Token
	return a
}

// Create implements approval.Store.
func (s *ApprovalStore) Create(ctx context.Context, a approval.Approval) error {
	return s.table.Put(toApprovalRecord(a, 1)).If("attribute_not_exists(pk)").Run(ctx)
}

// Get implements approval.Store.
func (s *ApprovalStore) Get(ctx context.Context, id string) (approval.Approval, error) {
	rec, err := s.get(ctx, id)
	return rec.domain(), err
}

func (s *ApprovalStore) get(ctx context.Context, id string) (approvalRecord, error) {
	var rec approvalRecord
	err := s.table.Get("pk", "APPROVAL#"+id).Range("sk", dynamo.Equal, "META").Consistent(true).One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return rec, fmt.Errorf("%s: %w", id, approval.ErrNotFound)
	}
	return rec, err
}

// Update implements approval.Store with optimistic locking on Version.
func (s *ApprovalStore) Update(ctx context.Context, id string, fn func(*approval.Approval) error) (approval.Approval, error) {
	for attempt := 0; attempt < 5; attempt++ {
		rec, err := s.get(ctx, id)
		if err != nil {
			return approval.Approval{}, err
		}
		a := rec.domain()
		if err := fn(&a); err != nil {
			return approval.Approval{}, err
		}
		err = s.table.Put(toApprovalRecord(a, rec.Version+1)).If("Version = ?", rec.Version).Run(ctx)
		if dynamo.IsCondCheckFailed(err) {
			continue // someone else changed it: re-read and re-apply
		}
		if err != nil {
			return approval.Approval{}, fmt.Errorf("update approval %s: %w", id, err)
		}
		return a, nil
	}
	return approval.Approval{}, fmt.Errorf("update approval %s: too much contention", id)
}

// ByStatus implements approval.Store, oldest first.
func (s *ApprovalStore) ByStatus(ctx context.Context, status string) ([]approval.Approval, error) {
	var recs []approvalRecord
	if err := s.table.Get("gsi1pk", "APPROVALS#"+status).Index("gsi1").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("query approvals %s: %w", status, err)
	}
	out := make([]approval.Approval, len(recs))
	for i, r := range recs {
		out[i] = r.domain()
	}
	return out, nil
}
