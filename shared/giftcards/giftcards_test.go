package giftcards_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/giftcards"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/money"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

func eur(minor int64) money.Money { return money.Money{Amount: minor, Currency: "EUR"} }

type fixture struct {
	svc    *giftcards.Service
	ledger *ledger.Service
	cards  []loyalty.CardNumber
}

func newFixture(t *testing.T, n int) *fixture {
	t.Helper()
	db := storetest.Open(t)
	l := ledger.NewService(store.NewLedgerStore(db), time.Now)
	f := &fixture{ledger: l, svc: giftcards.NewService(store.NewCardStore(db), l, loyalty.StoredValuePolicy{}, time.UTC, time.Now)}
	var raw []string
	for i := range n {
		c, err := loyalty.NewCardNumber("6035", uint64(1000+i), 16)
		if err != nil {
			t.Fatal(err)
		}
		f.cards = append(f.cards, c)
		raw = append(raw, string(c))
	}
	if created, err := f.svc.AddStock(context.Background(), raw); err != nil || created != n {
		t.Fatalf("stock: %d, %v", created, err)
	}
	return f
}

func (f *fixture) do(t *testing.T, n loyalty.CardNumber, cmd loyalty.CardCommand, key string) giftcards.Result {
	t.Helper()
	r, err := f.svc.Execute(context.Background(), n, cmd, key)
	if err != nil {
		t.Fatalf("%T: %v", cmd, err)
	}
	return r
}

func (f *fixture) balance(t *testing.T, n loyalty.CardNumber) int64 {
	t.Helper()
	c, err := f.svc.Card(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	if d, err := f.ledger.Verify(context.Background(), giftcards.AccountID(n)); err != nil || d != nil {
		t.Fatalf("drift %+v %v", d, err)
	}
	return c.Balance.Amount
}

func key(n loyalty.CardNumber, kind loyalty.MovementKind, req string) string {
	return "sv/" + string(n) + "/" + string(kind) + "/" + req
}

// TestCardLifecycle walks a card from stock through sale, reload, redemptions (one split with cash), a transfer
// to a folio, a prepayment and a reissue, and reads the reports and the general-ledger export.
func TestCardLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, 2)
	card, spare := f.cards[0], f.cards[1]
	f.do(t, card, loyalty.Sell{RequestID: "T1", Amount: eur(10000), Buyer: "Rita Lopes", Recipient: "João Lopes", Tender: "card", PropertyID: "hh-lisbon"}, key(card, loyalty.MoveSale, "T1"))
	f.do(t, card, loyalty.Load{RequestID: "T2", Amount: eur(5000), Tender: "cash"}, key(card, loyalty.MoveLoad, "T2"))
	f.do(t, card, loyalty.Redeem{RequestID: "C1", Amount: eur(3000), Ref: "CHK-1"}, key(card, loyalty.MoveRedeem, "C1"))
	split := f.do(t, card, loyalty.Redeem{RequestID: "C2", Amount: eur(20000), Ref: "CHK-2", OtherTender: "cash"}, key(card, loyalty.MoveRedeem, "C2"))
	if split.Split == nil || split.Split.Card.Amount != 12000 || split.Split.Remainder.Amount != 8000 || split.Split.RemainderTender != "cash" {
		t.Fatalf("split = %+v", split.Split)
	}
	if b := f.balance(t, card); b != 0 {
		t.Fatalf("balance after the split = %d", b)
	}
	f.do(t, card, loyalty.Load{RequestID: "T3", Amount: eur(4000), Tender: "cash"}, key(card, loyalty.MoveLoad, "T3"))
	f.do(t, card, loyalty.TransferToFolio{RequestID: "F1", FolioID: "FOL-9", Amount: eur(1000)}, key(card, loyalty.MoveFolio, "F1"))
	f.do(t, card, loyalty.Prepay{RequestID: "P1", ReservationID: "R-7", Amount: eur(1000)}, key(card, loyalty.MovePrepayment, "P1"))
	out, err := f.svc.Reissue(ctx, card, spare, loyalty.Reissue{RequestID: "X1", Reason: "lost"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Old.Status != loyalty.CardCancelled || out.New.Status != loyalty.CardActive || out.New.Buyer != "Rita Lopes" {
		t.Fatalf("reissue = %+v", out)
	}
	if _, err := f.svc.Reissue(ctx, card, spare, loyalty.Reissue{RequestID: "X1", Reason: "lost"}); err != nil {
		t.Fatalf("retried reissue: %v", err)
	}
	if f.balance(t, card) != 0 || f.balance(t, spare) != 2000 {
		t.Fatalf("balances after reissue: old %d new %d", f.balance(t, card), f.balance(t, spare))
	}
	if _, err := f.svc.Execute(ctx, card, loyalty.Redeem{RequestID: "C3", Amount: eur(100)}, key(card, loyalty.MoveRedeem, "C3")); !errors.Is(err, loyalty.ErrInvalidTransition) {
		t.Fatalf("the cancelled card still pays: %v", err)
	}

	liab, err := f.svc.Liability(ctx, loyalty.ByBalance)
	if err != nil || len(liab.Rows) != 1 || liab.Rows[0].Number != spare || liab.Totals[0].Amount != 2000 {
		t.Fatalf("liability = %+v, %v", liab, err)
	}
	found, err := f.svc.Find(ctx, loyalty.CardQuery{Recipient: "joão lopes"})
	if err != nil || len(found) != 2 {
		t.Fatalf("enquiry by recipient = %d cards, %v", len(found), err)
	}
	moves, err := f.svc.Movements(ctx, loyalty.At(time.Now(), time.UTC).Today())
	if err != nil || len(moves) != 9 {
		t.Fatalf("movements = %d, %v", len(moves), err)
	}
	gl := string(giftcards.GLExport(moves))
	if strings.Contains(gl, string(card)) || !strings.Contains(gl, "tender_cash,gift_card_liability,5000,EUR") ||
		!strings.Contains(gl, "gift_card_liability,guest_ledger,1000,EUR") {
		t.Fatalf("general-ledger export:\n%s", gl)
	}
}

// TestRetriedCommandsApplyOnce: the same request twice (a till that never heard the answer) changes the card once.
func TestRetriedCommandsApplyOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, 1)
	card := f.cards[0]
	sale := loyalty.Sell{RequestID: "T1", Amount: eur(5000), Buyer: "B", Tender: "cash"}
	f.do(t, card, sale, key(card, loyalty.MoveSale, "T1"))
	if again := f.do(t, card, sale, key(card, loyalty.MoveSale, "T1")); !again.Reply {
		t.Fatalf("a repeated sale was not a replay: %+v", again)
	}
	redeem := loyalty.Redeem{RequestID: "C1", Amount: eur(4000)}
	f.do(t, card, redeem, key(card, loyalty.MoveRedeem, "C1"))
	f.do(t, card, redeem, key(card, loyalty.MoveRedeem, "C1"))
	if b := f.balance(t, card); b != 1000 {
		t.Fatalf("balance = %d, want 1000", b)
	}
}

// TestBadInputChangesNothing: each refused command leaves the card and its account as they were.
func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, 1)
	card := f.cards[0]
	f.do(t, card, loyalty.Sell{RequestID: "T1", Amount: eur(5000), Buyer: "B", Tender: "cash"}, key(card, loyalty.MoveSale, "T1"))
	unknown, _ := loyalty.NewCardNumber("6035", 99, 16)
	for _, tc := range []struct {
		name string
		n    loyalty.CardNumber
		cmd  loyalty.CardCommand
		want error
	}{
		{"negative amount", card, loyalty.Load{RequestID: "L1", Amount: eur(-100), Tender: "cash"}, loyalty.ErrInvalid},
		{"unknown card", unknown, loyalty.Redeem{RequestID: "R1", Amount: eur(100)}, giftcards.ErrUnknownCard},
		{"currency mismatch", card, loyalty.Redeem{RequestID: "R2", Amount: money.Money{Amount: 100, Currency: "GBP"}}, loyalty.ErrCurrencyMismatch},
		{"more than the balance", card, loyalty.Redeem{RequestID: "R3", Amount: eur(6000)}, loyalty.ErrInsufficientBalance},
		{"sold twice", card, loyalty.Sell{RequestID: "T2", Amount: eur(100), Buyer: "B", Tender: "cash"}, loyalty.ErrInvalidTransition},
	} {
		if _, err := f.svc.Execute(ctx, tc.n, tc.cmd, "k/"+tc.name); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if b := f.balance(t, card); b != 5000 {
		t.Fatalf("balance = %d after refused commands", b)
	}
	if entries, _ := f.svc.Transactions(ctx, card); len(entries) != 1 {
		t.Fatalf("%d entries after refused commands", len(entries))
	}
}

// TestConcurrentRedemptionsNeverOverdrawACard: 64 full-amount redemptions and 64 split-tender payments race on one
// card; the card never goes below zero and pays out exactly its balance.
func TestConcurrentRedemptionsNeverOverdrawACard(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, 1)
	card := f.cards[0]
	const opening, bill = 100000, 3000
	f.do(t, card, loyalty.Sell{RequestID: "T1", Amount: eur(opening), Buyer: "B", Tender: "cash"}, key(card, loyalty.MoveSale, "T1"))
	var paidByCard, full, refused atomic.Int64
	var wg sync.WaitGroup
	for i := range 128 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := loyalty.Redeem{RequestID: fmt.Sprintf("C%d", i), Amount: eur(bill)}
			if i%2 == 1 {
				cmd.OtherTender = "cash"
			}
			r, err := f.svc.Execute(ctx, card, cmd, key(card, loyalty.MoveRedeem, cmd.RequestID))
			switch {
			case errors.Is(err, loyalty.ErrInsufficientBalance):
				refused.Add(1)
			case err != nil:
				t.Errorf("redemption %d: %v", i, err)
			case r.Split != nil:
				paidByCard.Add(r.Split.Card.Amount)
				if r.Split.Card.Amount == bill {
					full.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	final := f.balance(t, card)
	if final < 0 || final >= bill || paidByCard.Load() != opening-final {
		t.Fatalf("final balance %d, card paid %d of %d", final, paidByCard.Load(), opening)
	}
	if full.Load() > opening/bill || refused.Load() == 0 {
		t.Fatalf("%d paid in full, %d refused", full.Load(), refused.Load())
	}
}

// TestNightlyFeesAndExpiry: a card unused for the policy's months pays the maintenance fee once however often the
// nightly run repeats, and past its last day its balance moves to the house account and it expires.
func TestNightlyFeesAndExpiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	l := ledger.NewService(store.NewLedgerStore(db), time.Now)
	policy := loyalty.StoredValuePolicy{FeeAfterMonths: 12, Fees: map[string]int64{"EUR": 500}, ExpiryYears: 2, HouseAccount: "breakage"}
	svc := giftcards.NewService(store.NewCardStore(db), l, policy, time.UTC, time.Now)
	n, _ := loyalty.NewCardNumber("6035", 4242, 16)
	if _, err := svc.AddStock(ctx, []string{string(n)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Execute(ctx, n, loyalty.Sell{RequestID: "T1", Amount: eur(5000), Buyer: "B", Tender: "cash"}, "sv/"+string(n)+"/sale/T1"); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		fees, expired, err := svc.Nightly(ctx, time.Now().AddDate(1, 1, 0))
		if err != nil || expired != 0 {
			t.Fatalf("nightly a year on: fees %d expired %d, %v", fees, expired, err)
		}
	}
	if c, _ := svc.Card(ctx, n); c.Balance.Amount != 4500 {
		t.Fatalf("after the fee: %d, want one fee of 500", c.Balance.Amount)
	}
	if _, expired, err := svc.Nightly(ctx, time.Now().AddDate(2, 0, 2)); err != nil || expired != 1 {
		t.Fatalf("nightly past the last day: expired %d, %v", expired, err)
	}
	c, _ := svc.Card(ctx, n)
	if c.Status != loyalty.CardExpired || c.Balance.Amount != 0 {
		t.Fatalf("after expiry: %+v", c)
	}
	moves, _ := svc.Movements(ctx, loyalty.At(time.Now().AddDate(2, 0, 2), time.UTC).Today())
	if len(moves) != 1 || moves[0].Kind != loyalty.MoveExpiry || moves[0].Counterparty != "house:breakage" {
		t.Fatalf("expiry movement = %+v", moves)
	}
}
