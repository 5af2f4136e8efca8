package devstack_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/blob"
	"github.com/hearthcrm/hearth/shared/devstack"
	"github.com/hearthcrm/hearth/shared/intake"
)

// beatriz is how the Lisbon PMS writes the guest: the reservation and check-out samples with her details.
var beatriz = strings.NewReplacer(
	`"ANA MARIA"`, `"BEATRIZ"`, `"Ana Maria"`, `"Beatriz"`, `"SOUSA"`, `"QUINTANILHA"`, `"Sousa"`, `"Quintanilha"`,
	`"Ana.Sousa@Example.com"`, `"Bia.Quintanilha@Example.org"`, `"ana.sousa@example.com"`, `"bia.quintanilha@example.org"`,
	`"912 345 678"`, `"934 567 890"`, `"HH-0042-7731"`, `"HH-0042-9913"`,
	`"R-88123"`, `"R-BQ1"`, `"S-88123"`, `"S-BQ1"`, `"P-5521"`, `"P-9001"`)

// beatrizPII is everything that must not survive her erasure, in every form a system wrote it.
var beatrizPII = append([]string{"934 567 890", "HH-0042-9913"}, guestPII...)

// flakyBlobs fails the second erasure of an archived object, as S3 might midway through an erasure.
type flakyBlobs struct {
	blob.Store
	mu     sync.Mutex
	erases int
}

func (f *flakyBlobs) Erase(ctx context.Context, bucket, key string) error {
	f.mu.Lock()
	f.erases++
	n := f.erases
	f.mu.Unlock()
	if n == 2 {
		return errors.New("injected: S3 unavailable")
	}
	return f.Store.Erase(ctx, bucket, key)
}

// TestErasingAnIngestedMemberLeavesNoPIIAnywhere: a guest known from signed PMS messages (a reservation, a
// check-out and a row of a CSV import shared with another guest), a loyalty member with points, consent, a console
// profile, a suppression and exports, is erased through the approval workflow while the archive fails once
// midway. Afterwards no table and no file (raw archive, outbox, exports) holds her name, email or phone; the CSV
// chunk keeps the other guest's row; her points, statement and ledger still add up; and the next PMS message
// about her creates nobody until she consents again.
func TestErasingAnIngestedMemberLeavesNoPIIAnywhere(t *testing.T) {
	t.Parallel()
	flaky := &flakyBlobs{}
	c := start(t, devstack.Options{Blobs: func(b blob.Store) blob.Store { flaky.Store = b; return flaky }})
	zoe := c.actor(t, auth.Actor{Subject: "zoe", Email: "zoe@harbour.example", Groups: []string{"group-admin/group"}})
	secret := c.st.Sources["hh-lisbon-pms"]
	at := time.Now()
	deliver := func(path string, body []byte) {
		t.Helper()
		at = at.Add(time.Second) // a fresh signature each time
		if status := signedPost(t, c, path, secret, body, at); status != 202 {
			t.Fatalf("%s: %d", path, status)
		}
	}
	sample := func(name string) []byte {
		b, err := os.ReadFile("../ingest/testdata/json/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return []byte(beatriz.Replace(string(b)))
	}

	deliver("/ingest/hh-lisbon-pms/reservation", sample("reservation_booked.json"))
	c.drain()
	guest := guestOf(t, c, "2026-11-20", "Reservation Upserted")
	c.do(ana, "POST", "/v1/guests/"+guest+"/membership", "", 201)
	c.do(ana, "POST", "/v1/guests/"+guest+"/consent", `{"channel":"email","purpose":"marketing","scope":"group","status":"granted","source":"pms"}`, 201)
	c.do(ana, "PUT", "/v1/guests/"+guest+"/profile", guestProfile, 200)
	c.do(ana, "POST", "/v1/suppressions", `{"channel":"email","address":"Bia.Quintanilha@example.org","reason":"complaint"}`, 201)
	deliver("/ingest/hh-lisbon-pms/checkout", sample("check_out.json"))
	header := "reservation_id,stay_id,arrival,departure,nights,checked_out_at,currency,room_revenue,food_beverage_revenue,spa_revenue,other_revenue,total,guest_id,first_name,last_name,email,phone,country,loyalty_number,card_number"
	chunk := intake.EncodeChunk(intake.Chunk{Header: strings.Split(header, ","), Rows: []byte(
		"R-BQ2,S-BQ2,2027-01-03,2027-01-05,2,2027-01-05 10:00,EUR,400.00,,,,400.00,P-9001,Beatriz,Quintanilha,bia.quintanilha@example.org,934567890,PT,,\n" +
			"R-LVB,S-LVB,2027-01-03,2027-01-06,3,2027-01-06 10:00,EUR,600.00,,,,600.00,P-7710,Lukas,van der Berg,lukas.vdb@example.nl,+31612345678,NL,,\n")})
	deliver("/ingest/hh-lisbon-pms/stays/csv?firstLine=2", chunk)
	c.drain()
	c.do(ana, "POST", "/v1/exports/journal/2026-12-22", "", 201)
	if access := c.do(ana, "GET", "/v1/guests/"+guest+"/export", "", 200); len(access["events"].([]any)) < 3 {
		t.Fatalf("right of access export = %v", access)
	}
	archive := filepath.Join(c.dataDir, "s3", "archive")
	if files := archived(t, archive); len(files) != 3 || countIn("archive", strings.Join(values(files), "\n")) == 0 {
		t.Fatalf("the raw archive does not hold her three messages: %v", files)
	}
	if n := countValuesEverywhere(t, c, beatrizPII); n == 0 {
		t.Fatal("the seeded PII is not found before erasure: the search is blind")
	}
	before := c.do(ana, "GET", "/v1/guests/"+guest+"/membership", "", 200)
	if before["balance"].(float64) <= 0 || len(before["statement"].([]any)) < 2 {
		t.Fatalf("the member earned nothing from her stays: %v", before)
	}
	ledgerAddsUp(t, c, before)

	id := c.do(ana, "POST", "/v1/guests/"+guest+"/erasure", "", 202)["id"].(string)
	c.do(zoe, "POST", "/v1/approvals/"+id+"/decision", `{"outcome":"approved"}`, 200)
	c.drain()
	if dead := c.do(ana, "GET", "/v1/ops/queues/privacy/dead-letters", "", 200)["items"].([]any); len(dead) != 0 {
		t.Fatalf("erasure failed: %v", dead)
	}
	if flaky.erases < 3 || queueStat(t, c, "privacy", "failed") < 1 {
		t.Fatalf("the injected failure did not happen (%d erases): the retry is untested", flaky.erases)
	}

	if n := countValuesEverywhere(t, c, beatrizPII); n != 0 {
		t.Fatalf("%d pieces of the erased guest's PII remain", n)
	}
	files := archived(t, archive)
	if len(files) != 1 || !strings.Contains(values(files)[0], "R-LVB,S-LVB,2027-01-03,2027-01-06,3,2027-01-06 10:00,EUR,600.00,,,,600.00,P-7710,Lukas,van der Berg,lukas.vdb@example.nl,+31612345678") {
		t.Fatalf("the shared CSV chunk should remain with the other guest's row intact: %v", files)
	}
	// The decision delivered once more (SQS is at-least-once): erasing again finds only tombstones.
	if err := c.st.App.Eraser().Erase(context.Background(), guest); err != nil {
		t.Fatal(err)
	}
	if again := archived(t, archive); len(again) != 1 || values(again)[0] != values(files)[0] {
		t.Fatalf("erasing again changed the archive: %v", again)
	}
	after := c.do(ana, "GET", "/v1/guests/"+guest+"/membership", "", 200)
	if after["balance"] != before["balance"] || len(after["statement"].([]any)) != len(before["statement"].([]any)) {
		t.Fatalf("erasure changed the points: %v → %v", before, after)
	}
	ledgerAddsUp(t, c, after)

	// The PMS sends a new stay of hers: nobody is created and no table holds her again.
	next := strings.NewReplacer(`"R-BQ1"`, `"R-BQ3"`, `"S-BQ1"`, `"S-BQ3"`, `"2026-12-22T11:32:40Z"`, `"2027-02-02T11:00:00Z"`,
		`"2026-12-18"`, `"2027-01-30"`, `"2026-12-22"`, `"2027-02-02"`).Replace(string(sample("check_out.json")))
	deliver("/ingest/hh-lisbon-pms/checkout", []byte(next))
	c.drain()
	if id := guestOf(t, c, "2027-02-02", "Stay Checked Out"); id != "" {
		t.Fatalf("the erased identity came back as guest %s", id)
	}
	if n := countValues(t, c, beatrizPII); n != 0 {
		t.Fatalf("the erased identity came back: %d pieces of PII in the tables", n)
	}
	if got := c.do(ana, "GET", "/v1/guests/"+guest+"/membership", "", 200); got["balance"] != before["balance"] {
		t.Fatalf("the erased member earned from a stay nobody owns: %v", got)
	}
	// She consents again at the front desk: the console may create her, and so may her PMS from then on.
	if code := errorCode(c.do(ana, "PUT", "/v1/guests/G-BACK/profile", guestProfile, 409)); code != "erased_identity" {
		t.Fatalf("re-creating without consent: %q", code)
	}
	c.do(ana, "PUT", "/v1/guests/G-BACK/profile?consentGiven=true", guestProfile, 200)
	again := strings.NewReplacer(`"R-BQ3"`, `"R-BQ4"`, `"S-BQ3"`, `"S-BQ4"`, `"2027-02-02"`, `"2027-02-03"`, `"2027-02-02T11:00:00Z"`, `"2027-02-03T11:00:00Z"`).Replace(next)
	deliver("/ingest/hh-lisbon-pms/checkout", []byte(again))
	c.drain()
	if id := guestOf(t, c, "2027-02-03", "Stay Checked Out"); id == "" {
		t.Fatal("after her new consent the PMS message still matched nobody")
	}
}

// guestOf returns the guest of the first event of a type on a journal day ("" if it has none).
func guestOf(t *testing.T, c *client, day, typ string) string {
	t.Helper()
	for _, raw := range c.do(ana, "GET", "/v1/journal/days/"+day, "", 200)["items"].([]any) {
		if e := raw.(map[string]any); e["type"] == typ {
			id, _ := e["guestId"].(string)
			return id
		}
	}
	t.Fatalf("no %s on %s", typ, day)
	return ""
}

// ledgerAddsUp checks a membership: the balance is the sum of the statement's entries, available plus pending is
// the balance, and the ledger's own check finds no drift between the account, its entries and its lots.
func ledgerAddsUp(t *testing.T, c *client, m map[string]any) {
	t.Helper()
	var sum float64
	for _, e := range m["statement"].([]any) {
		sum += e.(map[string]any)["amount"].(float64)
	}
	if sum != m["balance"] || m["available"].(float64)+m["pending"].(float64) != m["balance"] {
		t.Fatalf("balance %v, entries sum to %v, available %v + pending %v", m["balance"], sum, m["available"], m["pending"])
	}
	if drift, err := c.st.App.Ledger().Verify(context.Background(), m["account"].(string)); err != nil || drift != nil {
		t.Fatalf("ledger check: drift %+v, %v", drift, err)
	}
}

// archived returns every file under the archive folder with its content.
func archived(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// countValuesEverywhere counts the values found in the tables and in every file under the data folder.
func countValuesEverywhere(t *testing.T, c *client, vals []string) int {
	t.Helper()
	n := countValues(t, c, vals)
	_ = filepath.WalkDir(c.dataDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(path)
		for _, v := range vals {
			if strings.Contains(strings.ToLower(string(b)), strings.ToLower(v)) {
				t.Logf("%s holds %q", path, v)
				n++
			}
		}
		return nil
	})
	return n
}

// queueStat reads one counter of a queue from the operations API.
func queueStat(t *testing.T, c *client, queue, stat string) float64 {
	t.Helper()
	for _, q := range c.do(ana, "GET", "/v1/ops/queues", "", 200)["queues"].([]any) {
		if q := q.(map[string]any); q["name"] == queue {
			v, _ := q[stat].(float64)
			return v
		}
	}
	t.Fatalf("no queue %s", queue)
	return 0
}
