package devstack_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/auth"
)

// TestLoyaltyDashboard: the dashboard sums the programme; new members and points show once it is computed again
// (nightly, or asked for, away from the API), and a marketer may read it but not ask for it.
func TestLoyaltyDashboard(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	if code := errorCode(c.do(ana, "GET", "/v1/loyalty/dashboard", "", 404)); code != "not_computed" {
		t.Fatalf("before the first computation: %q", code)
	}
	c.do(ana, "POST", "/v1/loyalty/dashboard", "", 202)
	c.drain()
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
		t.Fatalf("the stored dashboard changed before it was computed again: %v → %v", members(before), members(stale))
	}
	if code := errorCode(c.do(mia, "POST", "/v1/loyalty/dashboard", "", 403)); code != "forbidden" {
		t.Errorf("a marketer reran the dashboard: %s", code)
	}
	c.do(ana, "POST", "/v1/loyalty/dashboard", "", 202)
	c.drain()
	after := c.do(ana, "GET", "/v1/loyalty/dashboard", "", 200)
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
	// The nightly schedule computes it too.
	c.do(ana, "POST", "/v1/guests/G-DASH-0/membership/adjustments", `{"points":100,"reason":"goodwill","reference":"g"}`, 201)
	if err := c.st.Runtime.Fire(context.Background(), schedule(t, "loyalty-dashboard"), time.Now().Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	c.drain()
	if nightly := c.do(ana, "GET", "/v1/loyalty/dashboard", "", 200); points(nightly) != points(after)+100 {
		t.Errorf("after the nightly run: points %v, want %v", points(nightly), points(after)+100)
	}
	// A property manager sees the programme's totals but not who, across the group, is close to a tier.
	paul := c.actor(t, auth.Actor{Subject: "p", Email: "p@test", Groups: []string{"property-manager/property/hh-lisbon"}})
	if status, raw := c.raw(paul, "GET", "/v1/loyalty/dashboard", ""); status != 200 || !strings.Contains(raw, `"closeToNext":[]`) {
		t.Errorf("a property manager's dashboard: %d %s", status, raw)
	}
}
