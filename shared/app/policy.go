package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/journal"
	"github.com/hearthcrm/hearth/shared/retention"
)

// DefaultSettingsTTL is how long a function trusts settings it read (the retention policy, a property's switches):
// a change reaches every function within it, and a busy consumer reads the Config table at most once per key per TTL.
const DefaultSettingsTTL = time.Minute

// ttlCache remembers what load returned per key for ttl; a ttl of zero or less does not cache.
type ttlCache[V any] struct {
	mu   sync.Mutex
	load func(ctx context.Context, key string) (V, error)
	ttl  time.Duration
	now  func() time.Time
	m    map[string]cached[V]
}

type cached[V any] struct {
	v     V
	until time.Time
}

func newTTLCache[V any](load func(ctx context.Context, key string) (V, error), ttl time.Duration, now func() time.Time) *ttlCache[V] {
	return &ttlCache[V]{load: load, ttl: ttl, now: now, m: map[string]cached[V]{}}
}

func (c *ttlCache[V]) get(ctx context.Context, key string) (V, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok && c.now().Before(e.until) {
		return e.v, nil
	}
	v, err := c.load(ctx, key)
	if err != nil || c.ttl <= 0 {
		return v, err
	}
	c.m[key] = cached[V]{v: v, until: c.now().Add(c.ttl)}
	return v, nil
}

// cachedPolicy reads the group's retention policy at most once per ttl.
func cachedPolicy(load journal.Policy, ttl time.Duration, now func() time.Time) journal.Policy {
	c := newTTLCache(func(ctx context.Context, _ string) (retention.Policy, error) { return load(ctx) }, ttl, now)
	return func(ctx context.Context) (retention.Policy, error) { return c.get(ctx, "") }
}

// checkOutRules reads a property's check-out switches, cached; an unknown property has the default rules.
func checkOutRules(s hierarchy.Store, ttl time.Duration, now func() time.Time) func(ctx context.Context, propertyID string) (hierarchy.CheckOutRules, error) {
	c := newTTLCache(func(ctx context.Context, id string) (hierarchy.CheckOutRules, error) {
		p, err := s.Property(ctx, id)
		if errors.Is(err, hierarchy.ErrNotFound) {
			return hierarchy.CheckOutRules{}, nil
		}
		return p.CheckOut, err
	}, ttl, now)
	return c.get
}
