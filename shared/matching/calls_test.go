package matching_test

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity/identitytest"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/money"
	"github.com/hearthcrm/hearth/shared/privacy"
	"github.com/hearthcrm/hearth/shared/store"
)

// hotelStream is a realistic stream of ingested messages: every generated hotel record (identitytest.Generate) is
// one PMS or POS guest record, which sends a reservation, a check-in, a check-out and sometimes a POS check, each
// carrying its guest snapshot (names, email, phone, loyalty number, card hash), interleaved with the other
// guests' messages; one message in twenty is delivered twice (at-least-once queues).
func hotelStream(tb testing.TB, records int, seed uint64) []events.Envelope {
	tb.Helper()
	ds := identitytest.Generate(identitytest.Options{Records: records, Seed: seed})
	type timed struct {
		slot int
		env  events.Envelope
	}
	var out []timed
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	systems := []string{"opera-eu-1", "opera-us-1", "mews-lisbon", "synxis-crs"}
	scope := events.Scope{BrandID: "harbour", PropertyID: "hh-lisbon"}
	for i, r := range ds.Records {
		system := systems[i%len(systems)]
		g := events.GuestSnapshot{
			SourceGuestID: r.ID, FirstName: r.FirstName, LastName: r.LastName, Email: r.Email, Phone: r.Phone,
			LoyaltyNumber: r.LoyaltyNumber, CardHash: r.CardHash,
		}
		src := events.SourceRef{System: system, RecordID: "RES-" + r.ID}
		total := money.Money{Amount: 30000, Currency: "EUR"}
		details := []struct {
			slot int
			d    events.Detail
		}{
			{i, events.ReservationUpserted{Source: src, ReservationID: src.RecordID, Status: "booked", Arrival: "2026-02-01", Departure: "2026-02-03", Total: total, Guest: g}},
			{i + 40, events.StayCheckedIn{Source: src, ReservationID: src.RecordID, StayID: "S-" + r.ID, Arrival: "2026-02-01", Departure: "2026-02-03", Guest: g}},
			{i + 80, events.StayCheckedOut{Source: src, ReservationID: src.RecordID, StayID: "S-" + r.ID, Arrival: "2026-02-01", Departure: "2026-02-03", Nights: 2, Total: total, Guest: g}},
		}
		if i%3 == 0 {
			details = append(details, struct {
				slot int
				d    events.Detail
			}{i + 60, events.POSCheckClosed{Source: events.SourceRef{System: "micros", RecordID: "CHK-" + r.ID}, CheckID: "CHK-" + r.ID, OutletID: "bar", ClosedAt: "2026-02-02T21:00:00Z", Total: money.Money{Amount: 4500, Currency: "EUR"}, Guest: g}})
		}
		for k, d := range details {
			at := start.Add(time.Duration(d.slot) * time.Minute)
			env, err := events.New(d.d, scope, d.d.EventType()+"/"+r.ID+"/"+strconv.Itoa(k), at)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, timed{d.slot, env})
			if (i+k)%20 == 0 {
				out = append(out, timed{d.slot + 3, env})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b timed) int { return a.slot - b.slot })
	envs := make([]events.Envelope, len(out))
	for i, t := range out {
		envs[i] = t.env
	}
	return envs
}

// streamCalls is what a stream cost.
type streamCalls struct {
	messages, firstSeen   int
	calls, firstSeenCalls int
	outcomes              map[matching.Outcome]int
}

func (s streamCalls) perMessage() float64   { return float64(s.calls) / float64(s.messages) }
func (s streamCalls) perFirstSeen() float64 { return float64(s.firstSeenCalls) / float64(s.firstSeen) }

// runStream matches every message with a matcher that checks erasure against privacy's tombstones in the same
// table, as the match function does, and counts DynamoDB calls.
func runStream(tb testing.TB, f *fixture, stream []events.Envelope) streamCalls {
	tb.Helper()
	eraser := privacy.NewEraser(nil, nil, store.NewTombstoneStore(f.db), nil, nil, []byte("identity-key"), f.clock.Now)
	m, err := matching.New(matching.Options{Store: f.store, Now: f.clock.Now, Erasure: matching.EraserCheck(eraser, "US")})
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	sc := streamCalls{outcomes: map[matching.Outcome]int{}}
	for _, env := range stream {
		before := f.db.Calls.Snapshot()
		res, err := m.Match(ctx, env)
		if err != nil {
			tb.Fatal(err)
		}
		n := 0
		for _, c := range f.db.Calls.Since(before) {
			n += c
		}
		sc.messages++
		sc.calls += n
		sc.outcomes[res.Outcome]++
		switch res.Outcome {
		case matching.Created, matching.Reviewing, matching.Linked, matching.Merged:
			sc.firstSeen++
			sc.firstSeenCalls += n
		}
	}
	return sc
}

// TestCallsPerRecord checks the DynamoDB cost of incremental matching on a realistic stream: at most 4 calls per
// message on average, and per source record seen for the first time (the records that are scored).
func TestCallsPerRecord(t *testing.T) {
	t.Parallel()
	stream := hotelStream(t, 1500, 3)
	sc := runStream(t, newFixture(t), stream)
	t.Logf("%d messages: %.2f calls per message; %d first-seen source records: %.2f calls each; outcomes %v",
		sc.messages, sc.perMessage(), sc.firstSeen, sc.perFirstSeen(), sc.outcomes)
	if sc.perMessage() > 4 || sc.perFirstSeen() > 4 {
		t.Errorf("%.2f calls per message and %.2f per first-seen record, want ≤ 4 each", sc.perMessage(), sc.perFirstSeen())
	}
	if sc.outcomes[matching.Replayed] == 0 || sc.outcomes[matching.Known] == 0 || sc.outcomes[matching.Linked] == 0 {
		t.Errorf("the stream does not exercise replays, known records and links: %v", sc.outcomes)
	}
}

// BenchmarkMatchCalls matches a realistic stream (hotelStream) of HEARTH_MATCH_BENCH_RECORDS generated source
// records (default 1,000) over the embedded DynamoDB and reports DynamoDB calls per message and per first-seen
// source record (the target: ≤ 4 on average). The embedded server is not a latency benchmark: the
// time per operation says little about DynamoDB.
func BenchmarkMatchCalls(b *testing.B) {
	n := 1000
	if s := os.Getenv("HEARTH_MATCH_BENCH_RECORDS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("HEARTH_MATCH_BENCH_RECORDS=%q: want a positive number", s)
		}
		n = v
	}
	stream := hotelStream(b, n, 42)
	var sc streamCalls
	for b.Loop() {
		b.StopTimer()
		f := newFixture(b)
		b.StartTimer()
		sc = runStream(b, f, stream)
	}
	b.ReportMetric(sc.perFirstSeen(), "calls/record")
	b.ReportMetric(sc.perMessage(), "calls/message")
	b.ReportMetric(float64(sc.messages), "messages")
}
