package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/consumer"
)

// Each function's entry point builds its services eagerly, so a wiring or configuration mistake fails the cold
// start instead of every event.

// JournalHandler is the journal function's consumer.
func (a *App) JournalHandler() (consumer.Handler, error) { return a.Journal().Handle, nil }

// MatchHandler is the match function's consumer.
func (a *App) MatchHandler() (consumer.Handler, error) {
	if err := a.need("match", map[string]bool{"bus": a.deps.Bus != nil}); err != nil {
		return nil, err
	}
	if _, err := a.Matcher(); err != nil {
		return nil, err
	}
	return a.Match, nil
}

// LoyaltyHandler is the loyalty function's consumer.
func (a *App) LoyaltyHandler() (consumer.Handler, error) {
	if err := a.need("loyalty", map[string]bool{"bus": a.deps.Bus != nil}); err != nil {
		return nil, err
	}
	rw, err := a.Rewards()
	if err != nil {
		return nil, err
	}
	return rw.Handle, nil
}

// Guest360Handler is the guest360 function's consumer.
func (a *App) Guest360Handler() (consumer.Handler, error) { return a.Visit, nil }

// PrivacyHandler is the privacy function's consumer; it needs the blob adapter (the raw archive).
func (a *App) PrivacyHandler() (consumer.Handler, error) {
	if err := a.need("privacy", map[string]bool{"blob": a.deps.Blobs != nil}); err != nil {
		return nil, err
	}
	a.Eraser()
	return a.Privacy, nil
}

// ApprovalTask is the approvals function's entry point (invoked by the workflow with a task token).
func (a *App) ApprovalTask(ctx context.Context, payload []byte) error {
	var task topology.ApprovalTask
	if err := json.Unmarshal(payload, &task); err != nil {
		return fmt.Errorf("%w: approval task: %v", approval.ErrInvalid, err)
	}
	return a.Approvals().TaskArrived(ctx, task)
}
