package devstack_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestDemoGuestsAreFiledThroughTheAPI: hearth dev's demo guests arrive as people and PMSs would send them, so the
// console shows visits, points, consent and a pending adjustment; each brand's guests stay within the brand, and
// seeding again (a persistent endpoint) changes nothing.
func TestDemoGuestsAreFiledThroughTheAPI(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	for i := 0; i < 2; i++ {
		if err := c.st.SeedDemoGuests(context.Background(), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	c.drain()
	vera := c.do(ana, "GET", "/v1/guests/G-DEMO-VERA/360", "", 200)
	if n := len(vera["visits"].([]any)); n != 3 {
		t.Fatalf("Vera's visits = %d, want 3", n)
	}
	if rev := vera["statistics"].(map[string]any)["revenue"].(map[string]any); rev["EUR"] == nil || rev["GBP"] == nil {
		t.Fatalf("Vera's spend = %v, want Lisbon's in EUR and London's in GBP", rev)
	}
	if m := c.do(ana, "GET", "/v1/guests/G-DEMO-VERA/membership", "", 200); m["balance"].(float64) <= 0 {
		t.Fatalf("Vera earned no points: %v", m)
	}
	if h := c.do(ana, "GET", "/v1/guests/G-DEMO-VERA/consent", "", 200)["history"].([]any); len(h) != 1 {
		t.Fatalf("Vera's consent = %v", h)
	}
	c.do(mia, "GET", "/v1/guests/G-DEMO-NORA/360", "", 200)
	c.do(mia, "GET", "/v1/guests/G-DEMO-VERA/360", "", 403)
	pending := c.do(ben, "GET", "/v1/approvals", "", 200)["items"].([]any)
	if len(pending) != 1 || pending[0].(map[string]any)["requestedBy"] != "seed@hearth.local" {
		t.Fatalf("pending approvals for ben = %v", pending)
	}
	// The merge review queue has the demo's pair (seeded twice: still one).
	if open := c.do(ana, "GET", "/v1/merge-reviews", "", 200)["items"].([]any); len(open) != 1 || !strings.Contains(open[0].(map[string]any)["candidate"].(map[string]any)["name"].(string), "Volkonsky") {
		t.Fatalf("demo merge reviews = %v", open)
	}
	// The loyalty dashboard was asked for: computed with the demo's members.
	if d := c.do(ana, "GET", "/v1/loyalty/dashboard", "", 200); d["members"].(map[string]any)["total"].(float64) < 2 {
		t.Fatalf("demo dashboard = %v", d["members"])
	}
	// Accounts: a household by hand, companies and an agency from the stays' PMS profiles.
	if links := vera["links"].([]any); len(links) != 3 || links[0].(map[string]any)["kind"] != "household" || links[1].(map[string]any)["name"] != "Acme Logística, S.A." {
		t.Fatalf("Vera's links = %v", links)
	}
	agencies := c.do(ana, "GET", "/v1/accounts?kind=agency", "", 200)["items"].([]any)
	if len(agencies) != 1 {
		t.Fatalf("agencies = %v", agencies)
	}
	agency := c.do(ana, "GET", "/v1/accounts/"+agencies[0].(map[string]any)["id"].(string), "", 200)
	if s := agency["stats"].(map[string]any); s["stays"] != 3.0 || len(s["byProperty"].(map[string]any)) != 2 {
		t.Fatalf("the agency's stays at London and Kyoto = %v", s)
	}
	if n := len(c.do(mia, "GET", "/v1/accounts/"+agencies[0].(map[string]any)["id"].(string), "", 200)["members"].([]any)); n != 1 {
		t.Fatalf("a Lantern marketer sees %d of the agency's clients, want Kenji only", n)
	}
	guests := c.do("", "GET", "/dev/guests", "", 200)["guests"].([]any)
	if len(guests) != 4 {
		t.Fatalf("/dev/guests = %v", guests)
	}
}
