package devstack_test

import (
	"fmt"
	"testing"
)

// TestPointsHoldCaptureReleaseReverse: a spa booking holds points, the treatment takes part of them (the rest goes
// back), a cancelled dinner releases its hold, and a refunded redemption is reversed; bad steps get codes and
// change nothing.
func TestPointsHoldCaptureReleaseReverse(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "PUT", "/v1/guests/G-HOLD/profile", `{"name":{"last":"Hold"},"properties":["hh-lisbon"]}`, 200)
	c.do(ana, "POST", "/v1/guests/G-HOLD/membership", "", 201)
	c.do(ana, "POST", "/v1/guests/G-HOLD/membership/adjustments", `{"points":3000,"reason":"welcome","reference":"w"}`, 201)
	state := func() (float64, float64) {
		m := c.do(ana, "GET", "/v1/guests/G-HOLD/membership", "", 200)
		return m["balance"].(float64), m["available"].(float64)
	}
	base := "/v1/guests/G-HOLD/membership/"
	c.do(ben, "POST", base+"holds", `{"points":1000,"reason":"spa","reference":"SPA-1"}`, 201)
	if b, a := state(); b != 3000 || a != 2000 {
		t.Fatalf("after the hold: balance %v available %v", b, a)
	}
	if code := errorCode(c.do(ben, "POST", base+"holds", `{"points":2500,"reason":"suite","reference":"SUITE-1"}`, 409)); code != "insufficient_balance" {
		t.Errorf("holding more than is available: %q", code)
	}
	c.do(ben, "POST", base+"holds/SPA-1/capture", `{"points":600}`, 201)
	c.do(ben, "POST", base+"holds/SPA-1/capture", `{"points":600}`, 201) // resent
	if b, a := state(); b != 2400 || a != 2400 {
		t.Fatalf("after a partial capture: balance %v available %v", b, a)
	}
	c.do(ben, "POST", base+"holds", `{"points":500,"reason":"dinner","reference":"DIN-1"}`, 201)
	c.do(ben, "POST", base+"holds/DIN-1/release", "", 201)
	if code := errorCode(c.do(ben, "POST", base+"holds/NOPE/capture", "", 404)); code != "unknown_hold" {
		t.Errorf("capturing an unknown hold: %q", code)
	}
	c.do(ben, "POST", base+"reversals", `{"entryKey":"capture/SPA-1","reason":"treatment refunded"}`, 201)
	c.do(ben, "POST", base+"reversals", `{"entryKey":"capture/SPA-1","reason":"treatment refunded"}`, 201) // resent
	if code := errorCode(c.do(ben, "POST", base+"reversals", `{"entryKey":"hold/DIN-1","reason":"x"}`, 400)); code != "invalid_posting" {
		t.Errorf("reversing a hold: %q", code)
	}
	if b, a := state(); b != 3000 || a != 3000 {
		t.Fatalf("after the reversal: balance %v available %v", b, a)
	}
}

// TestLargeRedemptionsAndTierOverridesNeedASecondPerson: above the loyalty manager's limit a redemption waits for
// approval and posts only then; a manual tier change always waits, and a rejected one changes nothing.
func TestLargeRedemptionsAndTierOverridesNeedASecondPerson(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "PUT", "/v1/guests/G-BIG/profile", `{"name":{"last":"Big"},"properties":["hh-lisbon"]}`, 200)
	c.do(ana, "POST", "/v1/guests/G-BIG/membership", "", 201)
	for i := range 6 {
		c.do(ana, "POST", "/v1/guests/G-BIG/membership/adjustments", fmt.Sprintf(`{"points":5000,"reason":"top-up","reference":"t%d"}`, i), 201)
	}
	balance := func() float64 { return c.do(ana, "GET", "/v1/guests/G-BIG/membership", "", 200)["balance"].(float64) }
	pending := c.do(ben, "POST", "/v1/guests/G-BIG/membership/redemptions", `{"points":25000,"reason":"suite week","reference":"big1"}`, 202)
	id := pending["approval"].(map[string]any)["id"].(string)
	c.drain()
	if balance() != 30000 {
		t.Fatalf("a pending redemption posted: %v", balance())
	}
	if code := errorCode(c.do(ben, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 403)); code != "self_approval" {
		t.Fatalf("self approval: %q", code)
	}
	c.do(ana, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 200)
	c.drain()
	if balance() != 5000 {
		t.Fatalf("after approval: %v", balance())
	}

	reject := c.do(ben, "POST", "/v1/guests/G-BIG/membership/tier", `{"tier":"gold","reason":"press"}`, 202)["approval"].(map[string]any)["id"].(string)
	c.do(ana, "POST", "/v1/approvals/"+reject+"/decision", `{"outcome":"rejected"}`, 200)
	c.drain()
	if tier := c.do(ana, "GET", "/v1/guests/G-BIG/membership", "", 200)["member"].(map[string]any)["tier"]; tier != "member" {
		t.Fatalf("a rejected override changed the tier to %v", tier)
	}
	approve := c.do(ben, "POST", "/v1/guests/G-BIG/membership/tier", `{"tier":"gold","reason":"ambassador"}`, 202)["approval"].(map[string]any)["id"].(string)
	c.do(ana, "POST", "/v1/approvals/"+approve+"/decision", `{"outcome":"approved"}`, 200)
	c.drain()
	if tier := c.do(ana, "GET", "/v1/guests/G-BIG/membership", "", 200)["member"].(map[string]any)["tier"]; tier != "gold" {
		t.Fatalf("after the approved override: %v", tier)
	}
	if code := errorCode(c.do(ben, "POST", "/v1/guests/G-BIG/membership/tier", `{"tier":"gold","reason":"again"}`, 400)); code != "bad_request" {
		t.Errorf("overriding to the current tier: %q", code)
	}
}
