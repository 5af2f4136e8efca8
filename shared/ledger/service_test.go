package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

// flakyStore fails some commits: before writing (the transaction never ran) or after (it ran, but the caller never
// heard), the two ways a delivery fails midway.
type flakyStore struct {
	ledger.Store
	rng     *rand.Rand
	mu      sync.Mutex
	failed  atomic.Int64
	percent int
}

var errLost = errors.New("connection lost")

func (f *flakyStore) Commit(ctx context.Context, before, after ledger.Account, e ledger.Entry) error {
	f.mu.Lock()
	roll := f.rng.IntN(100)
	f.mu.Unlock()
	switch {
	case roll < f.percent/2:
		f.failed.Add(1)
		return errLost
	case roll < f.percent:
		if err := f.Store.Commit(ctx, before, after, e); err != nil {
			return err
		}
		f.failed.Add(1)
		return errLost
	}
	return f.Store.Commit(ctx, before, after, e)
}

// TestExactlyOnceUnderRedeliveryAndFailures delivers 10,000 postings twice each in shuffled order, with 10% of
// deliveries failing midway and retried, from 8 concurrent consumers; every balance must equal a reference computed
// independently and the check must find no drift.
func TestExactlyOnceUnderRedeliveryAndFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 postings")
	}
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	flaky := &flakyStore{Store: store.NewLedgerStore(db), rng: rand.New(rand.NewPCG(1, 2)), percent: 10}
	svc := ledger.NewService(flaky, time.Now)
	const accounts, postings, opening = 100, 10000, 1_000_000
	reference := map[string]int64{}
	for i := 0; i < accounts; i++ {
		id := fmt.Sprintf("M%03d", i)
		if err := svc.Open(ctx, ledger.Account{ID: id, Kind: ledger.KindPoints}); err != nil {
			t.Fatal(err)
		}
		if err := deliver(ctx, svc, ledger.Posting{AccountID: id, Kind: ledger.EntryEarn, Amount: opening, IdempotencyKey: "opening"}); err != nil {
			t.Fatal(err)
		}
		reference[id] = opening
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var deliveries []ledger.Posting
	for i := 0; i < postings; i++ {
		p := ledger.Posting{AccountID: fmt.Sprintf("M%03d", rng.IntN(accounts)), IdempotencyKey: fmt.Sprintf("p%05d", i), Kind: ledger.EntryEarn, Amount: int64(1 + rng.IntN(500)), ExpiresOn: fmt.Sprintf("2028-%02d-28", 1+rng.IntN(12))}
		if i%5 == 0 {
			p.Kind, p.ExpiresOn = ledger.EntryRedeem, ""
			reference[p.AccountID] -= p.Amount
		} else {
			reference[p.AccountID] += p.Amount
		}
		deliveries = append(deliveries, p, p)
	}
	rng.Shuffle(len(deliveries), func(i, j int) { deliveries[i], deliveries[j] = deliveries[j], deliveries[i] })

	work := make(chan ledger.Posting)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				if err := deliver(ctx, svc, p); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for _, p := range deliveries {
		work <- p
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if flaky.failed.Load() < postings/10 {
		t.Fatalf("only %d deliveries failed: the test did not exercise failures", flaky.failed.Load())
	}
	for id, want := range reference {
		a, err := svc.Account(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Balance != want {
			t.Errorf("%s balance %d, reference %d", id, a.Balance, want)
		}
		if d, err := svc.Verify(ctx, id); err != nil || d != nil {
			t.Errorf("%s drift %+v, %v", id, d, err)
		}
	}
	// What the check command (hearth check) runs over every account.
	if r, err := svc.CheckAll(ctx); err != nil || r.Accounts != accounts || len(r.Drifts) != 0 {
		t.Fatalf("check: %+v, %v", r, err)
	}
}

// deliver posts until the posting is acknowledged, as a queue redelivers a message its consumer failed.
func deliver(ctx context.Context, svc *ledger.Service, p ledger.Posting) error {
	for attempt := 0; ; attempt++ {
		_, err := svc.Post(ctx, p)
		if err == nil || !errors.Is(err, errLost) || attempt > 20 {
			if err != nil {
				return fmt.Errorf("%s: %w", p.IdempotencyKey, err)
			}
			return nil
		}
	}
}

// TestConcurrentRedemptionsNeverOverdraw runs 64 redemptions and 64 split-tender payments at once against one
// account: exactly as many succeed as the balance allows and the balance never goes below zero.
func TestConcurrentRedemptionsNeverOverdraw(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc := ledger.NewService(store.NewLedgerStore(storetest.Open(t)), time.Now)
	for _, id := range []string{"POINTS", "CARD"} {
		kind := ledger.KindPoints
		if id == "CARD" {
			kind = ledger.KindValue
		}
		if err := svc.Open(ctx, ledger.Account{ID: id, Kind: kind, Currency: "EUR"}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Post(ctx, ledger.Posting{AccountID: id, Kind: ledger.EntryEarn, Amount: 1000, IdempotencyKey: "load"}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	var redeemed, insufficient, paidByCard, paidElsewhere atomic.Int64
	for i := 0; i < 64; i++ {
		wg.Add(2)
		go func(i int) {
			defer wg.Done()
			_, err := svc.Post(ctx, ledger.Posting{AccountID: "POINTS", Kind: ledger.EntryRedeem, Amount: 150, IdempotencyKey: fmt.Sprint("r", i)})
			switch {
			case err == nil:
				redeemed.Add(1)
			case errors.Is(err, ledger.ErrInsufficient):
				insufficient.Add(1)
			default:
				t.Error(err)
			}
		}(i)
		go func(i int) {
			defer wg.Done()
			const bill = 35
			e, err := svc.Post(ctx, ledger.Posting{AccountID: "CARD", Kind: ledger.EntryRedeem, Amount: bill, UpTo: true, Currency: "EUR", IdempotencyKey: fmt.Sprint("pay", i)})
			switch {
			case err == nil:
				paidByCard.Add(-e.Amount)
				paidElsewhere.Add(bill + e.Amount)
			case errors.Is(err, ledger.ErrInsufficient):
				paidElsewhere.Add(bill)
			default:
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	points, _ := svc.Account(ctx, "POINTS")
	card, _ := svc.Account(ctx, "CARD")
	if redeemed.Load() != 6 || insufficient.Load() != 58 || points.Balance != 100 {
		t.Fatalf("points: %d redeemed, %d refused, balance %d; want 6, 58, 100", redeemed.Load(), insufficient.Load(), points.Balance)
	}
	if paidByCard.Load() != 1000 || card.Balance != 0 || paidElsewhere.Load() != 64*35-1000 {
		t.Fatalf("card paid %d (balance %d), other tenders %d", paidByCard.Load(), card.Balance, paidElsewhere.Load())
	}
	for _, id := range []string{"POINTS", "CARD"} {
		if d, err := svc.Verify(ctx, id); err != nil || d != nil {
			t.Fatalf("%s drift %+v, %v", id, d, err)
		}
	}
}

// BenchmarkPostCalls reports DynamoDB calls per posting end to end (target: one TransactWriteItems and at most
// one read), for earns and redemptions on a few accounts.
func BenchmarkPostCalls(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b)
	svc := ledger.NewService(store.NewLedgerStore(db), time.Now)
	for i := 0; i < 10; i++ {
		if err := svc.Open(ctx, ledger.Account{ID: fmt.Sprint("B", i), Kind: ledger.KindPoints}); err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Post(ctx, ledger.Posting{AccountID: fmt.Sprint("B", i), Kind: ledger.EntryEarn, Amount: 1 << 40, IdempotencyKey: "opening"}); err != nil {
			b.Fatal(err)
		}
	}
	before := db.Calls.Snapshot()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := ledger.Posting{AccountID: fmt.Sprint("B", i%10), Kind: ledger.EntryEarn, Amount: 100, IdempotencyKey: fmt.Sprint("k", i)}
		if i%4 == 3 {
			p.Kind, p.Amount = ledger.EntryRedeem, 50
		}
		if _, err := svc.Post(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	for op, n := range db.Calls.Since(before) {
		b.ReportMetric(float64(n)/float64(b.N), op+"/posting")
	}
}

func TestOnePostingIsOneReadAndOneTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	svc := ledger.NewService(store.NewLedgerStore(db), time.Now)
	if err := svc.Open(ctx, ledger.Account{ID: "C1", Kind: ledger.KindPoints}); err != nil {
		t.Fatal(err)
	}
	before := db.Calls.Snapshot()
	if _, err := svc.Post(ctx, ledger.Posting{AccountID: "C1", Kind: ledger.EntryEarn, Amount: 10, IdempotencyKey: "a"}); err != nil {
		t.Fatal(err)
	}
	if got := db.Calls.Since(before); len(got) != 2 || got["GetItem"] != 1 || got["TransactWriteItems"] != 1 {
		t.Fatalf("calls for one posting = %v, want one GetItem and one TransactWriteItems", got)
	}
}
