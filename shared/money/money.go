// Package money holds amounts as integer minor units with an ISO 4217 currency code, so totals stay exact.
package money

import (
	"errors"
	"fmt"
)

// Money is an amount in minor units (cents, pence, yen) of one currency.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// ErrCurrencyMismatch is returned when amounts in different currencies are combined.
var ErrCurrencyMismatch = errors.New("currency mismatch")

// New returns amount minor units of currency, checking the code's shape.
func New(amount int64, currency string) (Money, error) {
	m := Money{Amount: amount, Currency: currency}
	return m, m.Validate()
}

// Validate checks the currency is a three-letter upper-case ISO 4217 code.
func (m Money) Validate() error {
	if len(m.Currency) != 3 {
		return fmt.Errorf("currency %q is not an ISO 4217 code", m.Currency)
	}
	for _, r := range m.Currency {
		if r < 'A' || r > 'Z' {
			return fmt.Errorf("currency %q is not an ISO 4217 code", m.Currency)
		}
	}
	return nil
}

// Add returns m+o; both must be in the same currency.
func (m Money) Add(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, fmt.Errorf("add %s to %s: %w", o.Currency, m.Currency, ErrCurrencyMismatch)
	}
	return Money{Amount: m.Amount + o.Amount, Currency: m.Currency}, nil
}

// String formats the amount with its code, e.g. "12345 EUR" (minor units; display formatting belongs to the UI).
func (m Money) String() string { return fmt.Sprintf("%d %s", m.Amount, m.Currency) }
