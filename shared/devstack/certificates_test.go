package devstack_test

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// TestCertificatesAtCheckIn: a member buys certificates with points, one is printed and used by a friend at
// check-in, bad requests get codes and change nothing, and the nightly run expires the one left unused.
func TestCertificatesAtCheckIn(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "PUT", "/v1/guests/G-CERT/profile", `{"name":{"last":"Cert"},"properties":["hh-lisbon"]}`, 200)
	c.do(ana, "POST", "/v1/guests/G-CERT/membership", "", 201)
	for _, ref := range []string{"w1", "w2"} { // within the admin's own adjustment limit
		c.do(ana, "POST", "/v1/guests/G-CERT/membership/adjustments", `{"points":4500,"reason":"welcome","reference":"`+ref+`"}`, 201)
	}
	balance := func() float64 { return c.do(ana, "GET", "/v1/guests/G-CERT/membership", "", 200)["balance"].(float64) }

	if code := errorCode(c.do(ben, "POST", "/v1/guests/G-CERT/certificates", `{"benefitId":"penthouse","requestId":"r0"}`, 400)); code != "unknown_benefit" {
		t.Errorf("unknown benefit: %q", code)
	}
	night := c.do(ben, "POST", "/v1/guests/G-CERT/certificates", `{"benefitId":"free-night","requestId":"r1"}`, 201)["code"].(string)
	if code := errorCode(c.do(ben, "POST", "/v1/certificates/"+night+"/issue", "", 409)); code != "insufficient_balance" || balance() != 9000 {
		t.Errorf("issuing without the points: %q, balance %v", code, balance())
	}
	spa := c.do(ben, "POST", "/v1/guests/G-CERT/certificates", `{"benefitId":"spa-60","requestId":"r2"}`, 201)["code"].(string)
	if again := c.do(ben, "POST", "/v1/guests/G-CERT/certificates", `{"benefitId":"spa-60","requestId":"r2"}`, 201)["code"]; again != spa {
		t.Errorf("a resent registration made a second certificate: %v", again)
	}
	c.do(ben, "POST", "/v1/certificates/"+spa+"/issue", "", 200)
	c.do(ben, "POST", "/v1/certificates/"+spa+"/issue", "", 200) // resent
	if balance() != 3000 {
		t.Fatalf("balance after issuing the spa certificate = %v", balance())
	}
	status, doc := c.raw(paul, "GET", "/v1/certificates/"+spa+"/pdf", "")
	if status != 200 || !bytes.HasPrefix([]byte(doc), []byte("%PDF-")) || !bytes.Contains([]byte(doc), []byte(spa[:4])) {
		t.Fatalf("printable certificate: %d %.40q", status, doc)
	}
	used := c.do(paul, "POST", "/v1/certificates/"+spa+"/use", `{"propertyId":"hh-lisbon","reservationId":"R-55","guest":"a friend"}`, 200)
	if used["status"] != "used" || used["usedBy"] != "a friend" {
		t.Fatalf("use = %v", used)
	}
	if code := errorCode(c.do(ben, "POST", "/v1/certificates/"+spa+"/cancel", "", 409)); code != "invalid_transition" || balance() != 3000 {
		t.Errorf("cancelling a used certificate: %q, balance %v", code, balance())
	}
	if code := errorCode(c.do(paul, "GET", "/v1/certificates/1234-ABCD-0000", "", 400)); code != "invalid_number" {
		t.Errorf("a mistyped code: %q", code)
	}

	late := c.do(ben, "POST", "/v1/guests/G-CERT/certificates", `{"benefitId":"late-checkout","requestId":"r3"}`, 201)["code"].(string)
	c.do(ben, "POST", "/v1/certificates/"+late+"/issue", "", 200)
	if err := c.st.Runtime.Fire(context.Background(), schedule(t, "points-expiry"), time.Now().AddDate(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	c.drain()
	if got := c.do(paul, "GET", "/v1/certificates/"+late, "", 200)["status"]; got != "expired" {
		t.Fatalf("a certificate past its last day after the nightly run: %v", got)
	}
	if n := len(c.do(ben, "GET", "/v1/guests/G-CERT/certificates", "", 200)["certificates"].([]any)); n != 3 {
		t.Fatalf("the member has %d certificates, want 3", n)
	}
}

// TestInactiveMembersCertificatesWaitForReactivation: an inactive member's issued certificate cannot be used until
// the membership is active again.
func TestInactiveMembersCertificatesWaitForReactivation(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	c.do(ana, "PUT", "/v1/guests/G-NAP/profile", `{"name":{"last":"Nap"},"properties":["hh-lisbon"]}`, 200)
	c.do(ana, "POST", "/v1/guests/G-NAP/membership", "", 201)
	c.do(ana, "POST", "/v1/guests/G-NAP/membership/adjustments", `{"points":2000,"reason":"welcome","reference":"w"}`, 201)
	code := c.do(ben, "POST", "/v1/guests/G-NAP/certificates", `{"benefitId":"late-checkout","requestId":"r1"}`, 201)["code"].(string)
	c.do(ben, "POST", "/v1/certificates/"+code+"/issue", "", 200)
	if m := c.do(ben, "POST", "/v1/guests/G-NAP/membership/status", `{"status":"inactive"}`, 200); m["status"] != "inactive" {
		t.Fatalf("deactivated = %v", m)
	}
	use := `{"propertyId":"hh-lisbon","reservationId":"R-9","guest":"Nap"}`
	if e := errorCode(c.do(paul, "POST", "/v1/certificates/"+code+"/use", use, 409)); e != "member_inactive" {
		t.Fatalf("using an inactive member's certificate: %q", e)
	}
	c.do(ben, "POST", "/v1/guests/G-NAP/membership/status", `{"status":"active"}`, 200)
	c.do(paul, "POST", "/v1/certificates/"+code+"/use", use, 200)
}
