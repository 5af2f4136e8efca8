package app

import (
	"context"
	"sync"
	"time"

	"github.com/hearthcrm/hearth/shared/journal"
	"github.com/hearthcrm/hearth/shared/retention"
)

// policyTTL is how long a function trusts the retention policy it read: a change reaches every function within it.
const policyTTL = time.Minute

// cachedPolicy reads the policy at most once per policyTTL, so a busy consumer does not read Config per event.
func cachedPolicy(load journal.Policy, now func() time.Time) journal.Policy {
	var (
		mu     sync.Mutex
		cached retention.Policy
		until  time.Time
	)
	return func(ctx context.Context) (retention.Policy, error) {
		mu.Lock()
		defer mu.Unlock()
		if now().Before(until) {
			return cached, nil
		}
		p, err := load(ctx)
		if err != nil {
			return retention.Policy{}, err
		}
		cached, until = p, now().Add(policyTTL)
		return p, nil
	}
}
