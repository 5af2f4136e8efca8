package devstack_test

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestLoyaltyDashboard: the dashboard sums the programme; new members and points show once it is refreshed
// (nightly, or asked for), members merged away are not counted twice, and a marketer may read it but not rerun it.
func TestLoyaltyDashboard(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	before := c.do(ana, "GET", "/v1/loyalty/dashboard", "", 200)
	members := func(d map[string]any) float64 { return d["members"].(map[string]any)["total"].(float64) }
	points := func(d map[string]any) float64 { return d["points"].(map[string]any)["inCirculation"].(float64) }

	for i, pts := range []int{1200, 800, 3000} {
		g := fmt.Sprintf("G-DASH-%d", i)
		c.do(ana, "PUT", "/v1/guests/"+g+"/profile", `{"name":{"last":"Dash"},"properties":["hh-lisbon"]}`, 200)
		c.do(ana, "POST", "/v1/guests/"+g+"/membership", "", 201)
		c.do(ana, "POST", "/v1/guests/"+g+"/membership/adjustments", fmt.Sprintf(`{"points":%d,"reason":"welcome","reference":"w"}`, pts), 201)
	}
	if stale := c.do(mia, "GET", "/v1/loyalty/dashboard", "", 200); members(stale) != members(before) {
		t.Fatalf("the stored dashboard changed before a refresh: %v → %v", members(before), members(stale))
	}
	if code := errorCode(c.do(mia, "POST", "/v1/loyalty/dashboard", "", 403)); code != "forbidden" {
		t.Errorf("a marketer reran the dashboard: %s", code)
	}
	after := c.do(ana, "POST", "/v1/loyalty/dashboard", "", 200)
	if members(after) != members(before)+3 || points(after) != points(before)+5000 {
		t.Fatalf("after three members with 5,000 points: members %v → %v, points %v → %v", members(before), members(after), points(before), points(after))
	}
	tiers := 0.0
	for _, tc := range after["tiers"].([]any) {
		tiers += tc.(map[string]any)["members"].(float64)
	}
	if tiers != members(after) || len(after["trend"].([]any)) != 12 {
		t.Errorf("tier mix %v for %v members; trend of %d months", tiers, members(after), len(after["trend"].([]any)))
	}
	if got := c.do(ana, "GET", "/v1/loyalty/dashboard", "", 200); got["asOf"] != after["asOf"] {
		t.Errorf("the page does not serve the stored dashboard")
	}
	// The nightly run refreshes it too.
	c.do(ana, "POST", "/v1/guests/G-DASH-0/membership/adjustments", `{"points":100,"reason":"goodwill","reference":"g"}`, 201)
	if err := c.st.Runtime.Fire(context.Background(), schedule(t, "points-expiry"), time.Now()); err != nil {
		t.Fatal(err)
	}
	c.drain()
	if nightly := c.do(ana, "GET", "/v1/loyalty/dashboard", "", 200); points(nightly) != points(after)+100 {
		t.Errorf("after the nightly run: points %v, want %v", points(nightly), points(after)+100)
	}
}
