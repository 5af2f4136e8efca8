package local_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/consumer"
	"github.com/hearthcrm/hearth/shared/local"
)

// flaky is an idempotent consumer that records each event once and fails on demand.
type flaky struct {
	mu       sync.Mutex
	seen     map[string]int // idempotency key → times applied (must stay 1)
	attempts map[string]int
	failFor  func(key string, attempt int) bool
	calls    atomic.Int64
}

func (f *flaky) handle(_ context.Context, env events.Envelope) error {
	f.calls.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.attempts[env.IdempotencyKey]++
	if f.failFor(env.IdempotencyKey, f.attempts[env.IdempotencyKey]) {
		return fmt.Errorf("transient failure for %s", env.IdempotencyKey)
	}
	if f.seen[env.IdempotencyKey] == 0 {
		f.seen[env.IdempotencyKey] = 1 // applied once; repeats are no-ops
	}
	return nil
}

func testTopology(maxReceive int) topology.Topology {
	return topology.Topology{
		Functions: []topology.Function{{Name: "sink"}},
		Queues: []topology.Queue{{
			Name: "sink", Consumer: "sink", VisibilityTimeout: time.Minute, MaxReceiveCount: maxReceive, BatchSize: 7,
			Rule: &topology.Rule{Source: events.Source, DetailTypes: []string{events.TypePointsPosted}},
		}},
	}
}

func points(t *testing.T, n int) []events.Envelope {
	t.Helper()
	out := make([]events.Envelope, n)
	for i := range out {
		env, err := events.New(events.PointsPosted{AccountID: "A", EntryID: fmt.Sprint(i), Points: 10, Reason: "stay"},
			events.Scope{GuestID: fmt.Sprintf("g%d", i%5)}, fmt.Sprintf("entry-%d", i), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		out[i] = env
	}
	return out
}

func TestBurstTwiceWithFailuresRetriesDeadLettersAndRedrives(t *testing.T) {
	t.Parallel()
	healed := atomic.Bool{}
	f := &flaky{seen: map[string]int{}, attempts: map[string]int{}}
	f.failFor = func(key string, attempt int) bool {
		switch {
		case strings.HasSuffix(key, "3"): // fails twice, then succeeds within maxReceiveCount
			return attempt <= 2
		case strings.HasSuffix(key, "7"): // fails until the operator fixes the cause
			return !healed.Load()
		}
		return false
	}
	rt, err := local.New(testTopology(3), local.Handlers{Consumers: map[string]consumer.Handler{"sink": f.handle}},
		local.Options{Visibility: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	burst := points(t, 100)
	for round := 0; round < 2; round++ { // every event delivered twice
		if err := rt.Publish(ctx, burst...); err != nil {
			t.Fatal(err)
		}
	}
	if err := rt.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	q, _ := rt.Queue("sink")
	dead := q.DeadLetters()
	if len(dead) != 20 { // 10 keys ending in 7, each published twice
		t.Fatalf("dead letters = %d, want 20", len(dead))
	}
	for _, d := range dead {
		if d.Receives != 3 || !strings.Contains(d.LastError, "transient failure") {
			t.Fatalf("dead letter %+v: want 3 receives and the consumer's error", d)
		}
	}
	if got := len(f.seen); got != 90 {
		t.Fatalf("applied %d distinct events before redrive, want 90", got)
	}
	healed.Store(true)
	if n := q.Redrive(); n != 20 {
		t.Fatalf("redrive moved %d, want 20", n)
	}
	if err := rt.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if len(f.seen) != 100 || len(q.DeadLetters()) != 0 {
		t.Fatalf("after redrive: applied %d of 100, %d still dead", len(f.seen), len(q.DeadLetters()))
	}
	for k, n := range f.seen {
		if n != 1 {
			t.Fatalf("%s applied %d times", k, n)
		}
	}
	st := q.Stats()
	if st.Sent != 200 || st.Handled != 200 || st.Redriven != 20 || st.Visible+st.InFlight != 0 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestBadInputIsRefusedOrDeadLettered(t *testing.T) {
	t.Parallel()
	var handled atomic.Int64
	rt, err := local.New(testTopology(2), local.Handlers{Consumers: map[string]consumer.Handler{"sink": func(context.Context, events.Envelope) error {
		handled.Add(1)
		return nil
	}}}, local.Options{Visibility: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	good := points(t, 1)[0]
	unknown := good
	unknown.Type = "Points Teleported"
	if err := rt.Publish(ctx, unknown); !errors.Is(err, events.ErrInvalid) || !strings.Contains(err.Error(), "unknown detail-type") {
		t.Fatalf("publish unknown type: err = %v", err)
	}
	future := good
	future.Version = 9
	if err := rt.Publish(ctx, future); !errors.Is(err, events.ErrInvalid) || !strings.Contains(err.Error(), "version 9") {
		t.Fatalf("publish wrong version: err = %v", err)
	}
	// Messages that reach a queue without passing the bus's checks (another producer, a hand-made redrive).
	q, _ := rt.Queue("sink")
	q.Send(`{"detail-type": "Points Posted", "detail": {"id": `, "")
	q.Send(`{"detail-type":"Points Posted","source":"hearth","detail":{"id":"x","type":"Points Posted","version":2,"occurredAt":"2026-01-01T00:00:00Z","idempotencyKey":"k","data":{}}}`, "")
	q.Send(`{"detail-type":"Tier Changed","source":"hearth","detail":`+string(mustWrapDetail(t, good))+`}`, "")
	if err := rt.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	dead := q.DeadLetters()
	if len(dead) != 3 || handled.Load() != 0 {
		t.Fatalf("dead = %d (want 3), handled = %d (want 0)", len(dead), handled.Load())
	}
	for i, want := range []string{"not JSON", "version 2 is not supported", `detail-type "Tier Changed" carries`} {
		if !strings.Contains(dead[i].LastError, want) {
			t.Errorf("dead letter %d error %q, want it to say %q", i, dead[i].LastError, want)
		}
	}
}

func mustWrapDetail(t *testing.T, env events.Envelope) []byte {
	t.Helper()
	raw, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestFIFOKeepsGroupOrder(t *testing.T) {
	t.Parallel()
	top := testTopology(3)
	top.Queues[0].FIFO = true
	var mu sync.Mutex
	order := map[string][]string{}
	fails := map[string]bool{"entry-5": true} // first attempt fails: entry-10 (same group) must wait for it
	rt, _ := local.New(top, local.Handlers{Consumers: map[string]consumer.Handler{"sink": func(_ context.Context, e events.Envelope) error {
		mu.Lock()
		defer mu.Unlock()
		if fails[e.IdempotencyKey] {
			fails[e.IdempotencyKey] = false
			return errors.New("once")
		}
		order[e.GuestID] = append(order[e.GuestID], e.IdempotencyKey)
		return nil
	}}}, local.Options{Visibility: 2 * time.Millisecond})
	ctx := context.Background()
	if err := rt.Publish(ctx, points(t, 20)...); err != nil {
		t.Fatal(err)
	}
	if err := rt.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order["g0"], ","); got != "entry-0,entry-5,entry-10,entry-15" {
		q, _ := rt.Queue("sink")
		t.Fatalf("group g0 order = %s; %+v %+v", got, q.Stats(), q.DeadLetters())
	}
}

func TestApprovalWorkflowPublishesDecisionOrExpiry(t *testing.T) {
	t.Parallel()
	top := testTopology(3)
	top.Queues[0].Rule.DetailTypes = []string{events.TypeApprovalDecided}
	top.StateMachines = []topology.StateMachine{{Name: "approval", TaskFunction: "approvals", Timeout: 50 * time.Millisecond, DecisionType: events.TypeApprovalDecided}}
	tokens := make(chan string, 2)
	var mu sync.Mutex
	var decided []string
	rt, err := local.New(top, local.Handlers{
		Consumers: map[string]consumer.Handler{"sink": func(_ context.Context, e events.Envelope) error {
			d, err := events.DecodeAs[*events.ApprovalDecided](e)
			mu.Lock()
			decided = append(decided, d.ApprovalID+":"+d.Outcome)
			mu.Unlock()
			return err
		}},
		Tasks: map[string]local.TaskHandler{"approvals": func(_ context.Context, p []byte) error {
			var task topology.ApprovalTask
			if err := json.Unmarshal(p, &task); err != nil || task.TaskToken == "" {
				return errors.New("no token")
			}
			tokens <- task.TaskToken
			return nil
		}},
	}, local.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	wf := rt.Workflows()
	for _, id := range []string{"A1", "A2"} {
		in := fmt.Sprintf(`{"approvalId":%q,"kind":"points_adjustment","requestedBy":"ann","brandId":"","propertyId":"","summary":"s"}`, id)
		if err := wf.Start(ctx, "approval", id, []byte(in)); err != nil {
			t.Fatal(err)
		}
		if err := wf.Start(ctx, "approval", id, []byte(in)); err != nil { // idempotent start
			t.Fatal(err)
		}
	}
	token := <-tokens
	if err := wf.Complete(ctx, token, []byte(`{"outcome":"approved","decidedBy":"bob"}`)); err != nil {
		t.Fatal(err)
	}
	if err := wf.Complete(ctx, token, []byte(`{"outcome":"approved","decidedBy":"bob"}`)); !errors.Is(err, local.ErrTaskTokenInvalid) {
		t.Fatalf("second answer: err = %v, want ErrTaskTokenInvalid", err)
	}
	time.Sleep(120 * time.Millisecond) // the other request expires
	if err := rt.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(decided, " "); got != "A1:approved A2:expired" && got != "A2:approved A1:expired" {
		t.Fatalf("decisions = %q", got)
	}
}

func TestNextSchedule(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 24, 10, 7, 30, 0, time.UTC)
	for _, tc := range []struct{ expr, want string }{
		{"rate(1 hour)", "2026-11-24T11:00:00Z"},
		{"rate(15 minutes)", "2026-11-24T10:15:00Z"},
		{"cron(15 0 * * ? *)", "2026-11-25T00:15:00Z"},
		{"cron(0/20 9-17 ? * 2-6 *)", "2026-11-24T10:20:00Z"},
		{"cron(0 8 1 1 ? *)", "2027-01-01T08:00:00Z"},
	} {
		got, err := local.Next(tc.expr, at)
		if err != nil || got.Format(time.RFC3339) != tc.want {
			t.Errorf("Next(%q) = %v, %v; want %s", tc.expr, got, err, tc.want)
		}
	}
	for _, bad := range []string{"every hour", "rate(0 hours)", "rate(2 weeks)", "cron(61 * * * ? *)", "cron(* * *)"} {
		if _, err := local.Next(bad, at); err == nil {
			t.Errorf("Next(%q) accepted", bad)
		}
	}
}
