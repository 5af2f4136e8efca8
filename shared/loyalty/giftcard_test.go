package loyalty_test

import (
	"errors"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

var svPolicy = loyalty.StoredValuePolicy{
	FeeAfterMonths: 12, Fees: map[string]int64{"EUR": 500}, ExpiryYears: 3, HouseAccount: "breakage-lisbon",
	MaxBalance: map[string]int64{"EUR": 100000},
}

func cardNumber(t testing.TB, seq uint64) loyalty.CardNumber {
	t.Helper()
	n, err := loyalty.NewCardNumber("603571", seq, 16)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

type cardStep struct {
	cmd         loyalty.CardCommand
	at          string // Lisbon "2006-01-02 15:04"
	wantErr     error
	wantBalance int64
	wantStatus  loyalty.CardStatus
	wantMoves   []loyalty.Movement // Kind, Amount.Amount and Counterparty are compared
	wantSplit   *loyalty.Split
}

func mv(kind loyalty.MovementKind, amount int64, counterparty string) loyalty.Movement {
	return loyalty.Movement{Kind: kind, Amount: eur(amount), Counterparty: counterparty}
}

func sell(amount int64) loyalty.Sell {
	return loyalty.Sell{RequestID: "T1", Amount: eur(amount), Buyer: "Ana Sousa", Recipient: "Rui Sousa", Tender: "cash", PropertyID: "hh-lisbon"}
}

func TestGiftCardLifecycle(t *testing.T) {
	t.Parallel()
	active := loyalty.CardActive
	tests := []struct {
		name  string
		steps []cardStep
	}{
		{"sale, reload, redemption and split tender", []cardStep{
			{cmd: sell(5000), at: "2026-01-10 10:00", wantBalance: 5000, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveSale, 5000, "tender:cash")}},
			{cmd: loyalty.Load{RequestID: "T2", Amount: eur(2500), Tender: "visa"}, at: "2026-02-01 10:00", wantBalance: 7500, wantStatus: active,
				wantMoves: []loyalty.Movement{mv(loyalty.MoveLoad, 2500, "tender:visa")}},
			{cmd: loyalty.Redeem{RequestID: "T3", Amount: eur(4500), Ref: "C-1"}, at: "2026-02-02 21:00", wantBalance: 3000, wantStatus: active,
				wantMoves: []loyalty.Movement{mv(loyalty.MoveRedeem, -4500, "tender:giftcard")}, wantSplit: &loyalty.Split{Card: eur(4500), Remainder: eur(0)}},
			{cmd: loyalty.Redeem{RequestID: "T4", Amount: eur(10000), Ref: "C-2", OtherTender: "visa"}, at: "2026-02-03 21:00", wantBalance: 0, wantStatus: active,
				wantMoves: []loyalty.Movement{mv(loyalty.MoveRedeem, -3000, "tender:giftcard")}, wantSplit: &loyalty.Split{Card: eur(3000), Remainder: eur(7000), RemainderTender: "visa"}},
			{cmd: loyalty.Redeem{RequestID: "T5", Amount: eur(100), OtherTender: "visa"}, at: "2026-02-04 21:00", wantErr: loyalty.ErrInsufficientBalance, wantStatus: active},
		}},
		{"a bill above the balance without another tender is refused", []cardStep{
			{cmd: sell(3000), at: "2026-01-10 10:00", wantBalance: 3000, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveSale, 3000, "tender:cash")}},
			{cmd: loyalty.Redeem{RequestID: "T2", Amount: eur(3001)}, at: "2026-01-11 10:00", wantErr: loyalty.ErrInsufficientBalance, wantBalance: 3000, wantStatus: active},
		}},
		{"bad amounts change nothing", []cardStep{
			{cmd: sell(3000), at: "2026-01-10 10:00", wantBalance: 3000, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveSale, 3000, "tender:cash")}},
			{cmd: loyalty.Load{RequestID: "T2", Amount: cash("USD", 100), Tender: "cash"}, at: "2026-01-11 10:00", wantErr: loyalty.ErrCurrencyMismatch, wantBalance: 3000, wantStatus: active},
			{cmd: loyalty.Load{RequestID: "T3", Amount: eur(-100), Tender: "cash"}, at: "2026-01-11 10:00", wantErr: loyalty.ErrInvalid, wantBalance: 3000, wantStatus: active},
			{cmd: loyalty.Load{RequestID: "T4", Amount: eur(97001), Tender: "cash"}, at: "2026-01-11 10:00", wantErr: loyalty.ErrInvalid, wantBalance: 3000, wantStatus: active},
			{cmd: loyalty.Load{Amount: eur(100), Tender: "cash"}, at: "2026-01-11 10:00", wantErr: loyalty.ErrInvalid, wantBalance: 3000, wantStatus: active},
			{cmd: loyalty.Redeem{RequestID: "T5", Amount: eur(0)}, at: "2026-01-11 10:00", wantErr: loyalty.ErrInvalid, wantBalance: 3000, wantStatus: active},
		}},
		{"transfer to folio and prepayment", []cardStep{
			{cmd: sell(8000), at: "2026-01-10 10:00", wantBalance: 8000, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveSale, 8000, "tender:cash")}},
			{cmd: loyalty.Prepay{RequestID: "T2", ReservationID: "R-1", Amount: eur(2000)}, at: "2026-01-12 10:00", wantBalance: 6000, wantStatus: active,
				wantMoves: []loyalty.Movement{mv(loyalty.MovePrepayment, -2000, "reservation:R-1")}},
			{cmd: loyalty.Prepay{RequestID: "T3", ReservationID: "R-2", Amount: eur(6001)}, at: "2026-01-12 10:00", wantErr: loyalty.ErrInsufficientBalance, wantBalance: 6000, wantStatus: active},
			{cmd: loyalty.TransferToFolio{RequestID: "T4", FolioID: "F-1"}, at: "2026-02-01 15:00", wantBalance: 0, wantStatus: active,
				wantMoves: []loyalty.Movement{mv(loyalty.MoveFolio, -6000, "folio:F-1")}},
			{cmd: loyalty.TransferToFolio{RequestID: "T5", FolioID: "F-1"}, at: "2026-02-01 15:00", wantErr: loyalty.ErrInsufficientBalance, wantStatus: active},
		}},
		{"maintenance fee after a year unused, then yearly", []cardStep{
			{cmd: sell(2000), at: "2026-01-10 10:00", wantBalance: 2000, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveSale, 2000, "tender:cash")}},
			{cmd: loyalty.ChargeFee{}, at: "2027-01-09 03:00", wantErr: loyalty.ErrNotDue, wantBalance: 2000, wantStatus: active},
			{cmd: loyalty.ChargeFee{}, at: "2027-01-10 03:00", wantBalance: 1500, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveFee, -500, "fees")}},
			{cmd: loyalty.ChargeFee{}, at: "2027-06-10 03:00", wantErr: loyalty.ErrNotDue, wantBalance: 1500, wantStatus: active},
			{cmd: loyalty.ChargeFee{}, at: "2028-01-10 03:00", wantBalance: 1000, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveFee, -500, "fees")}},
		}},
		{"use restarts the fee clock", []cardStep{
			{cmd: sell(2000), at: "2026-01-10 10:00", wantBalance: 2000, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveSale, 2000, "tender:cash")}},
			{cmd: loyalty.Redeem{RequestID: "T2", Amount: eur(100)}, at: "2026-11-01 10:00", wantBalance: 1900, wantStatus: active,
				wantMoves: []loyalty.Movement{mv(loyalty.MoveRedeem, -100, "tender:giftcard")}, wantSplit: &loyalty.Split{Card: eur(100), Remainder: eur(0)}},
			{cmd: loyalty.ChargeFee{}, at: "2027-01-10 03:00", wantErr: loyalty.ErrNotDue, wantBalance: 1900, wantStatus: active},
			{cmd: loyalty.ChargeFee{}, at: "2027-11-01 03:00", wantBalance: 1400, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveFee, -500, "fees")}},
		}},
		{"a fee never takes the balance below zero", []cardStep{
			{cmd: sell(300), at: "2026-01-10 10:00", wantBalance: 300, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveSale, 300, "tender:cash")}},
			{cmd: loyalty.ChargeFee{}, at: "2027-01-10 03:00", wantBalance: 0, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveFee, -300, "fees")}},
			{cmd: loyalty.ChargeFee{}, at: "2028-01-10 03:00", wantErr: loyalty.ErrNotDue, wantBalance: 0, wantStatus: active},
		}},
		{"expiry moves the balance to the house account", []cardStep{
			{cmd: sell(4000), at: "2026-01-10 10:00", wantBalance: 4000, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveSale, 4000, "tender:cash")}},
			{cmd: loyalty.Redeem{RequestID: "T2", Amount: eur(1000)}, at: "2028-12-01 10:00", wantBalance: 3000, wantStatus: active,
				wantMoves: []loyalty.Movement{mv(loyalty.MoveRedeem, -1000, "tender:giftcard")}, wantSplit: &loyalty.Split{Card: eur(1000), Remainder: eur(0)}},
			{cmd: loyalty.ExpireCard{}, at: "2029-01-10 23:00", wantErr: loyalty.ErrNotDue, wantBalance: 3000, wantStatus: active},
			{cmd: loyalty.Redeem{RequestID: "T3", Amount: eur(100)}, at: "2029-01-11 09:00", wantErr: loyalty.ErrExpired, wantBalance: 3000, wantStatus: active},
			{cmd: loyalty.ChargeFee{}, at: "2029-12-11 03:00", wantErr: loyalty.ErrNotDue, wantBalance: 3000, wantStatus: active},
			{cmd: loyalty.ExpireCard{}, at: "2029-01-11 02:00", wantBalance: 0, wantStatus: loyalty.CardExpired,
				wantMoves: []loyalty.Movement{mv(loyalty.MoveExpiry, -3000, "house:breakage-lisbon")}},
			{cmd: loyalty.Load{RequestID: "T4", Amount: eur(100), Tender: "cash"}, at: "2029-01-12 09:00", wantErr: loyalty.ErrInvalidTransition, wantStatus: loyalty.CardExpired},
			{cmd: loyalty.ExpireCard{}, at: "2029-01-12 02:00", wantErr: loyalty.ErrInvalidTransition, wantStatus: loyalty.CardExpired},
		}},
		{"a stock card is sold before use, and sold once", []cardStep{
			{cmd: loyalty.Load{RequestID: "T1", Amount: eur(100), Tender: "cash"}, at: "2026-01-10 10:00", wantErr: loyalty.ErrInvalidTransition, wantStatus: loyalty.CardStock},
			{cmd: loyalty.Redeem{RequestID: "T1", Amount: eur(100)}, at: "2026-01-10 10:00", wantErr: loyalty.ErrInvalidTransition, wantStatus: loyalty.CardStock},
			{cmd: loyalty.Sell{RequestID: "T1", Amount: eur(100), Tender: "cash"}, at: "2026-01-10 10:00", wantErr: loyalty.ErrInvalid, wantStatus: loyalty.CardStock},
			{cmd: sell(100), at: "2026-01-10 10:00", wantBalance: 100, wantStatus: active, wantMoves: []loyalty.Movement{mv(loyalty.MoveSale, 100, "tender:cash")}},
			{cmd: sell(100), at: "2026-01-10 10:00", wantErr: loyalty.ErrInvalidTransition, wantBalance: 100, wantStatus: active},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := loyalty.StockCard(cardNumber(t, 1))
			for i, s := range tt.steps {
				out, err := c.Execute(s.cmd, svPolicy, loyalty.At(lisbonTime(s.at), lisbon))
				if !errors.Is(err, s.wantErr) || (s.wantErr == nil && err != nil) {
					t.Fatalf("step %d %T: err = %v, want %v", i, s.cmd, err, s.wantErr)
				}
				if err != nil && (out.Card != c || len(out.Movements) != 0) {
					t.Fatalf("step %d: a refused command changed the card", i)
				}
				if out.Card.Balance.Amount != s.wantBalance || out.Card.Status != s.wantStatus {
					t.Fatalf("step %d %T: balance %d %s, want %d %s", i, s.cmd, out.Card.Balance.Amount, out.Card.Status, s.wantBalance, s.wantStatus)
				}
				if len(out.Movements) != len(s.wantMoves) {
					t.Fatalf("step %d: movements = %+v, want %+v", i, out.Movements, s.wantMoves)
				}
				for j, m := range out.Movements {
					w := s.wantMoves[j]
					if m.Kind != w.Kind || m.Amount != w.Amount || m.Counterparty != w.Counterparty || m.Card != c.Number || m.Key == "" {
						t.Fatalf("step %d: movement = %+v, want %+v", i, m, w)
					}
				}
				if (out.Split == nil) != (s.wantSplit == nil) || (s.wantSplit != nil && *out.Split != *s.wantSplit) {
					t.Fatalf("step %d: split = %+v, want %+v", i, out.Split, s.wantSplit)
				}
				c = out.Card
			}
		})
	}
}

func TestGiftCardKeysAndSale(t *testing.T) {
	t.Parallel()
	c := loyalty.StockCard(cardNumber(t, 7))
	at := loyalty.At(lisbonTime("2026-01-10 10:00"), lisbon)
	out, err := c.Execute(sell(5000), svPolicy, at)
	if err != nil {
		t.Fatal(err)
	}
	card := out.Card
	if card.Buyer != "Ana Sousa" || card.Recipient != "Rui Sousa" || card.SoldOn != date("2026-01-10") || card.ExpiresOn != date("2029-01-10") || card.Loaded != eur(5000) {
		t.Fatalf("card = %+v", card)
	}
	if k := out.Movements[0].Key; k != "sv/"+string(c.Number)+"/sale/T1" {
		t.Fatalf("key = %s", k)
	}
	// The fee's key names the day it fell due, so a nightly run repeated on a later day posts it once.
	fee, err := card.Execute(loyalty.ChargeFee{}, svPolicy, loyalty.At(lisbonTime("2027-01-15 03:00"), lisbon))
	if err != nil {
		t.Fatal(err)
	}
	if k := fee.Movements[0].Key; k != "sv/"+string(c.Number)+"/fee/2027-01-10" {
		t.Fatalf("fee key = %s", k)
	}
	if _, err := card.Execute(loyalty.ChargeFee{}, loyalty.StoredValuePolicy{ExpiryYears: 1}, at); !errors.Is(err, loyalty.ErrInvalid) {
		t.Fatalf("a policy without a house account: err = %v", err)
	}
}

func TestReissueCard(t *testing.T) {
	t.Parallel()
	at := loyalty.At(lisbonTime("2026-01-10 10:00"), lisbon)
	sold, err := loyalty.StockCard(cardNumber(t, 1)).Execute(sell(5000), svPolicy, at)
	if err != nil {
		t.Fatal(err)
	}
	old, stock := sold.Card, loyalty.StockCard(cardNumber(t, 2))
	later := loyalty.At(lisbonTime("2026-05-01 10:00"), lisbon)
	out, err := loyalty.ReissueCard(old, stock, loyalty.Reissue{RequestID: "LOST-1", Reason: "lost"}, later)
	if err != nil {
		t.Fatal(err)
	}
	if out.Old.Status != loyalty.CardCancelled || out.Old.Balance.Amount != 0 || out.Old.ReplacedBy != stock.Number {
		t.Fatalf("old = %+v", out.Old)
	}
	n := out.New
	if n.Number != stock.Number || n.Status != loyalty.CardActive || n.Balance != eur(5000) || n.Replaces != old.Number ||
		n.SoldOn != old.SoldOn || n.ExpiresOn != old.ExpiresOn || n.Buyer != old.Buyer {
		t.Fatalf("new = %+v", n)
	}
	if len(out.Movements) != 2 || out.Movements[0].Amount != eur(-5000) || out.Movements[0].Card != old.Number ||
		out.Movements[1].Amount != eur(5000) || out.Movements[1].Card != stock.Number {
		t.Fatalf("movements = %+v", out.Movements)
	}
	if _, err := out.Old.Execute(loyalty.Redeem{RequestID: "X", Amount: eur(1)}, svPolicy, later); !errors.Is(err, loyalty.ErrInvalidTransition) {
		t.Fatalf("the old card still redeems: %v", err)
	}
	tests := []struct {
		name             string
		old, replacement loyalty.Card
		reason           string
		want             error
	}{
		{"a cancelled card is not reissued again", out.Old, loyalty.StockCard(cardNumber(t, 3)), "lost", loyalty.ErrInvalidTransition},
		{"the replacement must be stock", old, n, "lost", loyalty.ErrInvalidTransition},
		{"not onto itself", old, loyalty.StockCard(old.Number), "lost", loyalty.ErrInvalid},
		{"a reason is required", old, loyalty.StockCard(cardNumber(t, 3)), "", loyalty.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := loyalty.ReissueCard(tt.old, tt.replacement, loyalty.Reissue{RequestID: "R", Reason: tt.reason}, later)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if got.Old != tt.old || got.New != tt.replacement || got.Movements != nil {
				t.Fatal("a refused reissue changed a card")
			}
		})
	}
}

func TestGiftCardReports(t *testing.T) {
	t.Parallel()
	at := func(day string) loyalty.Moment { return loyalty.At(date(day).Start(lisbon).Add(10*time.Hour), lisbon) }
	mk := func(seq uint64, day, buyer, recipient string, amount int64) loyalty.Card {
		s := sell(amount)
		s.Buyer, s.Recipient = buyer, recipient
		out, err := loyalty.StockCard(cardNumber(t, seq)).Execute(s, svPolicy, at(day))
		if err != nil {
			t.Fatal(err)
		}
		return out.Card
	}
	cards := []loyalty.Card{
		mk(1, "2026-03-01", "Ana", "Rui", 5000),
		mk(2, "2025-11-01", "Ben", "", 20000),
		mk(3, "2026-01-15", "ana", "Eva", 7000),
		loyalty.StockCard(cardNumber(t, 4)),
	}
	spent, err := cards[2].Execute(loyalty.Redeem{RequestID: "X", Amount: eur(7000)}, svPolicy, at("2026-02-01"))
	if err != nil {
		t.Fatal(err)
	}
	cards[2] = spent.Card // empty: no liability, still counts for its buyer
	asOf := date("2026-04-01")

	byAge := loyalty.LiabilityReport(cards, asOf, loyalty.ByAge)
	if len(byAge.Rows) != 2 || byAge.Rows[0].Number != cards[1].Number || byAge.Rows[0].AgeDays != 151 {
		t.Fatalf("by age = %+v", byAge.Rows)
	}
	if len(byAge.Totals) != 1 || byAge.Totals[0] != eur(25000) {
		t.Fatalf("totals = %+v", byAge.Totals)
	}
	byBalance := loyalty.LiabilityReport(append(cards, mk(5, "2026-03-20", "Cy", "", 9000)), asOf, loyalty.ByBalance)
	if got := [3]int64{byBalance.Rows[0].Balance.Amount, byBalance.Rows[1].Balance.Amount, byBalance.Rows[2].Balance.Amount}; got != [3]int64{20000, 9000, 5000} {
		t.Fatalf("by balance = %v", got)
	}

	top := loyalty.TopBuyers(cards, 1)
	if len(top) != 1 || top[0].Buyer != "Ben" || top[0].Loaded != eur(20000) || top[0].Cards != 1 {
		t.Fatalf("top buyers = %+v", top)
	}
	if all := loyalty.TopBuyers(cards, 0); len(all) != 3 { // "Ana" and "ana" are kept apart: buyers are ids
		t.Fatalf("all buyers = %+v", all)
	}

	for _, tt := range []struct {
		name string
		q    loyalty.CardQuery
		want int
	}{
		{"by buyer, any case", loyalty.CardQuery{Buyer: "ANA"}, 2},
		{"by recipient", loyalty.CardQuery{Recipient: "eva"}, 1},
		{"by number", loyalty.CardQuery{Number: cards[1].Number}, 1},
		{"both must match", loyalty.CardQuery{Buyer: "Ana", Recipient: "Eva"}, 1},
		{"no match", loyalty.CardQuery{Buyer: "Zed"}, 0},
	} {
		if got := loyalty.FindCards(cards, tt.q); len(got) != tt.want {
			t.Fatalf("%s: %d cards, want %d", tt.name, len(got), tt.want)
		}
	}
}
