package giftcards

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

// Chart of accounts the export posts to; a group maps them to its own codes in its accounting system.
const (
	accLiability = "gift_card_liability"
	accHouse     = "gift_card_breakage" // expired balances: revenue once the card can no longer be used
	accFees      = "gift_card_fee_income"
)

// glAccounts returns the debit and credit accounts of a movement (amount signed as the card sees it).
func glAccounts(m loyalty.Movement) (debit, credit string) {
	other := counterpartyAccount(m.Counterparty)
	if m.Amount.Amount >= 0 { // value in: the tender or the old card pays the liability
		return other, accLiability
	}
	return accLiability, other
}

func counterpartyAccount(c string) string {
	kind, id, _ := strings.Cut(c, ":")
	switch kind {
	case "tender":
		return "tender_" + id
	case "folio":
		return "guest_ledger"
	case "reservation":
		return "advance_deposits"
	case "house":
		return accHouse
	case "card":
		return accLiability
	case "fees":
		return accFees
	}
	return "suspense"
}

// GLExport renders a day's movements as CSV: one row per movement with its double entry; amounts in minor units.
// Card numbers are masked: accounting needs the movement, not the means to spend the card.
func GLExport(moves []loyalty.Movement) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"business_date", "at", "card", "movement", "debit_account", "credit_account", "amount_minor", "currency", "counterparty", "reference", "key"})
	for _, m := range moves {
		debit, credit := glAccounts(m)
		amount := m.Amount.Amount
		if amount < 0 {
			amount = -amount
		}
		_ = w.Write([]string{m.BusinessDate.String(), m.At.UTC().Format("2006-01-02T15:04:05Z"), m.Card.Masked(), string(m.Kind),
			debit, credit, strconv.FormatInt(amount, 10), m.Amount.Currency, mask(m.Counterparty), m.Ref, mask(m.Key)})
	}
	w.Flush()
	return buf.Bytes()
}

// mask hides every card number in s (keys and counterparties name cards).
func mask(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ':' })
	for _, p := range parts {
		if n, err := loyalty.ParseCardNumber(p); err == nil {
			s = strings.ReplaceAll(s, p, n.Masked())
		}
	}
	return s
}
