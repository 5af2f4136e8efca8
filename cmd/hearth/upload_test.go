package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/devstack"
)

const staysHeader = "reservation_id,stay_id,arrival,departure,nights,checked_out_at,currency,room_revenue,food_beverage_revenue,spa_revenue,other_revenue,total,guest_id,first_name,last_name,email,phone,country,loyalty_number,card_number"

// writeStays writes a stays file of n rows in which every row whose number bad says is bad has an unknown
// currency; it returns the file's path and the line numbers of the bad rows.
func writeStays(t testing.TB, n int, bad func(i int) bool) (string, []int) {
	t.Helper()
	var b strings.Builder
	b.Grow(n * 200)
	b.WriteString(staysHeader + "\n")
	var lines []int
	for i := 1; i <= n; i++ {
		currency := "EUR"
		if bad(i) {
			currency = "XXX"
			lines = append(lines, i+1)
		}
		fmt.Fprintf(&b, "R-%d,S-%d,2027-03-01,2027-03-03,2,2027-03-03 11:00,%s,250.00,12.50,,,262.50,P-%d,Guest,Number%d,guest%d@bulk.example,,PT,,\n", i, i, currency, i, i, i)
	}
	path := filepath.Join(t.TempDir(), "stays.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, lines
}

func startDev(t testing.TB, prefix string) (*devstack.Stack, string) {
	t.Helper()
	st, err := devstack.Start(context.Background(), devstack.Options{DataDir: t.TempDir(), Seed: true, TablePrefix: prefix, Visibility: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(st.Handler)
	t.Cleanup(func() { srv.Close(); st.Close() })
	return st, srv.URL
}

// TestImportUploadReportsEveryRejectedLine uploads a file with --upload and follows it to the summary, which lists
// every rejected line (more than one page of them); an upload that fails is an error.
func TestImportUploadReportsEveryRejectedLine(t *testing.T) { // not parallel: it sets pollEvery
	pollEvery = 20 * time.Millisecond
	st, url := startDev(t, "upload-cli-")
	path, bad := writeStays(t, 3000, func(i int) bool { return i%2 == 0 })
	var out, errs strings.Builder
	args := []string{path, "--kind", "stays", "--source", "hh-lisbon-pms", "--secret", st.Sources["hh-lisbon-pms"], "--to", url, "--upload", "-q"}
	if err := importCmd(context.Background(), args, &out, &errs); err != nil {
		t.Fatalf("import: %v\n%s", err, errs.String())
	}
	if !strings.Contains(out.String(), "3000 rows: 1500 accepted, 1500 rejected") {
		t.Fatalf("summary:\n%.500s", out.String())
	}
	for _, line := range bad {
		if !strings.Contains(out.String(), fmt.Sprintf("  line %d: currency: ", line)) {
			t.Fatalf("line %d is not reported:\n%.500s", line, out.String())
		}
	}
	if n := strings.Count(out.String(), "  line "); n != len(bad) {
		t.Fatalf("%d rejected lines listed, want %d", n, len(bad))
	}
	empty := filepath.Join(t.TempDir(), "empty.csv")
	_ = os.WriteFile(empty, nil, 0o644)
	args[0] = empty
	if err := importCmd(context.Background(), args, &out, &errs); err == nil || !strings.Contains(err.Error(), "failed") {
		t.Fatalf("an empty file's upload did not fail the command: %v", err)
	}
}

// TestImportUploads100000Stays is the acceptance: 100,000 stay rows through the upload path (planned,
// imported chunk by chunk, summarised) with the rejected rows reported by line. The consumers behind the queue are
// not drained: the embedded DynamoDB is not a place to match 100,000 guests.
func TestImportUploads100000Stays(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 100,000 rows")
	}
	pollEvery = 100 * time.Millisecond
	st, url := startDev(t, "upload-100k-")
	path, bad := writeStays(t, 100_000, func(i int) bool { return i%10_000 == 0 })
	var out, errs strings.Builder
	started := time.Now()
	args := []string{path, "--kind", "stays", "--source", "hh-lisbon-pms", "--secret", st.Sources["hh-lisbon-pms"], "--to", url, "-q"} // over 8 MiB: uploaded
	if err := importCmd(context.Background(), args, &out, &errs); err != nil {
		t.Fatalf("import: %v\n%s", err, errs.String())
	}
	took := time.Since(started)
	if !strings.Contains(errs.String(), "uploaded; upload ") || !strings.Contains(out.String(), "100000 rows: 99990 accepted, 10 rejected") {
		t.Fatalf("the file was not uploaded and imported:\n%s\n%.400s", errs.String(), out.String())
	}
	for _, line := range bad {
		if !strings.Contains(out.String(), fmt.Sprintf("  line %d: ", line)) {
			t.Fatalf("line %d is not reported:\n%s", line, out.String())
		}
	}
	q, _ := st.Runtime.Queue("ingest")
	if s := q.Stats(); s.Sent != 99_990 {
		t.Fatalf("%d events enqueued for matching, want 99990", s.Sent)
	}
	t.Logf("100,000 stay rows uploaded and imported in %s (%.0f rows/s)", took.Round(time.Millisecond), 100_000/took.Seconds())
}
