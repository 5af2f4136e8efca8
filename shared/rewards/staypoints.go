package rewards

import (
	"context"
	"errors"
	"fmt"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/reconcile"
)

// StayPoints answers reconciliation for a checked-out stay: whether its guest is a member, what the programme
// awards the stay's folio, and what was posted under the stay's accrual keys (earned, or withheld by the property's
// switch).
func (s *Service) StayPoints(ctx context.Context, env events.Envelope) (reconcile.StayPoints, error) {
	m, err := s.members.Member(ctx, env.GuestID)
	if errors.Is(err, ErrNotMember) {
		return reconcile.StayPoints{}, nil
	}
	if err != nil {
		return reconcile.StayPoints{}, err
	}
	d, err := events.DecodeAs[*events.StayCheckedOut](env)
	if err != nil {
		return reconcile.StayPoints{}, err
	}
	st, err := loyalty.StayFromEvent(env.PropertyID, *d)
	if err != nil {
		return reconcile.StayPoints{}, fmt.Errorf("%w: %v", events.ErrInvalid, err)
	}
	engine, err := s.engineFor(ctx)
	if err != nil {
		return reconcile.StayPoints{}, err
	}
	earning, err := engine.EarnStay(m, st, nil)
	if err != nil {
		return reconcile.StayPoints{}, err
	}
	// A merged guest's stay may have earned on the account it was merged into (a stay delivered after the merge).
	accounts := []string{AccountID(m)}
	if m.MergedInto != "" {
		if act, err := s.active(ctx, env.GuestID); err == nil && AccountID(act) != accounts[0] {
			accounts = append(accounts, AccountID(act))
		}
	}
	byKey := map[string]ledger.Entry{}
	for _, id := range accounts {
		entries, err := s.ledger.Statement(ctx, id)
		if err != nil {
			return reconcile.StayPoints{}, err
		}
		for _, e := range entries {
			if _, seen := byKey[e.IdempotencyKey]; !seen {
				byKey[e.IdempotencyKey] = e
			}
		}
	}
	out := reconcile.StayPoints{Member: true}
	for _, a := range earning.Accruals {
		if a.Points <= 0 {
			continue
		}
		out.Expected += a.Points
		switch e := byKey[a.Key]; e.Kind {
		case ledger.EntryEarn:
			out.Earned += e.Amount
		case ledger.EntrySkip:
			out.Withheld += e.Withheld
		}
	}
	return out, nil
}
