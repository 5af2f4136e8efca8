package identity

import (
	"sync"
	"time"
)

// reporter serialises and throttles progress callbacks.
type reporter struct {
	mu   sync.Mutex
	fn   func(Progress)
	last time.Time
	prev string
}

func newReporter(fn func(Progress)) *reporter { return &reporter{fn: fn} }

func (r *reporter) report(stage string, done, total int) {
	if r.fn == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if stage == r.prev && done < total && now.Sub(r.last) < 200*time.Millisecond {
		return
	}
	r.last, r.prev = now, stage
	r.fn(Progress{Stage: stage, Done: done, Total: total})
}
