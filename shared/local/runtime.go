// Package local runs Hearth's topology in one process for `hearth dev` and tests: an in-process bus that routes by
// the topology's rules, queues with SQS semantics, schedules that tick, and approval workflows, all calling the same
// handlers the Lambda functions call.
package local

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/consumer"
)

// TaskHandler handles a direct invocation (a workflow task) with a JSON payload.
type TaskHandler func(ctx context.Context, payload []byte) error

// Handlers are the functions' entry points, by topology function name.
type Handlers struct {
	Consumers map[string]consumer.Handler
	Tasks     map[string]TaskHandler
	// Functions answer their invocations: the steps of bulk import workflows.
	Functions map[string]InvokeHandler
}

// Options tune the runtime. Zero values take the topology's settings.
type Options struct {
	// Visibility caps every queue's visibility timeout, so failed messages come back quickly in dev and tests.
	Visibility time.Duration
	Now        func() time.Time
	Log        *slog.Logger
	// PollInterval is how often Run looks for messages whose visibility timeout ended.
	PollInterval time.Duration
	// Blobs reads the buckets (an import workflow's manifest).
	Blobs Objects
}

// Objects reads objects back from the local buckets.
type Objects interface {
	Get(ctx context.Context, bucket, key string) ([]byte, error)
}

// Runtime is the whole topology in one process.
type Runtime struct {
	top       topology.Topology
	queues    map[string]*Queue
	tasks     map[string]TaskHandler
	now       func() time.Time
	log       *slog.Logger
	poll      time.Duration
	workflows *Workflows
	functions map[string]InvokeHandler
	blobs     Objects
	imports   atomic.Int64 // import executions running

	mu        sync.Mutex
	published int
}

// New wires every queue of the topology to its consumer. A queue whose consumer has no handler is an error: the
// topology and the handlers must agree.
func New(top topology.Topology, h Handlers, opts Options) (*Runtime, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 50 * time.Millisecond
	}
	rt := &Runtime{top: top, queues: map[string]*Queue{}, tasks: h.Tasks, functions: h.Functions, blobs: opts.Blobs, now: opts.Now, log: opts.Log, poll: opts.PollInterval}
	for _, q := range top.Queues {
		handler, ok := h.Consumers[q.Consumer]
		if !ok {
			return nil, fmt.Errorf("queue %s: no handler for consumer %s", q.Name, q.Consumer)
		}
		vis := q.VisibilityTimeout
		if opts.Visibility > 0 && opts.Visibility < vis {
			vis = opts.Visibility
		}
		rt.queues[q.Name] = newQueue(q, handler, vis, opts.Now)
	}
	for _, sm := range top.StateMachines {
		_, task := h.Tasks[sm.TaskFunction]
		_, fn := h.Functions[sm.TaskFunction]
		if (sm.Kind == topology.KindBulkImport && !fn) || (sm.Kind != topology.KindBulkImport && !task) {
			return nil, fmt.Errorf("state machine %s: no handler for %s", sm.Name, sm.TaskFunction)
		}
	}
	rt.workflows = newWorkflows(rt)
	return rt, nil
}

// Publish puts events on the bus: each is validated, then copied to every queue whose rule matches, as
// EventBridge does. An invalid event is refused with an error and nothing is sent.
func (rt *Runtime) Publish(ctx context.Context, envs ...events.Envelope) error {
	bodies := make([][]byte, len(envs))
	for i, env := range envs {
		if err := env.Validate(); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		body, err := consumer.Wrap(env)
		if err != nil {
			return fmt.Errorf("publish %s: %w", env.ID, err)
		}
		bodies[i] = body
	}
	for i, env := range envs {
		for _, q := range rt.top.QueuesFor(events.Source, env.Type) {
			rt.queues[q.Name].Send(string(bodies[i]), env.GuestID)
		}
	}
	rt.mu.Lock()
	rt.published += len(envs)
	rt.mu.Unlock()
	return nil
}

// Queue returns a queue by name.
func (rt *Runtime) Queue(name string) (*Queue, error) {
	q, ok := rt.queues[name]
	if !ok {
		return nil, fmt.Errorf("no queue %q", name)
	}
	return q, nil
}

// Stats returns every queue's counters, by name.
func (rt *Runtime) Stats() []QueueStats {
	out := make([]QueueStats, 0, len(rt.queues))
	for _, q := range rt.queues {
		out = append(out, q.Stats())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Workflows returns the runtime's workflow engine (it satisfies approval.Workflows).
func (rt *Runtime) Workflows() *Workflows { return rt.workflows }

// Run delivers messages and fires schedules until ctx ends: each queue has its own worker, like a Lambda event
// source mapping.
func (rt *Runtime) Run(ctx context.Context) {
	rt.runSchedules(ctx)
	var wg sync.WaitGroup
	for _, q := range rt.queues {
		wg.Add(1)
		go func(q *Queue) {
			defer wg.Done()
			ticker := time.NewTicker(rt.poll)
			defer ticker.Stop()
			for {
				for q.poll(ctx) {
				}
				select {
				case <-ctx.Done():
					return
				case <-q.notify:
				case <-ticker.C:
				}
			}
		}(q)
	}
	wg.Wait()
}

// ErrNotDrained is returned by Drain when messages are still in flight at the deadline.
var ErrNotDrained = errors.New("queues not drained")

// Drain delivers until every queue is empty (handled or dead-lettered), waiting out visibility timeouts. Tests and
// one-shot commands use it instead of Run.
func (rt *Runtime) Drain(ctx context.Context) error {
	for {
		busy, left, wait := false, false, time.Duration(0)
		for _, q := range rt.queues {
			for q.poll(ctx) {
				busy = true
			}
			if more, next := q.pending(); more {
				if d := next.Sub(rt.now()); !left || d < wait {
					wait = d
				}
				left = true
			}
		}
		if busy {
			continue
		}
		if rt.imports.Load() > 0 { // an import workflow may still enqueue
			left, wait = true, min(wait, 10*time.Millisecond)
			if wait <= 0 {
				wait = 10 * time.Millisecond
			}
		}
		if !left {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w: %v", ErrNotDrained, ctx.Err())
		case <-time.After(max(wait, time.Millisecond)):
		}
	}
}
