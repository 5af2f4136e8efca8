package rewards_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/money"
	"github.com/hearthcrm/hearth/shared/rewards"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

type captureBus struct {
	mu   sync.Mutex
	seen map[string]events.Envelope
}

func (b *captureBus) Publish(_ context.Context, envs ...events.Envelope) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range envs {
		b.seen[e.ID] = e
	}
	return nil
}

func (b *captureBus) tierChanges() []events.TierChanged {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []events.TierChanged
	for _, e := range b.seen {
		if d, err := events.DecodeAs[*events.TierChanged](e); err == nil {
			out = append(out, *d)
		}
	}
	return out
}

func stayOut(t *testing.T, guest string, n int, departure time.Time) events.Envelope {
	t.Helper()
	d := events.StayCheckedOut{
		Source: events.SourceRef{System: "pms", RecordID: fmt.Sprint(n)}, ReservationID: fmt.Sprintf("R-%d", n), StayID: fmt.Sprintf("S-%d", n),
		Arrival: departure.AddDate(0, 0, -3).Format(time.DateOnly), Departure: departure.Format(time.DateOnly), Nights: 3,
		Folio: []events.FolioLine{{Category: events.RevenueRoom, Description: "Room", Amount: money.Money{Amount: 30000, Currency: "EUR"}}},
		Total: money.Money{Amount: 30000, Currency: "EUR"},
	}
	env, err := events.New(d, events.Scope{BrandID: "harbour", PropertyID: "hh-lisbon", GuestID: guest}, fmt.Sprintf("stay/%d", n), departure.Add(11*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// TestTiersMoveWithStays: ten nights in the window upgrade a member to silver at once (announced once, however
// often the stay is redelivered); at the next anniversary without stays, the nightly review lands them one level
// down, once.
func TestTiersMoveWithStays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	clk := &clock{t: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
	bus := &captureBus{seen: map[string]events.Envelope{}}
	rw, err := rewards.NewService(rewards.DemoProgramme(), store.NewMemberStore(db), ledger.NewService(store.NewLedgerStore(db), clk.now), bus, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rw.Enrol(ctx, "G-T"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 4; i++ {
		stay := stayOut(t, "G-T", i, time.Date(2026, 3, 10+i*3, 0, 0, 0, 0, time.UTC))
		for range 2 { // redelivered
			if err := rw.Handle(ctx, stay); err != nil {
				t.Fatal(err)
			}
		}
		m, _, _ := rw.Member(ctx, "G-T")
		want := "member"
		if i == 4 {
			want = "silver" // 12 nights ≥ 10
		}
		if m.Tier != want {
			t.Fatalf("after stay %d: tier %s, want %s", i, m.Tier, want)
		}
	}
	clk.add(14 * 24 * time.Hour) // after the last stay
	m, _, _ := rw.Member(ctx, "G-T")
	st, err := rw.Tier(ctx, m)
	if err != nil || st.Progress.Next != "gold" || st.Progress.Missing.Nights != 30-12 || len(st.Benefits) != 2 {
		t.Fatalf("tier status = %+v, %v", st, err)
	}
	if ch := bus.tierChanges(); len(ch) != 1 || ch[0].To != "silver" || ch[0].Reason != "qualified" {
		t.Fatalf("tier changes = %+v", ch)
	}

	// Two years on (enrolled 10 March): no stays in the window before that anniversary, so silver falls to member.
	anniversary := time.Date(2028, 3, 10, 0, 30, 0, 0, time.UTC)
	clk.add(anniversary.Sub(clk.now()))
	for range 2 {
		if n, err := rw.ReviewAnniversaries(ctx, anniversary); err != nil || n != 1 {
			t.Fatalf("review: %d, %v", n, err)
		}
	}
	m, _, _ = rw.Member(ctx, "G-T")
	if m.Tier != "member" || m.LastTierReview.String() != "2028-03-10" {
		t.Fatalf("after the anniversary: %+v", m)
	}
	if ch := bus.tierChanges(); len(ch) != 2 {
		t.Fatalf("tier changes = %+v", ch)
	}
}
