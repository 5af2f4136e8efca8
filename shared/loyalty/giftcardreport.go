package loyalty

import (
	"sort"
	"strings"

	"github.com/hearthcrm/hearth/shared/money"
)

// LiabilitySort orders the liability report.
type LiabilitySort string

// Liability orders.
const (
	ByAge     LiabilitySort = "age"     // oldest sale first
	ByBalance LiabilitySort = "balance" // largest balance first, within each currency
)

// LiabilityRow is one card's outstanding balance.
type LiabilityRow struct {
	Number    CardNumber  `json:"number"`
	Balance   money.Money `json:"balance"`
	SoldOn    Date        `json:"soldOn"`
	AgeDays   int         `json:"ageDays"`
	ExpiresOn Date        `json:"expiresOn,omitzero"`
	Buyer     string      `json:"buyer,omitempty"`
	Recipient string      `json:"recipient,omitempty"`
}

// Liability is the outstanding stored value on a date: what the group owes card holders.
type Liability struct {
	AsOf   Date           `json:"asOf"`
	Rows   []LiabilityRow `json:"rows"`
	Totals []money.Money  `json:"totals"` // one per currency, by code
}

// LiabilityReport lists every active card with a balance, sorted by age or balance (ties by number).
func LiabilityReport(cards []Card, asOf Date, by LiabilitySort) Liability {
	r := Liability{AsOf: asOf}
	totals := make(map[string]int64)
	for _, c := range cards {
		if c.Status != CardActive || c.Balance.Amount == 0 {
			continue
		}
		r.Rows = append(r.Rows, LiabilityRow{
			Number: c.Number, Balance: c.Balance, SoldOn: c.SoldOn, AgeDays: int(asOf - c.SoldOn),
			ExpiresOn: c.ExpiresOn, Buyer: c.Buyer, Recipient: c.Recipient,
		})
		totals[c.Balance.Currency] += c.Balance.Amount
	}
	sort.Slice(r.Rows, func(i, j int) bool {
		a, b := &r.Rows[i], &r.Rows[j]
		switch by {
		case ByBalance:
			if a.Balance.Currency != b.Balance.Currency {
				return a.Balance.Currency < b.Balance.Currency
			}
			if a.Balance.Amount != b.Balance.Amount {
				return a.Balance.Amount > b.Balance.Amount
			}
		default:
			if a.SoldOn != b.SoldOn {
				return a.SoldOn < b.SoldOn
			}
		}
		return a.Number < b.Number
	})
	for _, cur := range sortedKeys(totals) {
		r.Totals = append(r.Totals, money.Money{Amount: totals[cur], Currency: cur})
	}
	return r
}

// BuyerTotal is what one buyer has put on cards in one currency.
type BuyerTotal struct {
	Buyer  string      `json:"buyer"`
	Cards  int         `json:"cards"`
	Loaded money.Money `json:"loaded"`
}

// TopBuyers returns the n buyers (all when n ≤ 0) who loaded most, per currency, largest first. A replaced card
// is counted once, on its replacement, which carries its history.
func TopBuyers(cards []Card, n int) []BuyerTotal {
	type key struct{ buyer, currency string }
	agg := make(map[key]*BuyerTotal)
	for _, c := range cards {
		if c.Buyer == "" || c.ReplacedBy != "" || c.Status == CardStock {
			continue
		}
		k := key{c.Buyer, c.Loaded.Currency}
		t := agg[k]
		if t == nil {
			t = &BuyerTotal{Buyer: c.Buyer, Loaded: money.Money{Currency: c.Loaded.Currency}}
			agg[k] = t
		}
		t.Cards++
		t.Loaded.Amount += c.Loaded.Amount
	}
	out := make([]BuyerTotal, 0, len(agg))
	for _, t := range agg {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Loaded.Amount != b.Loaded.Amount {
			return a.Loaded.Amount > b.Loaded.Amount
		}
		if a.Buyer != b.Buyer {
			return a.Buyer < b.Buyer
		}
		return a.Loaded.Currency < b.Loaded.Currency
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// CardQuery finds cards for an enquiry; every non-empty field must match. Buyer and recipient match without
// regard to case.
type CardQuery struct {
	Number    CardNumber
	Buyer     string
	Recipient string
}

// FindCards returns the cards matching q, in the order given.
func FindCards(cards []Card, q CardQuery) []Card {
	var out []Card
	for _, c := range cards {
		if (q.Number == "" || c.Number == q.Number) &&
			(q.Buyer == "" || strings.EqualFold(c.Buyer, q.Buyer)) &&
			(q.Recipient == "" || strings.EqualFold(c.Recipient, q.Recipient)) {
			out = append(out, c)
		}
	}
	return out
}
