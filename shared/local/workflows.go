package local

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
)

// Workflows runs approval state machines the way the generated ASL does: invoke the task function with a task
// token, wait for the token to be answered or the timeout to pass ("expired"), then publish the decision envelope.
type Workflows struct {
	rt *Runtime

	mu         sync.Mutex
	executions map[string]bool       // execution names started, for idempotent starts
	waiting    map[string]*execution // by task token
}

type execution struct {
	sm      topology.StateMachine
	name    string
	request topology.ApprovalRequest
	timer   *time.Timer
}

// ErrTaskTokenInvalid matches Step Functions' TaskDoesNotExist/InvalidToken: unknown, answered or timed out.
var ErrTaskTokenInvalid = errors.New("task token is invalid or already answered")

func newWorkflows(rt *Runtime) *Workflows {
	return &Workflows{rt: rt, executions: map[string]bool{}, waiting: map[string]*execution{}}
}

// Start begins an execution. Like Step Functions, starting the same execution name twice is a no-op.
func (w *Workflows) Start(ctx context.Context, workflow, executionName string, input []byte) error {
	sm, ok := w.rt.top.StateMachine(workflow)
	if !ok {
		return fmt.Errorf("no state machine %q", workflow)
	}
	var req topology.ApprovalRequest
	if err := json.Unmarshal(input, &req); err != nil {
		return fmt.Errorf("state machine %s input: %w", workflow, err)
	}
	w.mu.Lock()
	if w.executions[executionName] {
		w.mu.Unlock()
		return nil
	}
	w.executions[executionName] = true
	token := newToken()
	exec := &execution{sm: sm, name: executionName, request: req}
	w.waiting[token] = exec
	exec.timer = time.AfterFunc(sm.Timeout, func() { w.expire(token) })
	w.mu.Unlock()

	payload, _ := json.Marshal(topology.ApprovalTask{TaskToken: token, Request: req})
	if err := w.rt.tasks[sm.TaskFunction](ctx, payload); err != nil {
		w.take(token)
		return fmt.Errorf("state machine %s task %s: %w", workflow, sm.TaskFunction, err)
	}
	return nil
}

// Complete answers a waiting task (SendTaskSuccess) and publishes the decision.
func (w *Workflows) Complete(ctx context.Context, token string, output []byte) error {
	var answer topology.ApprovalAnswer
	if err := json.Unmarshal(output, &answer); err != nil {
		return fmt.Errorf("task output: %w", err)
	}
	exec := w.take(token)
	if exec == nil {
		return ErrTaskTokenInvalid
	}
	return w.publish(ctx, exec, answer)
}

func (w *Workflows) expire(token string) {
	if exec := w.take(token); exec != nil {
		answer := topology.ApprovalAnswer{Outcome: "expired", Comment: "no decision before the deadline"}
		if err := w.publish(context.Background(), exec, answer); err != nil {
			w.rt.log.Error("publish expired approval", "execution", exec.name, "error", err)
		}
	}
}

func (w *Workflows) take(token string) *execution {
	w.mu.Lock()
	defer w.mu.Unlock()
	exec := w.waiting[token]
	if exec != nil {
		exec.timer.Stop()
		delete(w.waiting, token)
	}
	return exec
}

// publish builds the same envelope the ASL's PublishDecision state builds.
func (w *Workflows) publish(ctx context.Context, exec *execution, a topology.ApprovalAnswer) error {
	data, err := json.Marshal(events.ApprovalDecided{
		ApprovalID: exec.request.ApprovalID, Kind: exec.request.Kind, RequestedBy: exec.request.RequestedBy,
		Outcome: a.Outcome, DecidedBy: a.DecidedBy, Comment: a.Comment,
	})
	if err != nil {
		return err
	}
	env := events.Envelope{
		ID: exec.name, Type: exec.sm.DecisionType, Version: 1, OccurredAt: w.rt.now().UTC(),
		BrandID: exec.request.BrandID, PropertyID: exec.request.PropertyID,
		IdempotencyKey: "approval/" + exec.request.ApprovalID, Data: data,
	}
	return w.rt.Publish(ctx, env)
}

// Waiting returns how many executions wait for an answer.
func (w *Workflows) Waiting() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.waiting)
}

func newToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
