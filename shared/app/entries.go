package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/consumer"
	"github.com/hearthcrm/hearth/shared/giftcards"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/rewards"
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
	certs, err := a.Certificates()
	if err != nil {
		return nil, err
	}
	cards := a.GiftCards()
	return func(ctx context.Context, env events.Envelope) error {
		if err := rw.Handle(ctx, env); err != nil {
			return err
		}
		if env.Type == events.TypeApprovalDecided {
			return a.applyCredit(ctx, env, cards)
		}
		if env.Type == events.TypeNightAuditDue {
			return a.nightAudit(ctx, env, rw)
		}
		if env.Type != events.TypePointsExpiryDue {
			return nil
		}
		// The same nightly run expires certificates past their last day.
		due, err := events.DecodeAs[*events.PointsExpiryDue](env)
		if err != nil {
			return err
		}
		at, _ := time.Parse(time.RFC3339, due.ScheduledAt) // validated by DecodeAs
		if _, err = certs.ExpireDue(ctx, at); err != nil {
			return err
		}
		// And gift cards: maintenance fees falling due, and cards past their last day.
		_, _, err = cards.Nightly(ctx, at)
		return err
	}, nil
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

// ReconcileHandler is the reports function's consumer: each Reconciliation Due reconciles every hotel's previous
// business day, and each Loyalty Dashboard Due computes the programme's dashboard (every member and account: work
// for this function's long timeout, not the API's). It posts nothing, so it needs no bus.
func (a *App) ReconcileHandler() (consumer.Handler, error) {
	r, err := a.Reconciler()
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, env events.Envelope) error {
		if env.Type == events.TypeLoyaltyDashboardDue {
			rw, err := a.Rewards()
			if err != nil {
				return err
			}
			return rw.RefreshDashboard(ctx, env.OccurredAt)
		}
		due, err := events.DecodeAs[*events.ReconciliationDue](env)
		if err != nil {
			return err
		}
		at, _ := time.Parse(time.RFC3339, due.ScheduledAt) // validated by DecodeAs
		n, err := r.RunDue(ctx, at)
		a.deps.Log.InfoContext(ctx, "reconciliation", "properties", n, "scheduledAt", due.ScheduledAt)
		return err
	}, nil
}

// ApprovalTask is the approvals function's entry point (invoked by the workflow with a task token).
func (a *App) ApprovalTask(ctx context.Context, payload []byte) error {
	var task topology.ApprovalTask
	if err := json.Unmarshal(payload, &task); err != nil {
		return fmt.Errorf("%w: approval task: %v", approval.ErrInvalid, err)
	}
	return a.Approvals().TaskArrived(ctx, task)
}

// applyCredit posts an approved manual stored-value credit, once (its request id is the approval's).
func (a *App) applyCredit(ctx context.Context, env events.Envelope, cards *giftcards.Service) error {
	d, err := events.DecodeAs[*events.ApprovalDecided](env)
	if err != nil {
		return err
	}
	if d.Kind != giftcards.KindCredit || d.Outcome != approval.StatusApproved {
		return nil
	}
	req, err := a.Approvals().Get(ctx, d.ApprovalID)
	if err != nil {
		return err
	}
	var cr giftcards.Credit
	if err := json.Unmarshal(req.Payload, &cr); err != nil || cr.Card == "" {
		return fmt.Errorf("%w: credit %s names no card", events.ErrInvalid, d.ApprovalID)
	}
	_, err = cards.Goodwill(ctx, cr.Card, cr.Amount, "approved-"+d.ApprovalID)
	return err
}

// nightAuditHour is when, in each property's own zone, the night audit of its previous business day runs.
const nightAuditHour = 4

// nightAudit runs the night audit of every property whose 04:00 it is at the scheduled hour.
func (a *App) nightAudit(ctx context.Context, env events.Envelope, rw *rewards.Service) error {
	due, err := events.DecodeAs[*events.NightAuditDue](env)
	if err != nil {
		return err
	}
	at, _ := time.Parse(time.RFC3339, due.ScheduledAt) // validated by DecodeAs
	// The hourly tick also escalates approvals left waiting half their time.
	if _, err := a.Approvals().EscalateDue(ctx, at); err != nil {
		return err
	}
	tree, err := hierarchy.Load(ctx, a.Hierarchy(), a.cfg.GroupID)
	if errors.Is(err, hierarchy.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, b := range tree.Brands {
		for _, p := range b.Properties {
			local := at.In(p.Location())
			if local.Hour() != nightAuditHour || p.Closed() {
				continue
			}
			day := local.AddDate(0, 0, -1).Format(time.DateOnly)
			n, err := rw.NightAudit(ctx, a.JournalStore(), p.ID, p.Location(), day)
			if err != nil {
				return err
			}
			a.deps.Log.InfoContext(ctx, "night audit", "property", p.ID, "day", day, "facts", n)
		}
	}
	return nil
}
