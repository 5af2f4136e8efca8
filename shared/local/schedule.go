package local

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
)

// Next returns the first time after t that an EventBridge Scheduler expression fires, in UTC. It understands
// "rate(N minute[s]|hour[s]|day[s])" (counted from the epoch) and six-field cron with numbers, lists, ranges,
// steps, "*" and "?".
func Next(expr string, t time.Time) (time.Time, error) {
	t = t.UTC()
	switch {
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		d, err := parseRate(strings.TrimSuffix(strings.TrimPrefix(expr, "rate("), ")"))
		if err != nil {
			return time.Time{}, err
		}
		return t.Truncate(d).Add(d), nil
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		return nextCron(strings.Fields(strings.TrimSuffix(strings.TrimPrefix(expr, "cron("), ")")), t)
	}
	return time.Time{}, fmt.Errorf("schedule expression %q is neither rate(...) nor cron(...)", expr)
}

func parseRate(s string) (time.Duration, error) {
	parts := strings.Fields(s)
	if len(parts) != 2 {
		return 0, fmt.Errorf("rate %q: want \"N unit\"", s)
	}
	n, err := strconv.Atoi(parts[0])
	if err != nil || n < 1 {
		return 0, fmt.Errorf("rate %q: N must be a positive integer", s)
	}
	unit := map[string]time.Duration{"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}[strings.TrimSuffix(parts[1], "s")]
	if unit == 0 {
		return 0, fmt.Errorf("rate %q: unit must be minutes, hours or days", s)
	}
	return time.Duration(n) * unit, nil
}

// cron fields: minute hour day-of-month month day-of-week(1=SUN..7=SAT) year.
var cronRanges = [6][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {1, 7}, {1970, 2199}}

func nextCron(fields []string, t time.Time) (time.Time, error) {
	if len(fields) != 6 {
		return time.Time{}, fmt.Errorf("cron needs 6 fields, got %d", len(fields))
	}
	sets := make([]map[int]bool, 6)
	for i, f := range fields {
		set, err := cronField(f, cronRanges[i][0], cronRanges[i][1])
		if err != nil {
			return time.Time{}, fmt.Errorf("cron field %d %q: %w", i+1, f, err)
		}
		sets[i] = set
	}
	c := t.Truncate(time.Minute).Add(time.Minute)
	for limit := c.AddDate(5, 0, 0); c.Before(limit); c = c.Add(time.Minute) {
		if match(sets[5], c.Year()) && match(sets[3], int(c.Month())) && match(sets[2], c.Day()) &&
			match(sets[4], int(c.Weekday())+1) && match(sets[1], c.Hour()) && match(sets[0], c.Minute()) {
			return c, nil
		}
	}
	return time.Time{}, fmt.Errorf("cron %v never fires", fields)
}

// match treats a nil set ("*" or "?") as matching everything.
func match(set map[int]bool, v int) bool { return set == nil || set[v] }

func cronField(f string, lo, hi int) (map[int]bool, error) {
	if f == "*" || f == "?" {
		return nil, nil
	}
	set := map[int]bool{}
	for _, part := range strings.Split(f, ",") {
		step := 1
		if base, s, ok := strings.Cut(part, "/"); ok {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("bad step %q", s)
			}
			part, step = base, n
		}
		from, to := lo, hi
		if part != "*" {
			a, b, isRange := strings.Cut(part, "-")
			var err error
			if from, err = strconv.Atoi(a); err != nil {
				return nil, fmt.Errorf("bad value %q", a)
			}
			to = from
			if step > 1 && !isRange {
				to = hi // "5/15" means from 5 every 15, as in AWS cron
			}
			if isRange {
				if to, err = strconv.Atoi(b); err != nil {
					return nil, fmt.Errorf("bad value %q", b)
				}
			}
		}
		if from < lo || to > hi || from > to {
			return nil, fmt.Errorf("%d-%d outside %d-%d", from, to, lo, hi)
		}
		for v := from; v <= to; v += step {
			set[v] = true
		}
	}
	return set, nil
}

// Fire publishes a schedule's event for the scheduled time at, exactly as EventBridge Scheduler renders it.
func (rt *Runtime) Fire(ctx context.Context, s topology.Schedule, at time.Time) error {
	stamp := at.UTC().Format(time.RFC3339)
	env, err := events.Parse([]byte(s.RenderInput(events.NewID(at), stamp)))
	if err != nil {
		return fmt.Errorf("schedule %s: %w", s.Name, err)
	}
	return rt.Publish(ctx, env)
}

// runSchedules fires every schedule at its times until ctx ends.
func (rt *Runtime) runSchedules(ctx context.Context) {
	for _, s := range rt.top.Schedules {
		go func(s topology.Schedule) {
			for {
				next, err := Next(s.Expression, rt.now())
				if err != nil {
					rt.log.Error("schedule disabled", "schedule", s.Name, "error", err)
					return
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Until(next)):
				}
				if err := rt.Fire(ctx, s, next); err != nil {
					rt.log.Error("schedule failed", "schedule", s.Name, "error", err)
				}
			}
		}(s)
	}
}
