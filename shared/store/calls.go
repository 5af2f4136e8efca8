package store

import (
	"context"
	"sort"
	"sync"

	"github.com/aws/smithy-go/middleware"
)

// CallCounter counts DynamoDB calls per operation; performance figures and tests read it.
type CallCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

// NewCallCounter returns an empty counter.
func NewCallCounter() *CallCounter { return &CallCounter{counts: map[string]int{}} }

// Middleware installs the counter on an SDK client's stack (use in aws.Config.APIOptions).
func (c *CallCounter) Middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("HearthCallCounter",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			c.add(middleware.GetOperationName(ctx))
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
}

func (c *CallCounter) add(op string) {
	c.mu.Lock()
	c.counts[op]++
	c.mu.Unlock()
}

// Snapshot returns the counts so far.
func (c *CallCounter) Snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.counts))
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

// Since returns the calls made after before was taken, per operation.
func (c *CallCounter) Since(before map[string]int) map[string]int {
	out := map[string]int{}
	for op, n := range c.Snapshot() {
		if d := n - before[op]; d > 0 {
			out[op] = d
		}
	}
	return out
}

// Operations returns the operation names seen, sorted.
func (c *CallCounter) Operations() []string {
	snap := c.Snapshot()
	out := make([]string, 0, len(snap))
	for k := range snap {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
