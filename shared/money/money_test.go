package money_test

import (
	"errors"
	"testing"

	"github.com/hearthcrm/hearth/shared/money"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		code string
		ok   bool
	}{{"EUR", true}, {"JPY", true}, {"eur", false}, {"EU", false}, {"EURO", false}, {"", false}} {
		_, err := money.New(100, tc.code)
		if (err == nil) != tc.ok {
			t.Errorf("New(100, %q) error = %v, want ok=%v", tc.code, err, tc.ok)
		}
	}
}

func TestAdd(t *testing.T) {
	t.Parallel()
	sum, err := money.Money{Amount: 1050, Currency: "GBP"}.Add(money.Money{Amount: 1, Currency: "GBP"})
	if err != nil || sum.Amount != 1051 || sum.Currency != "GBP" {
		t.Fatalf("Add = %v, %v; want 1051 GBP", sum, err)
	}
	if _, err := (money.Money{Amount: 1, Currency: "GBP"}).Add(money.Money{Amount: 1, Currency: "EUR"}); !errors.Is(err, money.ErrCurrencyMismatch) {
		t.Fatalf("Add across currencies: err = %v, want ErrCurrencyMismatch", err)
	}
}
