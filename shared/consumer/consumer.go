// Package consumer turns queue messages into typed events for handlers and reports which messages failed, the same
// way in Lambda (SQS batch with partial failures) and in the local runtime.
package consumer

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Handler handles one event. It must be idempotent: queues deliver at least once and the bus may repeat.
type Handler func(ctx context.Context, env events.Envelope) error

// BusEvent is the EventBridge event an SQS target receives from a rule; the envelope rides in Detail.
type BusEvent struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Time       time.Time       `json:"time"`
	Detail     json.RawMessage `json:"detail"`
}

// Wrap puts an envelope in the bus event shape, as EventBridge delivers it to a queue.
func Wrap(env events.Envelope) ([]byte, error) {
	detail, err := json.Marshal(env)
	if err != nil {
		return nil, err
	}
	return json.Marshal(BusEvent{Version: "0", ID: env.ID, DetailType: env.Type, Source: events.Source, Time: env.OccurredAt, Detail: detail})
}

// Decode reads a queue message body: a bus event whose detail is a valid envelope of the same detail-type. A bare
// envelope (sent to a queue directly, not through the bus) is accepted too.
func Decode(body string) (events.Envelope, error) {
	var be struct { // only what routing needs: a bare envelope also fits this shape
		DetailType string          `json:"detail-type"`
		Detail     json.RawMessage `json:"detail"`
	}
	if err := json.Unmarshal([]byte(body), &be); err != nil {
		return events.Envelope{}, fmt.Errorf("%w: message is not JSON: %v", events.ErrInvalid, err)
	}
	if len(be.Detail) == 0 {
		return events.Parse([]byte(body))
	}
	env, err := events.Parse(be.Detail)
	if err != nil {
		return events.Envelope{}, err
	}
	if be.DetailType != env.Type {
		return events.Envelope{}, fmt.Errorf("%w: detail-type %q carries a %q envelope", events.ErrInvalid, be.DetailType, env.Type)
	}
	return env, nil
}

// Message is one queue message.
type Message struct {
	ID   string
	Body string
}

// Failure is a message that was not handled and must be redelivered.
type Failure struct {
	ID  string
	Err error
}

// Process hands each message to h and returns the ones that failed. Messages are independent: one failure does not
// stop the rest, and a handler panic becomes that message's failure rather than losing the batch.
func Process(ctx context.Context, h Handler, msgs []Message) []Failure {
	var failed []Failure
	for _, m := range msgs {
		if err := handleOne(ctx, h, m); err != nil {
			failed = append(failed, Failure{ID: m.ID, Err: err})
		}
	}
	return failed
}

func handleOne(ctx context.Context, h Handler, m Message) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panicked: %v", r)
		}
	}()
	env, err := Decode(m.Body)
	if err != nil {
		return err
	}
	return h(ctx, env)
}
