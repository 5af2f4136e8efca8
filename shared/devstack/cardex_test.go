package devstack_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCardexExports: a query finds the guests who stayed at Lisbon with enough spend; the Mailchimp list of the
// same query keeps only the guest who consented to email marketing, and an erased-looking guest without consent
// never appears.
func TestCardexExports(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	for _, g := range []struct{ id, first, nat, email string }{
		{"G-CX1", "Carla", "PT", "carla@hearth-guests.pt"},
		{"G-CX2", "Diogo", "PT", "diogo@hearth-guests.pt"},
		{"G-CX3", "Emma", "GB", "emma@hearth-guests.pt"},
	} {
		c.do(ana, "PUT", "/v1/guests/"+g.id+"/profile", `{"name":{"first":"`+g.first+`","last":"Cardex"},"nationality":"`+g.nat+`","properties":["hh-lisbon"],
			"contacts":[{"type":"email","value":"`+g.email+`"}]}`, 200)
		c.do(ana, "POST", "/v1/events", strings.NewReplacer(`"guestId": "G-01JD4Y"`, `"guestId": "`+g.id+`"`, `"idempotencyKey": "stay_checked_out/0001"`,
			`"idempotencyKey": "cx/`+g.id+`"`, `"id": "01JD4Y3Q7W5E9K2M8N6P0R1S2T"`, `"id": "01JD4Y3Q7W5E9K2M8N6P0RCX`+g.id[4:]+`"`).Replace(string(fixture(t, "stay_checked_out"))), 202)
	}
	c.do(ana, "POST", "/v1/guests/G-CX1/consent", `{"channel":"email","purpose":"marketing","scope":"group","status":"granted","source":"precheckin"}`, 201)
	c.drain()
	read := func(out map[string]any) string {
		b, err := os.ReadFile(filepath.Join(c.dataDir, "s3", "exports", out["key"].(string)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	all := c.do(ana, "POST", "/v1/exports/cardex", `{"propertyId":"hh-lisbon","from":"2026-12-01","to":"2026-12-31","nationality":"PT","minRevenue":{"amount":90000,"currency":"EUR"}}`, 201)
	if csv := read(all); all["rows"] != 2.0 || !strings.Contains(csv, "G-CX1") || !strings.Contains(csv, "G-CX2") || strings.Contains(csv, "G-CX3") {
		t.Fatalf("cardex = %v:\n%s", all, csv)
	}
	if none := c.do(ana, "POST", "/v1/exports/cardex", `{"propertyId":"hh-lisbon","minRevenue":{"amount":99999999,"currency":"EUR"}}`, 201); none["rows"] != 0.0 {
		t.Fatalf("revenue above everyone's: %v", none)
	}
	list := c.do(ana, "POST", "/v1/exports/cardex", `{"propertyId":"hh-lisbon","nationality":"PT","format":"mailchimp"}`, 201)
	csv := read(list)
	if list["rows"] != 1.0 || !strings.HasPrefix(csv, "Email Address,First Name,Last Name") || !strings.Contains(csv, "carla@hearth-guests.pt,Carla,Cardex") || strings.Contains(csv, "diogo") {
		t.Fatalf("Mailchimp list = %v:\n%s", list, csv)
	}
	if code := errorCode(c.do(ana, "POST", "/v1/exports/cardex", `{"format":"mailchimp"}`, 400)); code != "bad_request" {
		t.Errorf("a Mailchimp list without a sending brand: %q", code)
	}
	if code := errorCode(c.do(mia, "POST", "/v1/exports/cardex", `{"propertyId":"hh-lisbon"}`, 403)); code != "forbidden" {
		t.Errorf("another brand's marketer: %q", code)
	}
}
