package approval_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

// workflows records what the service asks of the workflow engine and can fail on demand.
type workflows struct {
	started  []topology.ApprovalRequest
	answers  []topology.ApprovalAnswer
	failNext bool
}

func (w *workflows) Start(_ context.Context, _, _ string, input []byte) error {
	var r topology.ApprovalRequest
	if err := json.Unmarshal(input, &r); err != nil {
		return err
	}
	w.started = append(w.started, r)
	return nil
}

func (w *workflows) Complete(_ context.Context, token string, output []byte) error {
	if w.failNext {
		w.failNext = false
		return errors.New("throttled")
	}
	var a topology.ApprovalAnswer
	if err := json.Unmarshal(output, &a); err != nil {
		return err
	}
	w.answers = append(w.answers, a)
	return nil
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newService(t *testing.T) (*approval.Service, *workflows, *clock) {
	t.Helper()
	db := storetest.Open(t)
	wf := &workflows{}
	c := &clock{t: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	return approval.NewService(store.NewApprovalStore(db), wf, time.Hour, c.now), wf, c
}

func TestDecisionIsRetriableWhenTheWorkflowAnswerFails(t *testing.T) {
	t.Parallel()
	svc, wf, _ := newService(t)
	ctx := context.Background()
	a, err := svc.Request(ctx, "points_adjustment", "+100", "harbour", "hh-lisbon", "ann", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(wf.started) != 1 || wf.started[0].ApprovalID != a.ID || wf.started[0].BrandID != "harbour" {
		t.Fatalf("started = %+v", wf.started)
	}
	if _, err := svc.Decide(ctx, a.ID, "bob", approval.StatusApproved, ""); !errors.Is(err, approval.ErrNotPending) {
		t.Fatalf("decide before the task arrived: err = %v", err)
	}
	if err := svc.TaskArrived(ctx, topology.ApprovalTask{TaskToken: "tok", Request: wf.started[0]}); err != nil {
		t.Fatal(err)
	}
	wf.failNext = true
	if _, err := svc.Decide(ctx, a.ID, "bob", approval.StatusApproved, ""); err == nil {
		t.Fatal("decide with a failing workflow succeeded")
	}
	if got, _ := svc.Get(ctx, a.ID); got.Status != approval.StatusPending {
		t.Fatalf("after a failed answer the approval is %s, want pending", got.Status)
	}
	got, err := svc.Decide(ctx, a.ID, "bob", approval.StatusRejected, "not justified")
	if err != nil || got.Status != approval.StatusRejected || got.DecidedBy != "bob" {
		t.Fatalf("retried decision = %+v, %v", got, err)
	}
	if len(wf.answers) != 1 || wf.answers[0].Outcome != approval.StatusRejected || wf.answers[0].Comment != "not justified" {
		t.Fatalf("answers = %+v", wf.answers)
	}
}

func TestExpiredRequestsCannotBeDecided(t *testing.T) {
	t.Parallel()
	svc, wf, c := newService(t)
	ctx := context.Background()
	a, _ := svc.Request(ctx, "erasure", "erase G1", "", "", "ann", nil)
	_ = svc.TaskArrived(ctx, topology.ApprovalTask{TaskToken: "tok", Request: wf.started[0]})
	c.t = c.t.Add(2 * time.Hour)
	if got, _ := svc.Get(ctx, a.ID); got.Status != approval.StatusExpired {
		t.Fatalf("status = %s, want expired", got.Status)
	}
	if _, err := svc.Decide(ctx, a.ID, "bob", approval.StatusApproved, ""); !errors.Is(err, approval.ErrNotPending) {
		t.Fatalf("late decision: err = %v", err)
	}
	if len(wf.answers) != 0 {
		t.Fatalf("an expired request was answered: %+v", wf.answers)
	}
	if err := svc.TaskArrived(ctx, topology.ApprovalTask{}); !errors.Is(err, approval.ErrInvalid) {
		t.Fatalf("task without token: err = %v", err)
	}
	if _, err := svc.Request(ctx, "", "x", "", "", "ann", nil); !errors.Is(err, approval.ErrInvalid) {
		t.Fatalf("request without kind: err = %v", err)
	}
}
