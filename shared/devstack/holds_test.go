package devstack_test

import "testing"

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
