package devstack_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/profile"
)

const guestProfile = `{
  "name": {"first": "Beatriz", "last": "Quintanilha"},
  "contacts": [{"type": "email", "value": "bia.quintanilha@example.org", "verified": true}, {"type": "mobile", "value": "+351934567890"}],
  "addresses": [{"type": "home", "line1": "Travessa do Carmo 7", "postcode": "1200-095", "city": "Lisboa", "country": "PT"}],
  "birthDate": "1979-06-13",
  "vip": {"level": 1},
  "properties": ["hh-lisbon"]
}`

var guestPII = []string{"Beatriz", "Quintanilha", "bia.quintanilha@example.org", "+351934567890", "934567890", "Travessa do Carmo"}

func stayFor(guestID string) string {
	return `{"id":"01JD4Y3Q7W5E9K2M8N6P0R9ZZZ","type":"Stay Checked Out","version":1,"occurredAt":"2026-11-20T11:00:00Z",
	"brandId":"harbour","propertyId":"hh-lisbon","guestId":"` + guestID + `","idempotencyKey":"stay/S-1",
	"data":{"source":{"system":"opera","recordId":"R-1"},"reservationId":"R-1","stayId":"S-1","arrival":"2026-11-18","departure":"2026-11-20","nights":2,
	"folio":[{"category":"room","amount":{"amount":40000,"currency":"EUR"}}],"total":{"amount":40000,"currency":"EUR"},
	"guest":{"sourceGuestId":"P-1","firstName":"Beatriz","lastName":"Quintanilha","email":"bia.quintanilha@example.org","phone":"+351 934 567 890"}}}`
}

// TestErasureLeavesNoPIIAnywhere seeds a guest everywhere Hearth keeps personal data, erases them through the
// approval workflow and then searches every table and the data folder for their name, email and phone.
func TestErasureLeavesNoPIIAnywhere(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	zoe := c.actor(t, auth.Actor{Subject: "zoe", Email: "zoe@harbour.example", Groups: []string{"group-admin/group"}})
	c.do(ana, "PUT", "/v1/guests/G-ERASE/profile", guestProfile, 200)
	c.do(ana, "POST", "/v1/guests/G-ERASE/consent", `{"channel":"email","purpose":"marketing","scope":"group","status":"granted","source":"precheckin"}`, 201)
	c.do(ana, "POST", "/v1/suppressions", `{"channel":"email","address":"Bia.Quintanilha@example.org","reason":"complaint"}`, 201)
	c.do(ana, "POST", "/v1/events", stayFor("G-ERASE"), 202)
	c.drain()
	c.do(ana, "POST", "/v1/exports/journal/2026-11-20", "", 201)
	if got := c.do(ana, "GET", "/v1/guests/G-ERASE/profile", "", 200); got["version"] != 1.0 {
		t.Fatalf("profile = %v", got)
	}
	access := c.do(ana, "GET", "/v1/guests/G-ERASE/export", "", 200)
	if raw, _ := json.Marshal(access); !strings.Contains(string(raw), "Quintanilha") || len(access["events"].([]any)) != 2 || len(access["consentHistory"].([]any)) != 1 {
		t.Fatalf("right of access export = %s", raw)
	}
	if n := countPII(t, c); n == 0 {
		t.Fatal("the seeded PII is not found before erasure: the search is blind")
	}

	approval := c.do(ana, "POST", "/v1/guests/G-ERASE/erasure", "", 202)
	id := approval["id"].(string)
	if code := errorCode(c.do(ana, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 403)); code != "self_approval" {
		t.Fatalf("requester approving their own erasure: %q", code)
	}
	c.do(zoe, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 200)
	c.drain()
	if dead := c.do(ana, "GET", "/v1/ops/queues/privacy/dead-letters", "", 200)["items"].([]any); len(dead) != 0 {
		t.Fatalf("erasure failed: %v", dead)
	}

	if n := countPII(t, c); n != 0 {
		t.Fatalf("%d pieces of the erased guest's PII remain", n)
	}
	tomb := c.do(ana, "GET", "/v1/guests/G-ERASE/profile", "", 200)
	if tomb["erasedAt"] == nil || tomb["profile"].(map[string]any)["name"].(map[string]any)["last"] != "[erased]" {
		t.Fatalf("tombstone = %v", tomb)
	}
	if history := c.do(ana, "GET", "/v1/guests/G-ERASE/consent", "", 200)["history"].([]any); len(history) != 1 {
		t.Fatalf("consent proof was lost: %v", history)
	}
	// The next message about the same person does not quietly bring them back.
	if code := errorCode(c.do(ana, "PUT", "/v1/guests/G-NEW/profile", guestProfile, 409)); code != "erased_identity" {
		t.Fatalf("re-creating an erased identity: code %q", code)
	}
	c.do(ana, "PUT", "/v1/guests/G-NEW/profile?consentGiven=true", guestProfile, 200)
}

// countPII searches every table (raw items) and every file under the data folder.
func countPII(t *testing.T, c *client) int {
	t.Helper()
	ctx := context.Background()
	client := c.st.DB.Dynamo().Client().(*dynamodb.Client)
	found := 0
	for _, table := range topology.Hearth().Tables {
		out, err := client.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(c.st.DB.TableName(table.Name))})
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(out.Items)
		if n := countIn(table.Name, string(raw)); n > 0 {
			t.Logf("%s: %s", table.Name, raw)
			found += n
		}
	}
	_ = filepath.WalkDir(c.dataDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			found += countIn(path, string(b))
		}
		return nil
	})
	return found
}

func countIn(where, s string) int {
	n := 0
	low := strings.ToLower(s)
	for _, p := range guestPII {
		if strings.Contains(low, strings.ToLower(p)) {
			n++
		}
	}
	return n
}

// TestRetentionPolicyDrivesExpiryAndSweep sets a group policy, checks journal entries expire by their data class,
// and runs the daily sweep over a guest inactive for longer than the profile period.
func TestRetentionPolicyDrivesExpiryAndSweep(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	ctx := context.Background()
	if code := errorCode(c.do(ana, "PUT", "/v1/retention", `{"days":{"profile":30,"stays":2555,"spend":2555,"messages":400,"surveys":730,"audit":2555}}`, 400)); code != "invalid_retention" {
		t.Fatalf("profile period below the minimum: code %q", code)
	}
	c.do(ana, "PUT", "/v1/retention", `{"days":{"profile":400,"stays":2200,"spend":2555,"messages":400,"surveys":730,"audit":2555}}`, 200)
	c.do(ana, "POST", "/v1/events", stayFor("G-KEEP"), 202)
	c.drain()
	out, err := c.st.DB.Dynamo().Client().(*dynamodb.Client).Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(c.st.DB.TableName(topology.TableJournal))})
	if err != nil || len(out.Items) != 1 {
		t.Fatalf("journal items = %d, %v", len(out.Items), err)
	}
	raw, _ := json.Marshal(out.Items[0]["expiresAt"])
	want := time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC).AddDate(0, 0, 2200).Unix()
	if !strings.Contains(string(raw), strconv.FormatInt(want, 10)) {
		t.Fatalf("stay event expiresAt = %s, want %d (occurredAt + 2200 days)", raw, want)
	}

	p, err := profile.Parse([]byte(guestProfile))
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().AddDate(-2, 0, 0)
	if _, err := c.st.App.Profiles().Put(ctx, "G-GONE", p, 0, nil, old); err != nil {
		t.Fatal(err)
	}
	c.do(ana, "PUT", "/v1/guests/G-RECENT/profile", `{"name":{"last":"Recent"},"properties":["hh-lisbon"]}`, 200)
	sweep := schedule(t, "retention-sweep")
	for i := 0; i < 2; i++ { // a repeated schedule is harmless
		if err := c.st.Runtime.Fire(ctx, sweep, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	c.drain()
	if gone := c.do(ana, "GET", "/v1/guests/G-GONE/profile", "", 200); gone["erasedAt"] == nil {
		t.Fatalf("inactive guest was not erased: %v", gone)
	}
	if kept := c.do(ana, "GET", "/v1/guests/G-RECENT/profile", "", 200); kept["erasedAt"] != nil {
		t.Fatalf("active guest was erased: %v", kept)
	}
}

// TestErasingAnIngestedGuestForgetsTheirIdentity erases a guest who only ever arrived through a PMS: matching's
// keys, lineage and golden record lose the personal data, and the next message about them creates nobody.
func TestErasingAnIngestedGuestForgetsTheirIdentity(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	zoe := c.actor(t, auth.Actor{Subject: "zoe", Email: "zoe@harbour.example", Groups: []string{"group-admin/group"}})
	checkout, err := os.ReadFile("../ingest/testdata/json/check_out.json")
	if err != nil {
		t.Fatal(err)
	}
	secret := c.st.Sources["hh-lisbon-pms"]
	if status := signedPost(t, c, "/ingest/hh-lisbon-pms/checkout", secret, checkout, time.Now()); status != 202 {
		t.Fatalf("delivery: %d", status)
	}
	c.drain()
	var guest string
	for _, e := range c.do(ana, "GET", "/v1/journal/days/2026-12-22", "", 200)["items"].([]any) {
		if id, _ := e.(map[string]any)["guestId"].(string); id != "" {
			guest = id
		}
	}
	if guest == "" {
		t.Fatal("the stay reached the journal without a guest")
	}
	pii := []string{"ana.sousa@example.com", "Sousa", "912345678"}
	if n := countValues(t, c, pii); n == 0 {
		t.Fatal("the ingested guest's PII is not found before erasure: the search is blind")
	}
	id := c.do(ana, "POST", "/v1/guests/"+guest+"/erasure", "", 202)["id"].(string)
	c.do(zoe, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 200)
	c.drain()
	if n := countValuesEverywhere(t, c, pii); n != 0 {
		t.Fatalf("%d pieces of the erased guest's PII remain in the tables or the raw archive", n)
	}
	// The PMS sends the same guest again: nobody is created, and the event carries no personal data. (The raw
	// archive keeps the new message as received: matching recognises the erased identity only after archiving.)
	if status := signedPost(t, c, "/ingest/hh-lisbon-pms/checkout", secret, checkout, time.Now().Add(time.Second)); status != 202 {
		t.Fatalf("second delivery: %d", status)
	}
	c.drain()
	if n := countValues(t, c, pii); n != 0 {
		t.Fatalf("the erased identity came back: %d pieces of PII", n)
	}
}

// countValues searches every table for the values.
func countValues(t *testing.T, c *client, values []string) int {
	t.Helper()
	client := c.st.DB.Dynamo().Client().(*dynamodb.Client)
	found := 0
	for _, table := range topology.Hearth().Tables {
		out, err := client.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(c.st.DB.TableName(table.Name))})
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(out.Items)
		for _, v := range values {
			if strings.Contains(strings.ToLower(string(raw)), strings.ToLower(v)) {
				t.Logf("%s holds %q", table.Name, v)
				found++
			}
		}
	}
	return found
}
