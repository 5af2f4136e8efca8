package ledger_test

import (
	"errors"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/ledger"
)

var t0 = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func post(t *testing.T, a ledger.Account, p ledger.Posting) (ledger.Account, ledger.Entry) {
	t.Helper()
	if p.At.IsZero() {
		p.At = t0
	}
	if p.IdempotencyKey == "" {
		p.IdempotencyKey = p.Kind + p.LotID + p.HoldID
	}
	next, e, err := ledger.Apply(a, p, "E"+p.IdempotencyKey)
	if err != nil {
		t.Fatalf("Apply(%+v): %v", p, err)
	}
	return next, e
}

func TestLotsAreSpentSoonestExpiryFirstAndExpire(t *testing.T) {
	t.Parallel()
	a := ledger.Account{ID: "M1", Kind: ledger.KindPoints, Status: "active"}
	a, _ = post(t, a, ledger.Posting{Kind: ledger.EntryEarn, Amount: 100, ExpiresOn: "2028-12-31", IdempotencyKey: "late"})
	a, _ = post(t, a, ledger.Posting{Kind: ledger.EntryEarn, Amount: 50, ExpiresOn: "2027-03-31", IdempotencyKey: "soon"})
	a, _ = post(t, a, ledger.Posting{Kind: ledger.EntryEarn, Amount: 30, IdempotencyKey: "forever"})
	a, e := post(t, a, ledger.Posting{Kind: ledger.EntryRedeem, Amount: 70, IdempotencyKey: "r1"})
	if e.Consumed["Esoon"] != 50 || e.Consumed["Elate"] != 20 || e.Amount != -70 || e.BalanceAfter != 110 {
		t.Fatalf("redeem entry = %+v", e)
	}
	if due := a.Due("2028-12-31"); len(due) != 1 || due[0].Remaining != 80 {
		t.Fatalf("due lots = %+v", due)
	}
	a, e = post(t, a, ledger.Posting{Kind: ledger.EntryExpire, LotID: "Elate", IdempotencyKey: "x1"})
	if e.Amount != -80 || a.Balance != 30 {
		t.Fatalf("expire = %+v, balance %d", e, a.Balance)
	}
	a, e = post(t, a, ledger.Posting{Kind: ledger.EntryExpire, LotID: "Elate", IdempotencyKey: "x2"})
	if e.Amount != 0 || a.Balance != 30 {
		t.Fatalf("expiring a gone lot again = %+v", e)
	}
	if d := ledger.Check(a, nil); d == nil || d.FromLots != 30 {
		t.Fatalf("Check without entries = %+v", d)
	}
}

func TestPendingHoldsAndSplitTender(t *testing.T) {
	t.Parallel()
	a := ledger.Account{ID: "M2", Kind: ledger.KindPoints, Status: "active"}
	a, _ = post(t, a, ledger.Posting{Kind: ledger.EntryEarn, Amount: 100, IdempotencyKey: "ok"})
	a, _ = post(t, a, ledger.Posting{Kind: ledger.EntryEarn, Amount: 500, AvailableFrom: t0.Add(48 * time.Hour), IdempotencyKey: "pending"})
	if a.Available(t0) != 100 || a.Pending(t0) != 500 || a.Balance != 600 {
		t.Fatalf("available %d pending %d balance %d", a.Available(t0), a.Pending(t0), a.Balance)
	}
	if _, _, err := ledger.Apply(a, ledger.Posting{Kind: ledger.EntryRedeem, Amount: 101, IdempotencyKey: "r", At: t0}, "E"); !errors.Is(err, ledger.ErrInsufficient) {
		t.Fatalf("spending pending points: err = %v", err)
	}
	a, _ = post(t, a, ledger.Posting{Kind: ledger.EntryHold, Amount: 60, HoldID: "H1"})
	if a.Available(t0) != 40 || a.Balance != 600 {
		t.Fatalf("after hold: available %d balance %d", a.Available(t0), a.Balance)
	}
	a, e := post(t, a, ledger.Posting{Kind: ledger.EntryRedeem, Amount: 75, UpTo: true, IdempotencyKey: "split"})
	if e.Amount != -40 || a.Available(t0) != 0 {
		t.Fatalf("split tender took %d, available %d", e.Amount, a.Available(t0))
	}
	a, e = post(t, a, ledger.Posting{Kind: ledger.EntryCapture, HoldID: "H1", Amount: 45})
	if e.Amount != -45 || a.Holds["H1"] != 0 || a.Balance != 515 {
		t.Fatalf("partial capture = %+v, balance %d", e, a.Balance)
	}
	if _, _, err := ledger.Apply(a, ledger.Posting{Kind: ledger.EntryRelease, HoldID: "H1", IdempotencyKey: "rel", At: t0}, "E"); !errors.Is(err, ledger.ErrUnknownHold) {
		t.Fatalf("releasing a captured hold: err = %v", err)
	}
}

func TestBadPostingsChangeNothing(t *testing.T) {
	t.Parallel()
	a := ledger.Account{ID: "V1", Kind: ledger.KindValue, Currency: "EUR", Status: "active", Balance: 0}
	for name, tc := range map[string]struct {
		p    ledger.Posting
		want error
	}{
		"negative amount":   {ledger.Posting{Kind: ledger.EntryRedeem, Amount: -5}, ledger.ErrInvalid},
		"zero":              {ledger.Posting{Kind: ledger.EntryEarn, Amount: 0}, ledger.ErrInvalid},
		"currency mismatch": {ledger.Posting{Kind: ledger.EntryEarn, Amount: 100, Currency: "USD"}, ledger.ErrInvalid},
		"overdraw":          {ledger.Posting{Kind: ledger.EntryRedeem, Amount: 1}, ledger.ErrInsufficient},
		"unknown kind":      {ledger.Posting{Kind: "gift", Amount: 1}, ledger.ErrInvalid},
		"no key":            {ledger.Posting{Kind: ledger.EntryEarn, Amount: 1, IdempotencyKey: "-"}, nil},
	} {
		p := tc.p
		p.At = t0
		if p.IdempotencyKey == "" {
			p.IdempotencyKey = "k"
		} else if p.IdempotencyKey == "-" {
			p.IdempotencyKey = ""
			tc.want = ledger.ErrInvalid
		}
		next, _, err := ledger.Apply(a, p, "E")
		if !errors.Is(err, tc.want) || next.Balance != 0 || next.Version != a.Version {
			t.Errorf("%s: err = %v, balance %d, version %d", name, err, next.Balance, next.Version)
		}
	}
	held := ledger.Account{ID: "M3", Kind: ledger.KindPoints, Status: "hold", Balance: 10, Lots: []ledger.Lot{{ID: "L", Remaining: 10}}}
	if _, _, err := ledger.Apply(held, ledger.Posting{Kind: ledger.EntryRedeem, Amount: 5, IdempotencyKey: "k", At: t0}, "E"); !errors.Is(err, ledger.ErrOnHold) {
		t.Errorf("redeeming from an account on hold: err = %v", err)
	}
}

// A skip records withheld points without touching the balance or the lots.
func TestSkipWithholdsWithoutChangingTheBalance(t *testing.T) {
	t.Parallel()
	a := ledger.Account{ID: "M9", Kind: ledger.KindPoints, Status: "active"}
	a, _ = post(t, a, ledger.Posting{Kind: ledger.EntryEarn, Amount: 40, IdempotencyKey: "before"})
	next, e := post(t, a, ledger.Posting{Kind: ledger.EntrySkip, Amount: 1200, IdempotencyKey: "stay/R1"})
	if e.Amount != 0 || e.Withheld != 1200 || next.Balance != 40 || len(next.Lots) != 1 {
		t.Fatalf("skip = %+v, account %+v", e, next)
	}
	if d := ledger.Check(next, []ledger.Entry{{Amount: 40}, e}); d != nil {
		t.Fatalf("drift after a skip: %+v", d)
	}
	if _, _, err := ledger.Apply(a, ledger.Posting{Kind: ledger.EntrySkip, IdempotencyKey: "zero", At: t0}, "E0"); !errors.Is(err, ledger.ErrInvalid) {
		t.Fatalf("a skip of nothing: %v", err)
	}
}
