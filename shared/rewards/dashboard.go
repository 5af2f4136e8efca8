package rewards

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// Dashboard computes the programme dashboard from every member, their account and their tier progress: one scan
// of the members and two or three reads per member, dashboardReaders at a time. It is the reports function's work
// (nightly, or when asked), never a page load's: the API serves the stored result.
func (s *Service) Dashboard(ctx context.Context) (loyalty.Dashboard, error) {
	engine, err := s.engineFor(ctx)
	if err != nil {
		return loyalty.Dashboard{}, err
	}
	members, err := s.members.All(ctx)
	if err != nil {
		return loyalty.Dashboard{}, err
	}
	now := s.now()
	facts := make([]loyalty.MemberFacts, len(members))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(dashboardReaders)
	for i, m := range members {
		g.Go(func() error {
			f, err := s.memberFacts(gctx, engine, m, now)
			facts[i] = f
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return loyalty.Dashboard{}, err
	}
	return engine.BuildDashboard(facts, now, loyalty.DateOf(now, s.zone)), nil
}

// dashboardReaders bounds the member reads in flight while the dashboard is computed.
const dashboardReaders = 16

// memberFacts reads what the dashboard needs of one member: its account's points and lots, and its tier progress.
func (s *Service) memberFacts(ctx context.Context, engine *loyalty.Engine, m loyalty.Member, now time.Time) (loyalty.MemberFacts, error) {
	f := loyalty.MemberFacts{Member: m}
	if m.MergedInto != "" {
		return f, nil // its points moved to the survivor's account
	}
	a, err := s.ledger.Account(ctx, AccountID(m))
	if err != nil && !errors.Is(err, ledger.ErrNotFound) {
		return f, fmt.Errorf("account of %s: %w", m.Number, err)
	}
	f.Available, f.Pending = a.Available(now), a.Pending(now)
	for _, h := range a.Holds {
		f.Held += h
	}
	for _, l := range a.Lots {
		if on, err := loyalty.ParseDate(l.ExpiresOn); err == nil && l.ExpiresOn != "" {
			f.Lots = append(f.Lots, loyalty.ExpiringLot{Points: l.Remaining, ExpiresOn: on})
		}
	}
	history, err := s.tierHistory(ctx, m)
	if err != nil {
		return f, err
	}
	d, err := engine.EvaluateTier(m, history, now)
	if err != nil {
		return f, err
	}
	f.Progress = d.Progress
	return f, nil
}

// DashboardStore keeps the latest dashboard.
type DashboardStore interface {
	Save(ctx context.Context, d loyalty.Dashboard) error
	// Latest returns the stored dashboard, or an error (ErrNoDashboard in package store) before the first.
	Latest(ctx context.Context) (loyalty.Dashboard, error)
}

// WithDashboards makes the service store the dashboards it computes.
func (s *Service) WithDashboards(d DashboardStore) *Service {
	s.dashboards = d
	return s
}

// RefreshDashboard computes the dashboard asked for at requestedAt and stores it, unless one computed since the
// request is stored already: a burst of requests (or a redelivery) costs one computation.
func (s *Service) RefreshDashboard(ctx context.Context, requestedAt time.Time) error {
	if s.dashboards == nil {
		return nil
	}
	if latest, err := s.dashboards.Latest(ctx); err == nil && !latest.AsOf.Before(requestedAt) {
		return nil
	}
	d, err := s.Dashboard(ctx)
	if err != nil {
		return fmt.Errorf("loyalty dashboard: %w", err)
	}
	return s.dashboards.Save(ctx, d)
}
