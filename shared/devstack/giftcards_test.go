package devstack_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

// TestGiftCardsAtTheTill sells, reloads and spends a card across properties through the API, splits a bill with
// cash, answers a retried request once, refuses bad input with a code while changing nothing, and exports the
// day's movements to the general ledger without card numbers.
func TestGiftCardsAtTheTill(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	n := stockCard(c)
	op := func(user, action, body string, status int) map[string]any {
		return c.do(user, "POST", "/v1/giftcards/"+n+"/"+action, body, status)
	}
	op(paul, "sale", `{"propertyId":"hh-lisbon","requestId":"T1","amount":{"amount":10000,"currency":"EUR"},"buyer":"Rita Lopes","recipient":"João Lopes","tender":"card"}`, 200)
	op(ben, "loads", `{"propertyId":"hh-london","requestId":"T2","amount":{"amount":5000,"currency":"EUR"},"tender":"cash"}`, 200)
	split := op(paul, "redemptions", `{"propertyId":"hh-lisbon","requestId":"C1","amount":{"amount":20000,"currency":"EUR"},"reference":"CHK-1","otherTender":"cash"}`, 200)["split"].(map[string]any)
	if split["card"].(map[string]any)["amount"] != 15000.0 || split["remainder"].(map[string]any)["amount"] != 5000.0 || split["remainderTender"] != "cash" {
		t.Fatalf("split = %v", split)
	}
	again := op(paul, "redemptions", `{"propertyId":"hh-lisbon","requestId":"C1","amount":{"amount":20000,"currency":"EUR"},"reference":"CHK-1","otherTender":"cash"}`, 200)
	if again["replayed"] != true {
		t.Fatalf("a retried redemption = %v", again)
	}
	op(paul, "loads", `{"propertyId":"hh-lisbon","requestId":"T3","amount":{"amount":3000,"currency":"EUR"},"tender":"cash"}`, 200)

	before := c.do(alex, "GET", "/v1/giftcards/"+n, "", 200)
	for _, tc := range []struct {
		name, action, body string
		status             int
		code               string // or, for an invalid_request, the fields it names
	}{
		{"negative amount", "loads", `{"propertyId":"hh-lisbon","requestId":"B1","amount":{"amount":-500,"currency":"EUR"},"tender":"cash"}`, 400, "body /amount/amount"},
		{"currency mismatch", "redemptions", `{"propertyId":"hh-lisbon","requestId":"B2","amount":{"amount":500,"currency":"GBP"}}`, 400, "currency_mismatch"},
		{"more than the balance", "redemptions", `{"propertyId":"hh-lisbon","requestId":"B3","amount":{"amount":9999,"currency":"EUR"}}`, 409, "insufficient_balance"},
		{"sold again", "sale", `{"propertyId":"hh-lisbon","requestId":"B4","amount":{"amount":500,"currency":"EUR"},"buyer":"X","tender":"cash"}`, 409, "invalid_transition"},
		{"no request id", "loads", `{"propertyId":"hh-lisbon","amount":{"amount":500,"currency":"EUR"},"tender":"cash"}`, 400, "body /requestId"},
		{"unknown field", "loads", `{"propertyId":"hh-lisbon","requestId":"B5","amount":{"amount":500,"currency":"EUR"},"tender":"cash","cvv":"123"}`, 400, "body /cvv"},
	} {
		if code := invalidAt(op(paul, tc.action, tc.body, tc.status)); code != tc.code {
			t.Errorf("%s: code %q, want %q", tc.name, code, tc.code)
		}
	}
	if code := errorCode(c.do(paul, "POST", "/v1/giftcards/6035000000000000/loads", `{"propertyId":"hh-lisbon","requestId":"B6","amount":{"amount":500,"currency":"EUR"},"tender":"cash"}`, 400)); code != "invalid_number" {
		t.Errorf("a mistyped card number: %q", code)
	}
	unknown, _ := loyalty.NewCardNumber("6035", 987654, 16) // a valid number that was never printed
	if code := errorCode(c.do(paul, "POST", "/v1/giftcards/"+string(unknown)+"/loads", `{"propertyId":"hh-lisbon","requestId":"B7","amount":{"amount":500,"currency":"EUR"},"tender":"cash"}`, 404)); code != "unknown_card" {
		t.Errorf("an unknown card: %q", code)
	}
	after := c.do(alex, "GET", "/v1/giftcards/"+n, "", 200)
	if after["card"].(map[string]any)["balance"].(map[string]any)["amount"] != 3000.0 ||
		len(after["transactions"].([]any)) != len(before["transactions"].([]any)) {
		t.Fatalf("refused requests changed the card: %v → %v", before, after)
	}
	if code := errorCode(c.do(mia, "POST", "/v1/giftcards/"+n+"/loads", `{"propertyId":"ln-kyoto","requestId":"M1","amount":{"amount":500,"currency":"EUR"},"tender":"cash"}`, 403)); code != "forbidden" {
		t.Errorf("a marketer loading a card: %q", code)
	}

	found := c.do(ana, "GET", "/v1/giftcards?recipient=jo%C3%A3o%20lopes", "", 200)["items"].([]any)
	if len(found) != 1 {
		t.Fatalf("enquiry by recipient = %v", found)
	}
	liab := c.do(ana, "GET", "/v1/giftcards/liability?sort=balance", "", 200)
	if totals := liab["totals"].([]any); len(totals) != 1 || totals[0].(map[string]any)["amount"] != 3000.0 {
		t.Fatalf("liability = %v", liab)
	}
	day := after["transactions"].([]any)[0].(map[string]any)["at"].(string)[:10]
	gl := c.do(ana, "POST", "/v1/exports/giftcards/gl/"+day, "", 201)
	if gl["rows"] != 4.0 {
		t.Fatalf("GL export = %v", gl)
	}
	csv, err := os.ReadFile(filepath.Join(c.dataDir, "s3", "exports", gl["key"].(string)))
	if err != nil || strings.Contains(string(csv), n) || !strings.Contains(string(csv), "redemption,gift_card_liability,tender_giftcard,15000,EUR") {
		t.Fatalf("GL file (%v):\n%s", err, csv)
	}
}

// TestGoodwillCreditsAboveTheLimitNeedASecondPerson: a small goodwill credit posts at once; a large one waits for
// a second person and posts once approved.
func TestGoodwillCreditsAboveTheLimitNeedASecondPerson(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	n := soldCard(c) // 200.00 EUR
	balance := func() float64 {
		return c.do(ana, "GET", "/v1/giftcards/"+n, "", 200)["card"].(map[string]any)["balance"].(map[string]any)["amount"].(float64)
	}
	c.do(ben, "POST", "/v1/giftcards/"+n+"/credits", `{"propertyId":"hh-lisbon","requestId":"g1","amount":{"amount":1500,"currency":"EUR"},"reason":"cold dinner"}`, 200)
	if balance() != 21500 {
		t.Fatalf("after a small credit: %v", balance())
	}
	pending := c.do(ben, "POST", "/v1/giftcards/"+n+"/credits", `{"propertyId":"hh-lisbon","requestId":"g2","amount":{"amount":30000,"currency":"EUR"},"reason":"wedding mix-up"}`, 202)
	id := pending["approval"].(map[string]any)["id"].(string)
	c.drain()
	if balance() != 21500 {
		t.Fatalf("a pending credit posted: %v", balance())
	}
	c.do(ana, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 200)
	c.drain()
	if balance() != 51500 {
		t.Fatalf("after approval: %v", balance())
	}
}

// TestGiftCardsExpireOnTheNightlyRun: five years after its sale (the demo policy) the nightly run expires a card
// and moves its balance to the breakage account.
func TestGiftCardsExpireOnTheNightlyRun(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	n := soldCard(c)
	if err := c.st.Runtime.Fire(context.Background(), schedule(t, "points-expiry"), time.Now().AddDate(5, 0, 2)); err != nil {
		t.Fatal(err)
	}
	c.drain()
	card := c.do(ana, "GET", "/v1/giftcards/"+n, "", 200)["card"].(map[string]any)
	if card["status"] != "expired" || card["balance"].(map[string]any)["amount"] != 0.0 {
		t.Fatalf("five years on: %v", card)
	}
}
