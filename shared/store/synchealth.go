package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/synchealth"
)

// HealthStore keeps per-source daily sync counters in the Config table, each message adding to them with one
// UpdateItem (no read).
//
//	day of a source: pk=HEALTH#<sourceId> sk=DAY#<yyyy-mm-dd> (Received, Accepted, Rejected, Matched, Duplicates,
//	                 LastAt, Lag0..LagN histogram counters); expiresAt after 400 days
type HealthStore struct{ table dynamo.Table }

var _ synchealth.Recorder = (*HealthStore)(nil)

// NewHealthStore returns the adapter.
func NewHealthStore(db *DB) *HealthStore { return &HealthStore{table: db.Table("Config")} }

func (s *HealthStore) day(source string, at time.Time) *dynamo.Update {
	day := at.UTC().Format(time.DateOnly)
	return s.table.Update("pk", "HEALTH#"+source).Range("sk", "DAY#"+day).Set("expiresAt", at.AddDate(0, 0, 400).Unix())
}

// Received implements synchealth.Recorder.
func (s *HealthStore) Received(ctx context.Context, source string, at time.Time, accepted bool) error {
	u := s.day(source, at).Add("Received", 1).Set("LastAt", at.UTC().Format(time.RFC3339Nano))
	if accepted {
		u = u.Add("Accepted", 1)
	} else {
		u = u.Add("Rejected", 1)
	}
	return u.Run(ctx)
}

// Matched implements synchealth.Recorder.
func (s *HealthStore) Matched(ctx context.Context, source string, at time.Time, duplicate bool, lag time.Duration) error {
	u := s.day(source, at).Add("Matched", 1).Add("Lag"+strconv.Itoa(synchealth.Bucket(lag)), 1)
	if duplicate {
		u = u.Add("Duplicates", 1)
	}
	return u.Run(ctx)
}

// Day implements synchealth.Recorder.
func (s *HealthStore) Day(ctx context.Context, source, day string) (synchealth.Day, error) {
	var item map[string]any
	err := s.table.Get("pk", "HEALTH#"+source).Range("sk", dynamo.Equal, "DAY#"+day).One(ctx, &item)
	if errors.Is(err, dynamo.ErrNotFound) {
		return emptyDay(source, day), nil
	}
	if err != nil {
		return emptyDay(source, day), fmt.Errorf("health of %s on %s: %w", source, day, err)
	}
	return dayOf(source, day, item), nil
}

// Days returns a source's figures for every UTC day from from to to (YYYY-MM-DD, inclusive), oldest first, days
// without messages included as zeros: one Query over the source's day items.
func (s *HealthStore) Days(ctx context.Context, source, from, to string) ([]synchealth.Day, error) {
	first, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return nil, fmt.Errorf("health from %q: %w", from, err)
	}
	last, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return nil, fmt.Errorf("health to %q: %w", to, err)
	}
	var items []map[string]any
	if err := s.table.Get("pk", "HEALTH#"+source).Range("sk", dynamo.Between, "DAY#"+from, "DAY#"+to).All(ctx, &items); err != nil {
		return nil, fmt.Errorf("health of %s from %s to %s: %w", source, from, to, err)
	}
	found := make(map[string]map[string]any, len(items))
	for _, it := range items {
		if sk, ok := it["sk"].(string); ok {
			found[strings.TrimPrefix(sk, "DAY#")] = it
		}
	}
	var out []synchealth.Day
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		if it, ok := found[day]; ok {
			out = append(out, dayOf(source, day, it))
		} else {
			out = append(out, emptyDay(source, day))
		}
	}
	return out, nil
}

func emptyDay(source, day string) synchealth.Day {
	return synchealth.Day{Source: source, Day: day, Lag: make([]int64, len(synchealth.Buckets)+1)}
}

// dayOf reads a day item's counters.
func dayOf(source, day string, item map[string]any) synchealth.Day {
	d := emptyDay(source, day)
	num := func(k string) int64 {
		switch v := item[k].(type) {
		case float64:
			return int64(v)
		case int64:
			return v
		case int:
			return int64(v)
		}
		return 0
	}
	d.Received, d.Accepted, d.Rejected, d.Matched, d.Duplicates = num("Received"), num("Accepted"), num("Rejected"), num("Matched"), num("Duplicates")
	for i := range d.Lag {
		d.Lag[i] = num("Lag" + strconv.Itoa(i))
	}
	if at, ok := item["LastAt"].(string); ok {
		d.LastAt, _ = time.Parse(time.RFC3339Nano, at)
	}
	return d
}
