package matching_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/identity/identitytest"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/money"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

// loadFEBRL reads a FEBRL file from identity's testdata (columns renamed) and its truth.
func loadFEBRL(tb testing.TB, name string) ([]identity.Record, map[string]string) {
	return identitytest.LoadFEBRL(tb, "../identity/testdata/"+name, false)
}

// clock is a test clock that moves on a millisecond at every reading, so that every guest has its own creation
// time and the oldest is well defined.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// fixture is a matcher over a private embedded DynamoDB.
type fixture struct {
	m     *matching.Matcher
	db    *store.DB
	store *store.MatchStore
	clock *clock
}

func newFixture(tb testing.TB, configure ...func(*matching.Options)) *fixture {
	tb.Helper()
	db := storetest.Open(tb)
	f := &fixture{db: db, store: store.NewMatchStore(db), clock: newClock()}
	o := matching.Options{Store: f.store, Now: f.clock.Now}
	for _, c := range configure {
		c(&o)
	}
	m, err := matching.New(o)
	if err != nil {
		tb.Fatal(err)
	}
	f.m = m
	return f
}

// reservation is a Reservation Upserted envelope from system carrying guest, with an idempotency key of its own.
func reservation(tb testing.TB, system, reservationID string, guest events.GuestSnapshot, at time.Time) events.Envelope {
	tb.Helper()
	d := events.ReservationUpserted{
		Source: events.SourceRef{System: system, RecordID: reservationID}, ReservationID: reservationID,
		Status: "booked", Arrival: "2026-04-01", Departure: "2026-04-03",
		Total: money.Money{Amount: 42000, Currency: "EUR"}, Guest: guest,
	}
	env, err := events.New(d, events.Scope{BrandID: "harbour", PropertyID: "hh-lisbon"},
		"reservation/"+system+"/"+reservationID+"/"+at.Format(time.RFC3339Nano), at)
	if err != nil {
		tb.Fatal(err)
	}
	return env
}

// match matches env and fails the test on an error.
func (f *fixture) match(tb testing.TB, env events.Envelope) matching.Result {
	tb.Helper()
	res, err := f.m.Match(context.Background(), env)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// eventTypes lists the types of evs.
func eventTypes(evs []events.Envelope) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Type
	}
	return out
}
