package local_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/consumer"
	"github.com/hearthcrm/hearth/shared/local"
)

// BenchmarkBusThroughput publishes through the bus to a no-op consumer and reports delivered events per second
// (publish, routing, queueing, decoding and batch settlement included).
func BenchmarkBusThroughput(b *testing.B) {
	rt, err := local.New(testTopology(3), local.Handlers{Consumers: map[string]consumer.Handler{"sink": func(context.Context, events.Envelope) error { return nil }}}, local.Options{})
	if err != nil {
		b.Fatal(err)
	}
	env, err := events.New(events.PointsPosted{AccountID: "A", EntryID: "1", Points: 1, Reason: "stay"}, events.Scope{}, "k", time.Now())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if err := rt.Publish(ctx, env); err != nil {
			b.Fatal(err)
		}
		if i%1000 == 999 {
			if err := rt.Drain(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := rt.Drain(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
	q, _ := rt.Queue("sink")
	if st := q.Stats(); st.Handled != b.N {
		b.Fatalf("handled %d of %d", st.Handled, b.N)
	}
}
