package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hearthcrm/hearth/shared/api"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// A refusal of the loyalty engine names the input at fault in details, whatever its code.
func TestLoyaltyRefusalsNameTheirField(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err         error
		status      int
		code, field string
	}{
		{&loyalty.FieldError{Field: "replacement", Problem: "is the same card"}, http.StatusBadRequest, "invalid_request", "replacement"},
		{fmt.Errorf("card 1234: %w", &loyalty.FieldError{Field: "amount", Problem: "GBP on a EUR card", Cause: loyalty.ErrCurrencyMismatch}), http.StatusBadRequest, "currency_mismatch", "amount"},
		{&loyalty.TransitionError{Entity: "card", ID: "1234", From: "stock", Action: "load"}, http.StatusConflict, "invalid_transition", ""},
	} {
		status, body := api.ErrorOf(tc.err)
		field := ""
		if len(body.Details) == 1 {
			field = body.Details[0].Field
		}
		if status != tc.status || body.Code != tc.code || field != tc.field || len(body.Details) > 1 {
			t.Errorf("%v: %d %s %v, want %d %s naming %q", tc.err, status, body.Code, body.Details, tc.status, tc.code, tc.field)
		}
	}
}
