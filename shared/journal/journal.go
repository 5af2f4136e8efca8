// Package journal keeps every domain event Hearth sees: for replay, for a guest's event history and for daily
// counts per detail-type that operators watch. Recording is idempotent on the event, so redeliveries are harmless.
package journal

import (
	"context"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/retention"
)

// Store persists journal entries and rollups.
type Store interface {
	// Append stores env unless an entry for the same event exists; it reports whether it was new.
	Append(ctx context.Context, env events.Envelope, expires time.Time) (bool, error)
	// Day returns the events of a UTC day in occurrence order.
	Day(ctx context.Context, day string) ([]events.Envelope, error)
	// PutRollup replaces the counts of a day.
	PutRollup(ctx context.Context, day string, counts map[string]int) error
	// Rollup returns the counts of a day.
	Rollup(ctx context.Context, day string) (map[string]int, error)
}

// Policy returns the group's current retention policy.
type Policy func(ctx context.Context) (retention.Policy, error)

// Journal records events and rolls them up.
type Journal struct {
	store  Store
	policy Policy
}

// New returns a journal whose entries expire by the retention policy of their data class.
func New(store Store, policy Policy) *Journal {
	return &Journal{store: store, policy: policy}
}

// Handle is the journal function's consumer: it records every event, and a DailyRollupDue also rolls up the day
// before its scheduled time.
func (j *Journal) Handle(ctx context.Context, env events.Envelope) error {
	p, err := j.policy(ctx)
	if err != nil {
		return fmt.Errorf("journal %s: %w", env.ID, err)
	}
	if _, err := j.store.Append(ctx, env, p.Expires(retention.ClassOf(env.Type), env.OccurredAt)); err != nil {
		return fmt.Errorf("journal %s %s: %w", env.Type, env.ID, err)
	}
	if env.Type != events.TypeDailyRollupDue {
		return nil
	}
	due, err := events.DecodeAs[*events.DailyRollupDue](env)
	if err != nil {
		return err
	}
	at, _ := time.Parse(time.RFC3339, due.ScheduledAt) // validated by DecodeAs
	_, err = j.Rollup(ctx, at.UTC().AddDate(0, 0, -1).Format(time.DateOnly))
	return err
}

// Rollup counts the events of a UTC day by detail-type and stores the counts; running it again gives the same
// result, so a repeated schedule is harmless.
func (j *Journal) Rollup(ctx context.Context, day string) (map[string]int, error) {
	envs, err := j.store.Day(ctx, day)
	if err != nil {
		return nil, fmt.Errorf("read journal day %s: %w", day, err)
	}
	counts := map[string]int{}
	for _, e := range envs {
		counts[e.Type]++
	}
	if err := j.store.PutRollup(ctx, day, counts); err != nil {
		return nil, fmt.Errorf("store rollup %s: %w", day, err)
	}
	return counts, nil
}
