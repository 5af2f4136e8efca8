package devstack_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/devstack"
)

// TestFraudRulesHoldAccounts runs the demo fraud policy: a redemption right after enrolment and six earning stays
// in a day each raise one alert with its evidence and put the account on hold (it keeps earning, it cannot
// redeem); resolving with a release lifts the hold, and the same evidence does not hold it again.
func TestFraudRulesHoldAccounts(t *testing.T) {
	t.Parallel()
	c := start(t, devstack.Options{}) // the demo fraud policy
	c.do(ana, "PUT", "/v1/guests/G-FAST/profile", `{"name":{"last":"Fast"},"properties":["hh-lisbon"]}`, 200)
	c.do(ana, "POST", "/v1/guests/G-FAST/membership", "", 201)
	c.do(ana, "POST", "/v1/guests/G-FAST/membership/adjustments", `{"points":3000,"reason":"welcome","reference":"w"}`, 201)
	c.do(ben, "POST", "/v1/guests/G-FAST/membership/redemptions", `{"points":500,"reason":"bar","reference":"r1"}`, 201)
	if code := errorCode(c.do(ben, "POST", "/v1/guests/G-FAST/membership/redemptions", `{"points":500,"reason":"bar","reference":"r2"}`, 409)); code != "account_on_hold" {
		t.Fatalf("a second redemption on a held account: %q", code)
	}
	alerts := c.do(alex, "GET", "/v1/fraud/alerts", "", 200)["items"].([]any)
	if len(alerts) != 1 {
		t.Fatalf("alerts = %v", alerts)
	}
	a := alerts[0].(map[string]any)
	if a["rule"] != "early_redemption" || a["hold"].([]any)[0] != "G-FAST" || len(a["evidence"].([]any)) != 1 {
		t.Fatalf("alert = %v", a)
	}
	key := url.PathEscape(a["key"].(string))
	if at := invalidAt(c.do(ben, "POST", "/v1/fraud/alerts/"+key+"/resolution", `{"release":true}`, 400)); at != "body /note" {
		t.Errorf("resolving without a note: %q", at)
	}
	c.do(ben, "POST", "/v1/fraud/alerts/"+key+"/resolution", `{"note":"new member, called and verified","release":true}`, 200)
	if code := errorCode(c.do(ben, "POST", "/v1/fraud/alerts/"+key+"/resolution", `{"note":"again"}`, 409)); code != "already_resolved" {
		t.Errorf("resolving twice: %q", code)
	}
	c.do(ben, "POST", "/v1/guests/G-FAST/membership/redemptions", `{"points":500,"reason":"bar","reference":"r3"}`, 201)
	if n := len(c.do(alex, "GET", "/v1/fraud/alerts", "", 200)["items"].([]any)); n != 0 {
		t.Fatalf("%d open alerts after the release: the same evidence held the account again", n)
	}

	// Six stays checked out within a day by another member: earn velocity.
	c.do(ana, "PUT", "/v1/guests/G-BUSY/profile", `{"name":{"last":"Busy"},"properties":["hh-lisbon"]}`, 200)
	c.do(ana, "POST", "/v1/guests/G-BUSY/membership", "", 201)
	base := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for i := range 6 {
		c.do(ana, "POST", "/v1/events", stayEvent(t, 100+i, "G-BUSY", "hh-lisbon", fmt.Sprintf("V-%d", i), base.Add(time.Duration(i)*time.Hour), 0), 202)
	}
	c.drain()
	open := c.do(ana, "GET", "/v1/fraud/alerts", "", 200)["items"].([]any)
	if len(open) != 1 || open[0].(map[string]any)["rule"] != "earn_velocity" || !strings.Contains(open[0].(map[string]any)["detail"].(string), "6 earn events") {
		t.Fatalf("alerts after six stays = %v", open)
	}
	m := c.do(ana, "GET", "/v1/guests/G-BUSY/membership", "", 200)
	if m["member"].(map[string]any)["onHold"] != true || m["balance"].(float64) == 0 {
		t.Fatalf("the busy member: %v (held, still earning)", m["member"])
	}
}
