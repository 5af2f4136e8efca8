package ledger_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

// TestTransfersKeepTheLotsTheyMove moves everything from one account (an available lot, a pending one and one
// that never expires, one of them partly spent) to another and back: each lot keeps its id, expiry and
// availability both ways, and the first account ends with exactly the lots it had.
func TestTransfersKeepTheLotsTheyMove(t *testing.T) {
	t.Parallel()
	from := ledger.Account{ID: "B", Kind: ledger.KindPoints, Status: "active"}
	from, _ = post(t, from, ledger.Posting{Kind: ledger.EntryEarn, Amount: 100, ExpiresOn: "2028-12-31", IdempotencyKey: "late"})
	from, _ = post(t, from, ledger.Posting{Kind: ledger.EntryEarn, Amount: 40, ExpiresOn: "2027-03-31", AvailableFrom: t0.Add(48 * time.Hour), IdempotencyKey: "pending"})
	from, _ = post(t, from, ledger.Posting{Kind: ledger.EntryEarn, Amount: 30, IdempotencyKey: "forever"})
	from, _ = post(t, from, ledger.Posting{Kind: ledger.EntryRedeem, Amount: 10, IdempotencyKey: "r"})
	before := slices.Clone(from.Lots)
	to := ledger.Account{ID: "A", Kind: ledger.KindPoints, Status: "active"}
	to, _ = post(t, to, ledger.Posting{Kind: ledger.EntryEarn, Amount: 5, ExpiresOn: "2027-01-31", IdempotencyKey: "own"})

	lots := from.Movable(t0)
	from, out := post(t, from, ledger.Posting{Kind: ledger.EntryTransfer, Amount: -160, Lots: lots, IdempotencyKey: "out"})
	if out.Amount != -160 || from.Balance != 0 || len(from.Lots) != 0 || len(out.Lots) != 3 {
		t.Fatalf("out = %+v, account left %+v", out, from)
	}
	to, in := post(t, to, ledger.Posting{Kind: ledger.EntryTransfer, Amount: 160, Lots: out.Lots, IdempotencyKey: "in"})
	if in.Amount != 160 || to.Balance != 165 || to.Available(t0) != 125 || to.Pending(t0) != 40 {
		t.Fatalf("in = %+v; balance %d, available %d, pending %d", in, to.Balance, to.Available(t0), to.Pending(t0))
	}
	for _, l := range before {
		i := slices.IndexFunc(to.Lots, func(x ledger.Lot) bool { return x.ID == l.ID })
		if i < 0 || to.Lots[i] != l {
			t.Errorf("lot %+v arrived as %+v", l, to.Lots)
		}
	}
	if due := to.Due("2027-03-31"); len(due) != 2 {
		t.Errorf("lots due by the pending lot's expiry: %+v (the moved lot keeps its date)", due)
	}

	// Back again, preferring the lots that came: the survivor's own lot stays.
	to, back := post(t, to, ledger.Posting{Kind: ledger.EntryTransfer, Amount: -160, Lots: in.Lots, IdempotencyKey: "back"})
	from, _ = post(t, from, ledger.Posting{Kind: ledger.EntryTransfer, Amount: 160, Lots: back.Lots, IdempotencyKey: "return"})
	if !slices.Equal(from.Lots, before) || from.Balance != 160 || to.Balance != 5 || len(to.Lots) != 1 || to.Lots[0].ID != "Eown" {
		t.Fatalf("after the round trip: from %+v, to %+v", from, to)
	}
}

func TestTransferOutTakesNamedLotsThenAvailableAndNeverHeldPoints(t *testing.T) {
	t.Parallel()
	a := ledger.Account{ID: "A", Kind: ledger.KindPoints, Status: "active"}
	a, _ = post(t, a, ledger.Posting{Kind: ledger.EntryEarn, Amount: 50, ExpiresOn: "2027-06-30", IdempotencyKey: "soon"})
	a, _ = post(t, a, ledger.Posting{Kind: ledger.EntryEarn, Amount: 100, ExpiresOn: "2028-06-30", IdempotencyKey: "named"})
	a, _ = post(t, a, ledger.Posting{Kind: ledger.EntryHold, Amount: 20, HoldID: "H"})
	// The named lot has only 100 left: the other 30 come from available points, soonest expiry first.
	next, e := post(t, a, ledger.Posting{Kind: ledger.EntryTransfer, Amount: -130, Lots: []ledger.Lot{{ID: "Enamed", Remaining: 120}}, IdempotencyKey: "t"})
	if e.Amount != -130 || e.Consumed["Enamed"] != 100 || e.Consumed["Esoon"] != 30 || next.Balance != 20 {
		t.Fatalf("transfer = %+v, balance %d", e, next.Balance)
	}
	// The hold's 20 points stay.
	if _, _, err := ledger.Apply(a, ledger.Posting{Kind: ledger.EntryTransfer, Amount: -140, Lots: []ledger.Lot{{ID: "Enamed", Remaining: 100}, {ID: "Esoon", Remaining: 40}}, IdempotencyKey: "x", At: t0}, "E"); !errors.Is(err, ledger.ErrInsufficient) {
		t.Fatalf("moving held points: %v", err)
	}
	if m := a.Movable(t0); len(m) != 2 || m[0].Remaining+m[1].Remaining != 130 {
		t.Fatalf("movable = %+v, want 130 (150 less the hold)", m)
	}
	// UpTo moves what there is.
	_, e = post(t, a, ledger.Posting{Kind: ledger.EntryTransfer, Amount: -500, UpTo: true, IdempotencyKey: "upto"})
	if e.Amount != -130 {
		t.Fatalf("up-to transfer took %d, want 130", e.Amount)
	}
	for _, bad := range []ledger.Posting{
		{Kind: ledger.EntryTransfer, Amount: 10, Lots: []ledger.Lot{{ID: "L", Remaining: 9}}},
		{Kind: ledger.EntryTransfer, Amount: 10, Lots: []ledger.Lot{{Remaining: 10}}},
		{Kind: ledger.EntryTransfer, Amount: 10, Lots: []ledger.Lot{{ID: "Enamed", Remaining: 10, ExpiresOn: "2030-01-31"}}},
	} {
		bad.IdempotencyKey, bad.At = "bad", t0
		if _, _, err := ledger.Apply(a, bad, "E"); !errors.Is(err, ledger.ErrInvalid) {
			t.Errorf("credit %+v: %v, want ErrInvalid", bad.Lots, err)
		}
	}
}

// TestMoveIsOnceUnderFailuresAndRepeats moves an account's points while commits fail midway (before or after
// writing) and every move is delivered again: the points arrive once, the lots keep their dates, and both
// statements add up.
func TestMoveIsOnceUnderFailuresAndRepeats(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	flaky := &flakyStore{Store: store.NewLedgerStore(storetest.Open(t)), rng: rand.New(rand.NewPCG(7, 8)), percent: 40}
	svc := ledger.NewService(flaky, func() time.Time { return t0 })
	for _, id := range []string{"B", "A", "EMPTY"} {
		if err := svc.Open(ctx, ledger.Account{ID: id, Kind: ledger.KindPoints}); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range []ledger.Posting{
		{AccountID: "B", Kind: ledger.EntryEarn, Amount: 700, ExpiresOn: "2028-01-31"},
		{AccountID: "B", Kind: ledger.EntryEarn, Amount: 300, ExpiresOn: "2028-03-31", AvailableFrom: t0.Add(72 * time.Hour)},
		{AccountID: "A", Kind: ledger.EntryEarn, Amount: 50},
	} {
		p.IdempotencyKey = string(rune('a' + i))
		if err := deliver(ctx, svc, p); err != nil {
			t.Fatal(err)
		}
	}
	move := func(m ledger.Move) (out ledger.Entry) {
		for attempt := 0; ; attempt++ {
			o, _, err := svc.Move(ctx, m)
			if err == nil {
				return o
			}
			if !errors.Is(err, errLost) || attempt > 50 {
				t.Fatal(err)
			}
		}
	}
	var moved ledger.Entry
	for range 3 { // delivered three times
		moved = move(ledger.Move{From: "B", To: "A", Key: "merge/M1", Concept: "guests merged"})
	}
	balance := func(id string) int64 {
		a, err := svc.Account(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return a.Balance
	}
	if moved.Amount != -1000 || balance("B") != 0 || balance("A") != 1050 {
		t.Fatalf("after the merge: moved %d, B %d, A %d", moved.Amount, balance("B"), balance("A"))
	}
	for range 3 {
		move(ledger.Move{From: "A", To: "B", Key: "unmerge/M1", Amount: -moved.Amount, Lots: moved.Lots, UpTo: true, Concept: "guests unmerged"})
	}
	b, _ := svc.Account(ctx, "B")
	if b.Balance != 1000 || b.Pending(t0) != 300 || len(b.Lots) != 2 || b.Lots[0].ExpiresOn != "2028-01-31" || balance("A") != 50 {
		t.Fatalf("after the unmerge: B %+v, A %d", b, balance("A"))
	}
	for _, id := range []string{"A", "B"} {
		if d, err := svc.Verify(ctx, id); err != nil || d != nil {
			t.Errorf("%s drift %+v, %v", id, d, err)
		}
	}
	if flaky.failed.Load() == 0 {
		t.Fatal("no commit failed: the test did not exercise failures")
	}
	// Moving everything from an empty account posts nothing.
	if out, in, err := svc.Move(ctx, ledger.Move{From: "EMPTY", To: "A", Key: "empty"}); err != nil || out.ID != "" || in.ID != "" {
		t.Fatalf("moving nothing: %+v %+v %v", out, in, err)
	}
}
