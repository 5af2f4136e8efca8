package local

import (
	"context"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/consumer"
)

// Queue gives a topology queue SQS semantics in process: at-least-once delivery in batches, a visibility timeout
// after each receive, partial batch failures, and a dead-letter list once a message has been received
// maxReceiveCount times. FIFO queues deliver one message group at a time, in order.
type Queue struct {
	spec       topology.Queue
	handler    consumer.Handler
	visibility time.Duration
	now        func() time.Time

	mu     sync.Mutex
	seq    int
	ready  []*message // in send order
	dead   []DeadLetter
	stats  QueueStats
	notify chan struct{}
	dedup  map[string]time.Time // FIFO deduplication ids and when they were sent
}

// dedupWindow is SQS FIFO's deduplication interval.
const dedupWindow = 5 * time.Minute

// SendDedup enqueues like Send, except that on a FIFO queue a deduplication id already sent in the last five
// minutes is accepted and dropped, as SQS does.
func (q *Queue) SendDedup(body, group, dedupID string) {
	if q.spec.FIFO && dedupID != "" {
		q.mu.Lock()
		now := q.now()
		if at, ok := q.dedup[dedupID]; ok && now.Sub(at) < dedupWindow {
			q.mu.Unlock()
			return
		}
		if q.dedup == nil {
			q.dedup = map[string]time.Time{}
		}
		q.dedup[dedupID] = now
		q.mu.Unlock()
	}
	q.Send(body, group)
}

type message struct {
	id        string
	body      string
	group     string
	receives  int
	visibleAt time.Time
	lastErr   string
	sentAt    time.Time
}

// DeadLetter is a message that exhausted its receives, with the last error its consumer gave.
type DeadLetter struct {
	ID        string    `json:"id"`
	Body      string    `json:"body"`
	Group     string    `json:"group,omitempty"`
	Receives  int       `json:"receives"`
	LastError string    `json:"lastError"`
	SentAt    time.Time `json:"sentAt"`
	DeadAt    time.Time `json:"deadAt"`
}

// QueueStats are the counters an operator watches.
type QueueStats struct {
	Name       string `json:"name"`
	Consumer   string `json:"consumer"`
	Visible    int    `json:"visible"`
	InFlight   int    `json:"inFlight"`
	Dead       int    `json:"dead"`
	Sent       int    `json:"sent"`
	Handled    int    `json:"handled"`
	Failed     int    `json:"failed"`
	Redriven   int    `json:"redriven"`
	DeadLetter string `json:"deadLetterQueue"`
}

func newQueue(spec topology.Queue, h consumer.Handler, visibility time.Duration, now func() time.Time) *Queue {
	return &Queue{spec: spec, handler: h, visibility: visibility, now: now, notify: make(chan struct{}, 1)}
}

// Send enqueues a message body; group orders FIFO queues (ignored on standard queues).
func (q *Queue) Send(body, group string) string {
	q.mu.Lock()
	q.seq++
	id := q.spec.Name + "-" + strconv.Itoa(q.seq)
	q.ready = append(q.ready, &message{id: id, body: body, group: group, sentAt: q.now()})
	q.stats.Sent++
	q.mu.Unlock()
	q.wake()
	return id
}

func (q *Queue) wake() {
	select {
	case q.notify <- struct{}{}:
	default:
	}
}

// receive takes up to BatchSize visible messages and hides them for the visibility timeout. A message received more
// than maxReceiveCount times moves to the dead-letter list instead, as SQS's redrive policy does.
func (q *Queue) receive() []*message {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.now()
	batch := q.spec.BatchSize
	if batch < 1 {
		batch = 1
	}
	busyGroups := map[string]bool{}
	var out []*message
	kept := q.ready[:0]
	for _, m := range q.ready {
		visible := !m.visibleAt.After(now)
		if q.spec.FIFO && (busyGroups[m.group] || !visible) {
			busyGroups[m.group] = true // later messages of the group wait for this one
			kept = append(kept, m)
			continue
		}
		if !visible || len(out) >= batch {
			kept = append(kept, m)
			continue
		}
		if q.spec.MaxReceiveCount > 0 && m.receives >= q.spec.MaxReceiveCount {
			q.dead = append(q.dead, DeadLetter{ID: m.id, Body: m.body, Group: m.group, Receives: m.receives, LastError: m.lastErr, SentAt: m.sentAt, DeadAt: now})
			continue
		}
		m.receives++
		m.visibleAt = now.Add(q.visibility)
		out = append(out, m)
		busyGroups[m.group] = true
		kept = append(kept, m)
	}
	q.ready = kept
	return out
}

// settle deletes the handled messages and records the failures; failed messages reappear after the visibility
// timeout.
func (q *Queue) settle(batch []*message, failures []consumer.Failure) {
	failed := map[string]string{}
	for _, f := range failures {
		failed[f.ID] = f.Err.Error()
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	done := map[*message]bool{}
	for _, m := range batch {
		if msg, ok := failed[m.id]; ok {
			m.lastErr = msg
			q.stats.Failed++
			continue
		}
		done[m] = true
		q.stats.Handled++
	}
	kept := q.ready[:0]
	for _, m := range q.ready {
		if !done[m] {
			kept = append(kept, m)
		}
	}
	q.ready = kept
}

// poll receives and handles one batch; it reports whether there was anything to do.
func (q *Queue) poll(ctx context.Context) bool {
	batch := q.receive()
	if len(batch) == 0 {
		return false
	}
	msgs := make([]consumer.Message, len(batch))
	for i, m := range batch {
		msgs[i] = consumer.Message{ID: m.id, Body: m.body}
	}
	q.settle(batch, consumer.Process(ctx, q.handler, msgs))
	return true
}

// pending reports whether messages remain (visible or in flight) and when the next one becomes visible.
func (q *Queue) pending() (bool, time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.ready) == 0 {
		return false, time.Time{}
	}
	next := q.ready[0].visibleAt
	for _, m := range q.ready {
		if m.visibleAt.Before(next) {
			next = m.visibleAt
		}
	}
	return true, next
}

// Stats returns the queue's counters.
func (q *Queue) Stats() QueueStats {
	q.mu.Lock()
	defer q.mu.Unlock()
	s := q.stats
	s.Name, s.Consumer, s.DeadLetter, s.Dead = q.spec.Name, q.spec.Consumer, q.spec.DeadLetterName(), len(q.dead)
	now := q.now()
	for _, m := range q.ready {
		if m.visibleAt.After(now) {
			s.InFlight++
		} else {
			s.Visible++
		}
	}
	return s
}

// DeadLetters lists the dead-letter messages, oldest first.
func (q *Queue) DeadLetters() []DeadLetter {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := append([]DeadLetter{}, q.dead...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].DeadAt.Before(out[j].DeadAt) })
	return out
}

// Redrive moves every dead letter back to the queue with a fresh receive count, as an SQS redrive does, and returns
// how many moved.
func (q *Queue) Redrive() int {
	q.mu.Lock()
	dead := q.dead
	q.dead = nil
	for _, d := range dead {
		q.ready = append(q.ready, &message{id: d.ID, body: d.Body, group: d.Group, sentAt: d.SentAt})
	}
	q.stats.Redriven += len(dead)
	q.mu.Unlock()
	q.wake()
	return len(dead)
}
