package rewards

import (
	"context"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// DayEvents reads the events of a UTC day (the journal).
type DayEvents interface {
	Day(ctx context.Context, day string) ([]events.Envelope, error)
}

// NightAudit re-applies a property's business day (day, in loc) of checked-out stays and closed checks, as the
// PMS night audit does: every accrual is posted under its own key, so what was awarded at check-out is not
// awarded again, and what was not (a member enrolled later that day, an award lost to an outage) is awarded now.
// It returns how many stays and checks it went through.
func (s *Service) NightAudit(ctx context.Context, journal DayEvents, propertyID string, loc *time.Location, day string) (int, error) {
	start, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return 0, fmt.Errorf("night audit of %s: day %q: %w", propertyID, day, err)
	}
	end := start.AddDate(0, 0, 1)
	n := 0
	for d := start.UTC().Truncate(24 * time.Hour); d.Before(end); d = d.AddDate(0, 0, 1) {
		envs, err := journal.Day(ctx, d.Format(time.DateOnly))
		if err != nil {
			return n, err
		}
		for _, env := range envs {
			if env.PropertyID != propertyID || env.GuestID == "" || env.OccurredAt.Before(start) || !env.OccurredAt.Before(end) ||
				(env.Type != events.TypeStayCheckedOut && env.Type != events.TypePOSCheckClosed) {
				continue
			}
			if err := s.Handle(ctx, env); err != nil {
				return n, fmt.Errorf("night audit of %s: %s: %w", propertyID, env.ID, err)
			}
			n++
		}
	}
	return n, nil
}
