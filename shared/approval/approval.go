// Package approval runs four-eyes approvals: a request waits in a workflow until someone other than the requester
// approves or rejects it, or it expires. The workflow (Step Functions in AWS) publishes the decision as an event
// and the module that asked acts on it.
package approval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
)

// Statuses of an approval.
const (
	StatusRequested = "requested" // workflow started, task not yet recorded
	StatusPending   = "pending"   // waiting for a decision
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusExpired   = "expired"
)

// Errors the API maps to HTTP statuses.
var (
	ErrNotFound     = errors.New("approval not found")
	ErrInvalid      = errors.New("invalid approval")
	ErrSelfApproval = errors.New("the requester cannot decide their own request")
	ErrNotPending   = errors.New("approval is not waiting for a decision")
)

// Approval is one request and its decision.
type Approval struct {
	ID          string          `json:"id"`
	Kind        string          `json:"kind"`
	Status      string          `json:"status"`
	Summary     string          `json:"summary"`
	BrandID     string          `json:"brandId,omitempty"`
	PropertyID  string          `json:"propertyId,omitempty"`
	Payload     json.RawMessage `json:"payload,omitempty"`
	RequestedBy string          `json:"requestedBy"`
	RequestedAt time.Time       `json:"requestedAt"`
	ExpiresAt   time.Time       `json:"expiresAt"`
	DecidedBy   string          `json:"decidedBy,omitempty"`
	DecidedAt   time.Time       `json:"decidedAt,omitzero"`
	Comment     string          `json:"comment,omitempty"`
	// EscalatedAt is when a request left waiting for half its time went up to the group's approvers: from then
	// on only a group-wide approver may decide it.
	EscalatedAt time.Time `json:"escalatedAt,omitzero"`
	TaskToken   string    `json:"-"`
}

// Store persists approvals.
type Store interface {
	Create(ctx context.Context, a Approval) error
	Get(ctx context.Context, id string) (Approval, error)
	// Update reads, changes and writes an approval with a conditional write; fn may return an error to abort.
	Update(ctx context.Context, id string, fn func(*Approval) error) (Approval, error)
	ByStatus(ctx context.Context, status string) ([]Approval, error)
}

// Workflows starts and answers approval workflow executions.
type Workflows interface {
	Start(ctx context.Context, workflow, executionName string, input []byte) error
	Complete(ctx context.Context, taskToken string, output []byte) error
}

// errNoWorkflows is a wiring mistake: this process was built without the workflow adapter (only reads work).
var errNoWorkflows = errors.New("approval: no workflow engine configured")

// Service is the approval use cases.
type Service struct {
	store     Store
	workflows Workflows
	timeout   time.Duration
	now       func() time.Time
}

// NewService returns the approval service; timeout is how long a request waits before it expires.
func NewService(store Store, workflows Workflows, timeout time.Duration, now func() time.Time) *Service {
	return &Service{store: store, workflows: workflows, timeout: timeout, now: now}
}

// Request records a request and starts its workflow.
func (s *Service) Request(ctx context.Context, kind, summary, brandID, propertyID, requestedBy string, payload json.RawMessage) (Approval, error) {
	if kind == "" || summary == "" || requestedBy == "" {
		return Approval{}, fmt.Errorf("%w: kind, summary and requester are required", ErrInvalid)
	}
	if s.workflows == nil {
		return Approval{}, errNoWorkflows
	}
	now := s.now().UTC()
	a := Approval{
		ID: events.NewID(now), Kind: kind, Status: StatusRequested, Summary: summary, BrandID: brandID, PropertyID: propertyID,
		Payload: payload, RequestedBy: requestedBy, RequestedAt: now, ExpiresAt: now.Add(s.timeout),
	}
	if err := s.store.Create(ctx, a); err != nil {
		return Approval{}, fmt.Errorf("store approval: %w", err)
	}
	input, err := json.Marshal(topology.ApprovalRequest{ApprovalID: a.ID, Kind: kind, RequestedBy: requestedBy, BrandID: brandID, PropertyID: propertyID, Summary: summary, Payload: payload})
	if err != nil {
		return Approval{}, err
	}
	if err := s.workflows.Start(ctx, topology.WorkflowApproval, a.ID, input); err != nil {
		return Approval{}, fmt.Errorf("start approval workflow %s: %w", a.ID, err)
	}
	return a, nil
}

// TaskArrived records the workflow's task token so a decision can answer it. It is the approvals function's
// handler; a repeated invocation replaces the token (Step Functions issues a new one on retry).
func (s *Service) TaskArrived(ctx context.Context, task topology.ApprovalTask) error {
	if task.TaskToken == "" || task.Request.ApprovalID == "" {
		return fmt.Errorf("%w: task without token or approval id", ErrInvalid)
	}
	_, err := s.store.Update(ctx, task.Request.ApprovalID, func(a *Approval) error {
		if a.Status != StatusRequested && a.Status != StatusPending {
			return fmt.Errorf("%w: %s is %s", ErrNotPending, a.ID, a.Status)
		}
		a.Status, a.TaskToken = StatusPending, task.TaskToken
		return nil
	})
	return err
}

// Decide answers a pending approval. The decider must not be the requester. The workflow is answered before the
// record changes, so a failed answer leaves the request pending and the decision can be retried.
func (s *Service) Decide(ctx context.Context, id, decidedBy, outcome, comment string) (Approval, error) {
	if outcome != StatusApproved && outcome != StatusRejected {
		return Approval{}, fmt.Errorf("%w: outcome must be approved or rejected", ErrInvalid)
	}
	if s.workflows == nil {
		return Approval{}, errNoWorkflows
	}
	now := s.now().UTC()
	check := func(a *Approval) error {
		switch {
		case a.RequestedBy == decidedBy:
			return ErrSelfApproval
		case a.Status != StatusPending || a.TaskToken == "":
			return fmt.Errorf("%w: %s is %s", ErrNotPending, a.ID, s.view(*a).Status)
		case now.After(a.ExpiresAt):
			return fmt.Errorf("%w: %s expired at %s", ErrNotPending, a.ID, a.ExpiresAt.Format(time.RFC3339))
		}
		return nil
	}
	current, err := s.store.Get(ctx, id)
	if err != nil {
		return Approval{}, err
	}
	if err := check(&current); err != nil {
		return Approval{}, err
	}
	out, _ := json.Marshal(topology.ApprovalAnswer{Outcome: outcome, DecidedBy: decidedBy, Comment: comment})
	if err := s.workflows.Complete(ctx, current.TaskToken, out); err != nil {
		return Approval{}, fmt.Errorf("answer approval workflow %s: %w", id, err)
	}
	return s.store.Update(ctx, id, func(a *Approval) error {
		if err := check(a); err != nil {
			return err
		}
		a.Status, a.DecidedBy, a.DecidedAt, a.Comment, a.TaskToken = outcome, decidedBy, now, comment, ""
		return nil
	})
}

// Get returns an approval, showing a pending one past its deadline as expired.
func (s *Service) Get(ctx context.Context, id string) (Approval, error) {
	a, err := s.store.Get(ctx, id)
	return s.view(a), err
}

// List returns approvals in a status.
// EscalateDue escalates every pending request that has waited half its time or more, once each, and returns how
// many it escalated.
func (s *Service) EscalateDue(ctx context.Context, at time.Time) (int, error) {
	pending, err := s.store.ByStatus(ctx, StatusPending)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range pending {
		if !a.EscalatedAt.IsZero() || at.Before(a.RequestedAt.Add(a.ExpiresAt.Sub(a.RequestedAt)/2)) {
			continue
		}
		_, err := s.store.Update(ctx, a.ID, func(cur *Approval) error {
			if cur.Status != StatusPending || !cur.EscalatedAt.IsZero() {
				return errAlreadyDecided
			}
			cur.EscalatedAt = at.UTC()
			return nil
		})
		switch {
		case errors.Is(err, errAlreadyDecided):
		case err != nil:
			return n, fmt.Errorf("escalate %s: %w", a.ID, err)
		default:
			n++
		}
	}
	return n, nil
}

// errAlreadyDecided aborts an escalation that another writer overtook.
var errAlreadyDecided = errors.New("decided or escalated meanwhile")

func (s *Service) List(ctx context.Context, status string) ([]Approval, error) {
	as, err := s.store.ByStatus(ctx, status)
	for i := range as {
		as[i] = s.view(as[i])
	}
	return as, err
}

func (s *Service) view(a Approval) Approval {
	if (a.Status == StatusPending || a.Status == StatusRequested) && s.now().After(a.ExpiresAt) {
		a.Status = StatusExpired
	}
	return a
}
