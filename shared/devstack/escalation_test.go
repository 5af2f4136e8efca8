package devstack_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/auth"
)

// TestWaitingApprovalsEscalate: a request left waiting half its time goes up to the group's approvers on the
// hourly tick (once, however often it runs): the property's and the brand's approvers may no longer decide it,
// a group-wide approver may.
func TestWaitingApprovalsEscalate(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	zoe := c.actor(t, auth.Actor{Subject: "zoe", Email: "zoe@harbour.example", Groups: []string{"group-admin/group"}})
	id := c.do(ana, "POST", "/v1/approvals", `{"kind":"points_adjustment","summary":"+5000 points goodwill","brandId":"harbour","propertyId":"hh-lisbon","payload":{"points":5000}}`, 202)["id"].(string)
	c.drain()
	tick := func(at time.Time) {
		if err := c.st.Runtime.Fire(context.Background(), schedule(t, "night-audit"), at); err != nil {
			t.Fatal(err)
		}
		c.drain()
	}
	tick(time.Now().Add(time.Hour))
	if a := c.do(ben, "GET", "/v1/approvals/"+id, "", 200); a["escalatedAt"] != nil {
		t.Fatalf("escalated after an hour: %v", a)
	}
	for range 2 {
		tick(time.Now().Add(4 * 24 * time.Hour)) // past half of the 7-day wait
	}
	a := c.do(alex, "GET", "/v1/approvals/"+id, "", 200)
	if a["escalatedAt"] == nil || a["status"] != "pending" {
		t.Fatalf("after half the wait: %v", a)
	}
	for _, who := range []string{paul, ben} {
		if code := errorCode(c.do(who, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 403)); code != "forbidden" {
			t.Errorf("%s deciding an escalated request: %q", who, code)
		}
	}
	if d := c.do(zoe, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 200); d["status"] != "approved" {
		t.Fatalf("a group approver's decision: %v", d)
	}
}
