package rewards_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/rewards"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

var now = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)

// failingLedger fails the first commit of each posting whose key has one of the suffixes, before it writes: a
// consumer that dies between the two sides of a transfer.
type failingLedger struct {
	ledger.Store
	mu       sync.Mutex
	suffixes []string
	failed   map[string]bool
}

var errDown = errors.New("ledger unavailable")

func (f *failingLedger) Commit(ctx context.Context, before, after ledger.Account, e ledger.Entry) error {
	f.mu.Lock()
	for _, s := range f.suffixes {
		if strings.HasSuffix(e.IdempotencyKey, s) && !f.failed[e.IdempotencyKey] {
			f.failed[e.IdempotencyKey] = true
			f.mu.Unlock()
			return errDown
		}
	}
	f.mu.Unlock()
	return f.Store.Commit(ctx, before, after, e)
}

type recorder struct {
	mu  sync.Mutex
	evs []events.Envelope
}

func (r *recorder) Publish(_ context.Context, envs ...events.Envelope) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.evs = append(r.evs, envs...)
	return nil
}

type fixture struct {
	svc    *rewards.Service
	ledger *ledger.Service
	bus    *recorder
	fails  *failingLedger
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := storetest.Open(t)
	fails := &failingLedger{Store: store.NewLedgerStore(db), failed: map[string]bool{}}
	l := ledger.NewService(fails, func() time.Time { return now })
	bus := &recorder{}
	svc, err := rewards.NewService(rewards.DemoProgramme(), store.NewMemberStore(db), l, bus, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{svc: svc, ledger: l, bus: bus, fails: fails}
}

// deliver hands the event to the consumer until it succeeds, twice over: a queue's redelivery after a failure,
// then a duplicate.
func (f *fixture) deliver(t *testing.T, env events.Envelope) {
	t.Helper()
	for range 2 {
		for attempt := 0; ; attempt++ {
			err := f.svc.Handle(context.Background(), env)
			if err == nil {
				break
			}
			if !errors.Is(err, errDown) || attempt > 3 {
				t.Fatalf("%s: %v", env.Type, err)
			}
		}
	}
}

func (f *fixture) earn(t *testing.T, guest, key string, points int64, expires string, availableFrom time.Time) {
	t.Helper()
	m, _, err := f.svc.Member(context.Background(), guest)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.ledger.Post(context.Background(), ledger.Posting{AccountID: rewards.AccountID(m), IdempotencyKey: key, Kind: ledger.EntryEarn,
		Amount: points, ExpiresOn: expires, AvailableFrom: availableFrom, At: now.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) account(t *testing.T, guest string) ledger.Account {
	t.Helper()
	_, a, err := f.svc.Member(context.Background(), guest)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := f.ledger.Verify(context.Background(), a.ID); err != nil || d != nil {
		t.Fatalf("%s drift %+v, %v", a.ID, d, err)
	}
	return a
}

func mergeEvent(t *testing.T, mergeID, survivor, merged string) events.Envelope {
	t.Helper()
	env, err := events.New(events.ProfilesMerged{MergeID: mergeID, SurvivorID: survivor, MergedIDs: []string{merged}, Decision: "auto"},
		events.Scope{BrandID: "harbour", PropertyID: "hh-lisbon", GuestID: survivor}, "match:merge:"+survivor+":"+merged, now)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func unmergeEvent(t *testing.T, mergeID, survivor, restored string) events.Envelope {
	t.Helper()
	env, err := events.New(events.ProfilesUnmerged{MergeID: mergeID, SurvivorID: survivor, RestoredIDs: []string{restored}},
		events.Scope{BrandID: "harbour", PropertyID: "hh-lisbon", GuestID: survivor}, "match:unmerge:"+mergeID+":"+restored, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return env
}

func stay(t *testing.T, guest string) events.Envelope {
	t.Helper()
	raw, err := os.ReadFile("../../events/testdata/stay_checked_out.json")
	if err != nil {
		t.Fatal(err)
	}
	env, err := events.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	env.GuestID = guest
	return env
}

// TestMergedMembersCombineAndSeparateThroughTheLedger: both guests are members; the merge moves B's points, lots
// and all, to A's account (delivered twice, the credit failing once after the debit was written); B's stay that
// arrives afterwards earns for A; the unmerge (the same way) gives B back exactly its lots, and A keeps its own
// points and the late stay's.
func TestMergedMembersCombineAndSeparateThroughTheLedger(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	for _, g := range []string{"A", "B"} {
		if _, err := f.svc.Enrol(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	f.earn(t, "A", "a1", 50, "", time.Time{})
	f.earn(t, "B", "b1", 700, "2028-11-30", time.Time{})
	f.earn(t, "B", "b2", 300, "2028-12-31", now.Add(48*time.Hour))
	lotsOfB := f.account(t, "B").Lots
	f.fails.suffixes = []string{"/in"}

	f.deliver(t, mergeEvent(t, "M1", "A", "B"))
	a, b := f.account(t, "A"), f.account(t, "B")
	if a.Balance != 1050 || a.Available(now) != 750 || a.Pending(now) != 300 || b.Balance != 0 || len(f.fails.failed) != 1 {
		t.Fatalf("after the merge: A %d (%d available, %d pending), B %d; failures %v", a.Balance, a.Available(now), a.Pending(now), b.Balance, f.fails.failed)
	}
	if m, _, _ := f.svc.Member(ctx, "B"); m.MergedInto != "A" || m.MergeID != "M1" {
		t.Fatalf("merged membership %+v", m)
	}
	f.deliver(t, stay(t, "B")) // published before the merge, delivered after
	late := f.account(t, "A").Balance - 1050
	if late <= 0 || f.account(t, "B").Balance != 0 {
		t.Fatalf("a merged guest's late stay earned %d for the survivor", late)
	}

	f.deliver(t, unmergeEvent(t, "M1", "A", "B"))
	a, b = f.account(t, "A"), f.account(t, "B")
	if b.Balance != 1000 || len(b.Lots) != 2 || b.Lots[0] != lotsOfB[0] || b.Lots[1] != lotsOfB[1] || a.Balance != 50+late {
		t.Fatalf("after the unmerge: B %+v (want lots %+v), A %d", b, lotsOfB, a.Balance)
	}
	if m, _, _ := f.svc.Member(ctx, "B"); m.MergedInto != "" {
		t.Fatalf("restored membership %+v", m)
	}
	// A merge redelivered after its undoing does nothing.
	f.deliver(t, mergeEvent(t, "M1", "A", "B"))
	if f.account(t, "B").Balance != 1000 || f.account(t, "A").Balance != 50+late {
		t.Fatal("a late merge moved points again")
	}
	// Each side of each move is announced, and a repeated announcement is the same event.
	ids := map[string]map[string]bool{}
	for _, e := range f.bus.evs {
		if d, err := events.DecodeAs[*events.PointsPosted](e); err == nil {
			if ids[d.Reason] == nil {
				ids[d.Reason] = map[string]bool{}
			}
			ids[d.Reason][e.ID] = true
		}
	}
	if len(ids["merge"]) != 2 || len(ids["unmerge"]) != 2 {
		t.Errorf("points posted for the moves: %v", ids)
	}
}

// TestMembershipMovesToASurvivorWhoIsNotAMember, and back with its account.
func TestMembershipMovesToASurvivorWhoIsNotAMember(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	mb, err := f.svc.Enrol(ctx, "B")
	if err != nil {
		t.Fatal(err)
	}
	f.earn(t, "B", "b1", 400, "2028-11-30", time.Time{})
	f.deliver(t, mergeEvent(t, "M2", "A", "B"))
	ma, a, err := f.svc.Member(ctx, "A")
	if err != nil || ma.Number != mb.Number || ma.MovedFrom != "B" || a.Balance != 400 {
		t.Fatalf("survivor's membership %+v, balance %d, %v", ma, a.Balance, err)
	}
	f.deliver(t, unmergeEvent(t, "M2", "A", "B"))
	if _, _, err := f.svc.Member(ctx, "A"); !errors.Is(err, rewards.ErrNotMember) {
		t.Fatalf("survivor after the unmerge: %v", err)
	}
	if m, a, err := f.svc.Member(ctx, "B"); err != nil || m.MergedInto != "" || a.Balance != 400 {
		t.Fatalf("restored membership %+v, balance %d, %v", m, a.Balance, err)
	}
}

// TestUnmergeBeforeItsMerge: an unmerge that overtakes its merge (a merge redriven from a dead-letter queue)
// leaves the merge nothing to do.
func TestUnmergeBeforeItsMerge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	for _, g := range []string{"A", "B"} {
		if _, err := f.svc.Enrol(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	f.earn(t, "B", "b1", 100, "", time.Time{})
	f.deliver(t, unmergeEvent(t, "M3", "A", "B"))
	f.deliver(t, mergeEvent(t, "M3", "A", "B"))
	if f.account(t, "B").Balance != 100 || f.account(t, "A").Balance != 0 {
		t.Fatal("a merge after its unmerge moved points")
	}
}
