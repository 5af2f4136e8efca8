package devstack_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/blob"
	"github.com/hearthcrm/hearth/shared/intake"
)

const staysHeader = "reservation_id,stay_id,arrival,departure,nights,checked_out_at,currency,room_revenue,food_beverage_revenue,spa_revenue,other_revenue,total,guest_id,first_name,last_name,email,phone,country,loyalty_number,card_number"

// stayRow is one good stay of guest n, checked out on 2027-02-05.
func stayRow(n int) string {
	return fmt.Sprintf("R-UP%d,S-UP%d,2027-02-03,2027-02-05,2,2027-02-05 10:00,EUR,300.00,,,,300.00,P-UP%d,Guest,Upload%d,guest%d@upload.example,,PT,,", n, n, n, n, n)
}

// signedSend sends a signed request as a PMS does: a POST signs its body, a GET its request target.
func signedSend(t *testing.T, c *client, method, path, secret string, body []byte, at time.Time) (int, map[string]any) {
	t.Helper()
	ts := strconv.FormatInt(at.Unix(), 10)
	signed := body
	if method == http.MethodGet {
		signed = []byte(path)
	}
	req, _ := http.NewRequest(method, c.url+path, bytes.NewReader(body))
	req.Header.Set("X-Hearth-Timestamp", ts)
	req.Header.Set("X-Hearth-Signature", "v1="+hex.EncodeToString(intake.Sign([]byte(secret), ts, signed)))
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: %d, body is not JSON: %v", method, path, resp.StatusCode, err)
	}
	return resp.StatusCode, out
}

// uploadRig drives uploads to one source of a stack.
type uploadRig struct {
	t      *testing.T
	c      *client
	source string
	secret string
	n      atomic.Int64 // signatures sent, for distinct timestamps
}

func (u *uploadRig) at() time.Time { return time.Now().Add(time.Duration(u.n.Add(1)) * time.Second) }

// request asks for an upload URL for kind and returns the ticket.
func (u *uploadRig) request(kind string) map[string]any {
	u.t.Helper()
	status, out := signedSend(u.t, u.c, "POST", "/ingest/"+u.source+"/"+kind+"/uploads", u.secret, nil, u.at())
	if status != http.StatusCreated {
		u.t.Fatalf("upload request: %d %v", status, out)
	}
	return out
}

// put sends the file to the ticket's URL with the given content type and returns the status and the error code.
func (u *uploadRig) put(url, contentType string, file []byte) (int, string) {
	u.t.Helper()
	return u.putWith(url, map[string]string{"Content-Type": contentType, "If-None-Match": "*"}, file)
}

func (u *uploadRig) putWith(url string, headers map[string]string, file []byte) (int, string) {
	u.t.Helper()
	req, _ := http.NewRequest("PUT", url, bytes.NewReader(file))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, errorCode(out)
}

func (u *uploadRig) status(id, query string) map[string]any {
	u.t.Helper()
	status, out := signedSend(u.t, u.c, "GET", "/ingest/"+u.source+"/uploads/"+id+query, u.secret, nil, time.Now())
	if status != http.StatusOK {
		u.t.Fatalf("status of %s: %d %v", id, status, out)
	}
	return out
}

// finished polls until the upload is done or failed.
func (u *uploadRig) finished(id string) map[string]any {
	u.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st := u.status(id, "")
		if st["state"] == "done" || st["state"] == "failed" {
			return st
		}
		if time.Now().After(deadline) {
			u.t.Fatalf("upload %s still %v", id, st)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// rejectsByLine pages through every rejected row of a done upload.
func (u *uploadRig) rejectsByLine(id string) map[int]string {
	u.t.Helper()
	out := map[int]string{}
	query := "?limit=2"
	for pages := 0; ; pages++ {
		st := u.status(id, query)
		for _, r := range st["rejects"].([]any) {
			r := r.(map[string]any)
			raw, _ := json.Marshal(r["errors"])
			out[int(r["line"].(float64))] = string(raw)
		}
		next, _ := st["nextCursor"].(string)
		if next == "" || pages > 100 {
			return out
		}
		query = "?limit=2&cursor=" + next
	}
}

// stayEvents counts the Stay Checked Out events of the import's day in the journal, by stay id.
func stayEvents(t *testing.T, c *client) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, raw := range c.do(ana, "GET", "/v1/journal/days/2027-02-05?limit=500", "", 200)["items"].([]any) {
		e := raw.(map[string]any)
		if e["type"] == events.TypeStayCheckedOut {
			out[e["data"].(map[string]any)["stayId"].(string)]++
		}
	}
	return out
}

// TestUploadedCSVIsImportedOnceWithRejectsByLine uploads a stays file with bad rows (one of them after a quoted
// newline, which shifts every later line number) through the presigned URL, in chunks of a few rows: the good stays
// land once, every bad row is reported by its line with its reason. Then a chunk and the whole execution are
// replayed, after the FIFO queue's deduplication window, and nothing is doubled.
func TestUploadedCSVIsImportedOnceWithRejectsByLine(t *testing.T) {
	t.Parallel()
	var offset atomic.Int64 // the runtime's clock runs ahead by this much
	opts := devstackOptions()
	opts.UploadChunkBytes = 400
	opts.Clock = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	c := start(t, opts)
	u := &uploadRig{t: t, c: c, source: "hh-lisbon-pms", secret: c.st.Sources["hh-lisbon-pms"]}

	lines := []string{"\ufeff" + staysHeader} // line 1, with a byte order mark
	for n := 1; n <= 12; n++ {
		lines = append(lines, stayRow(n)) // lines 2-13
	}
	lines = append(lines,
		strings.Replace(stayRow(13), "Guest,", "\"Guest\nSecond line\",", 1), // lines 14-15: one row, quoted newline
		strings.Replace(stayRow(14), "EUR", "XXX", 1),                        // line 16: unknown currency
		stayRow(15), // line 17
		strings.Replace(stayRow(16), "2027-02-05,2,", ",2,", 1), // line 18: no departure
		"R-SHORT,S-SHORT,2027-02-03",                            // line 19: too few fields
	)
	for n := 17; n <= 22; n++ {
		lines = append(lines, stayRow(n)) // lines 20-25
	}
	file := []byte(strings.Join(lines, "\r\n")) // CRLF, and no newline after the last line

	ticket := u.request("stays")
	headers := ticket["headers"].(map[string]any)
	if ticket["method"] != "PUT" || headers["Content-Type"] != "text/csv" || headers["If-None-Match"] != "*" || !strings.Contains(ticket["url"].(string), "/dev/s3/uploads/uploads/hh-lisbon-pms/") {
		t.Fatalf("ticket %v", ticket)
	}
	id := ticket["uploadId"].(string)
	if st := u.status(id, ""); st["state"] != "waiting" || st["kind"] != "check_out" {
		t.Fatalf("before the PUT: %v", st)
	}
	if status, code := u.put(ticket["url"].(string), "text/csv", file); status != http.StatusOK {
		t.Fatalf("PUT: %d %s", status, code)
	}
	st := u.finished(id)
	if st["state"] != "done" || st["rows"] != 23.0 || st["totalRows"] != 23.0 || st["accepted"] != 20.0 || st["rejected"] != 3.0 || st["chunks"].(float64) < 5 || st["chunksDone"] != st["chunks"] {
		t.Fatalf("status %v", st)
	}
	rejects := u.rejectsByLine(id)
	if len(rejects) != 3 || !strings.Contains(rejects[16], "currency") || !strings.Contains(rejects[18], "departure") || !strings.Contains(rejects[19], "fields") {
		t.Fatalf("rejects by line: %v", rejects)
	}
	c.drain()
	want := func(stays map[string]int) {
		t.Helper()
		if len(stays) != 20 {
			t.Fatalf("%d stays journalled, want 20: %v", len(stays), stays)
		}
		for stay, n := range stays {
			if n != 1 {
				t.Fatalf("stay %s journalled %d times", stay, n)
			}
		}
	}
	want(stayEvents(t, c))
	guest := guestOf(t, c, "2027-02-05", events.TypeStayCheckedOut)
	visits := len(c.do(ana, "GET", "/v1/guests/"+guest+"/360", "", 200)["visits"].([]any))

	// Replays, once the queue would no longer drop a duplicate: the consumers must recognise the events themselves.
	offset.Store(int64(6 * time.Minute))
	handled := queueStat(t, c, topology.QueueIngest, "handled")
	manifest, err := os.ReadFile(filepath.Join(c.dataDir, "s3", "uploads", "plans", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var chunks []json.RawMessage
	if err := json.Unmarshal(manifest, &chunks); err != nil || len(chunks) < 5 {
		t.Fatalf("manifest %s: %v", manifest, err)
	}
	step, _ := json.Marshal(topology.ImportStep{Step: topology.StepChunk, UploadID: id, Chunk: chunks[1]})
	if _, err := c.st.Runtime.Invoke(context.Background(), topology.FunctionImport, step); err != nil {
		t.Fatalf("replay chunk 1: %v", err)
	}
	c.drain()
	sum := md5.Sum(file)
	key := fmt.Sprintf("uploads/hh-lisbon-pms/%s/%s.csv", time.Now().UTC().Format(time.DateOnly), id)
	if err := c.st.Runtime.RunImport(context.Background(), topology.WorkflowImport, key, hex.EncodeToString(sum[:])); err != nil {
		t.Fatalf("replay the execution: %v", err)
	}
	c.drain()
	if n := queueStat(t, c, topology.QueueIngest, "handled") - handled; n < 20 {
		t.Fatalf("the replays delivered %v messages to matching, want every accepted row again (the queue must not have absorbed them)", n)
	}
	want(stayEvents(t, c))
	if again := len(c.do(ana, "GET", "/v1/guests/"+guest+"/360", "", 200)["visits"].([]any)); again != visits {
		t.Fatalf("guest %s has %d visits after the replays, %d before", guest, again, visits)
	}
	if again := u.status(id, ""); again["accepted"] != 20.0 || again["rejected"] != 3.0 || again["state"] != "done" || len(u.rejectsByLine(id)) != 3 {
		t.Fatalf("status after the replays: %v", again)
	}
	// The same URL used again for another file: refused, as S3 refuses it (If-None-Match: *), and the first import
	// stands. Were it notified anyway, the plan would refuse a file of another ETag.
	offset.Store(0)
	if status, code := u.put(ticket["url"].(string), "text/csv", []byte(staysHeader+"\n"+stayRow(99)+"\n")); status != http.StatusPreconditionFailed || code != "already_uploaded" {
		t.Fatalf("second PUT: %d %s", status, code)
	}
	if err := c.st.Runtime.RunImport(context.Background(), topology.WorkflowImport, key, "another-etag"); err == nil || !strings.Contains(err.Error(), "another file") {
		t.Fatalf("a plan for another file: %v", err)
	}
	c.drain()
	if again := u.status(id, ""); again["state"] != "done" || again["accepted"] != 20.0 {
		t.Fatalf("a second file changed the upload: %v", again)
	}
	if _, ok := stayEvents(t, c)["S-UP99"]; ok {
		t.Fatal("the second file was imported")
	}
	for _, q := range c.do(ana, "GET", "/v1/ops/queues", "", 200)["queues"].([]any) {
		if q := q.(map[string]any); q["dead"] != 0.0 {
			t.Fatalf("dead letters: %v", q)
		}
	}
}

// TestBadUploadsAreRefusedClearly: unknown kinds, unsigned requests, forged, altered and expired upload URLs,
// another source's upload, and files that cannot be imported get a 4xx or a failed state with the reason.
func TestBadUploadsAreRefusedClearly(t *testing.T) {
	t.Parallel()
	var offset atomic.Int64
	opts := devstackOptions()
	opts.Clock = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	c := start(t, opts)
	u := &uploadRig{t: t, c: c, source: "hh-lisbon-pms", secret: c.st.Sources["hh-lisbon-pms"]}

	for name, tc := range map[string]struct {
		path, secret string
		status       int
		code         string
	}{
		"unknown kind":       {"/ingest/hh-lisbon-pms/teleport/uploads", u.secret, 400, "invalid_message"},
		"kind without a CSV": {"/ingest/hh-lisbon-pms/reservation/uploads", u.secret, 400, "invalid_message"},
		"wrong secret":       {"/ingest/hh-lisbon-pms/stays/uploads", "not-the-secret", 401, "bad_signature"},
		"unknown source":     {"/ingest/nobody/stays/uploads", u.secret, 404, "unknown_source"},
	} {
		if status, out := signedSend(t, c, "POST", tc.path, tc.secret, nil, u.at()); status != tc.status || errorCode(out) != tc.code {
			t.Errorf("%s: %d %v, want %d %s", name, status, out, tc.status, tc.code)
		}
	}
	req, _ := http.NewRequest("POST", c.url+"/ingest/hh-lisbon-pms/stays/uploads", nil)
	if resp, err := c.http.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unsigned upload request: %v %v", resp, err)
	}

	ticket := u.request("guests")
	url, id := ticket["url"].(string), ticket["uploadId"].(string)
	forged := strings.Replace(url, "signature=", "signature=00", 1)
	other := strings.Replace(url, "/hh-lisbon-pms/", "/hh-london-pms/", 1)
	for name, tc := range map[string]struct {
		url, contentType string
		status           int
		code             string
	}{
		"forged signature":      {forged, "text/csv", 403, "bad_signature"},
		"another key":           {other, "text/csv", 403, "bad_signature"},
		"another content type":  {url, "application/json", 403, "bad_signature"},
		"no signature at all":   {strings.Split(url, "?")[0], "text/csv", 403, "bad_signature"},
		"longer than it allows": {strings.Replace(url, "expires=", "expires=9", 1), "text/csv", 403, "bad_signature"},
	} {
		if status, code := u.put(tc.url, tc.contentType, []byte("first_name\nAna\n")); status != tc.status || code != tc.code {
			t.Errorf("%s: %d %s, want %d %s", name, status, code, tc.status, tc.code)
		}
	}
	if status, code := u.putWith(url, map[string]string{"Content-Type": "text/csv"}, []byte("first_name\nAna\n")); status != 403 || code != "bad_signature" {
		t.Errorf("without If-None-Match: %d %s", status, code)
	}
	offset.Store(int64(intake.UploadURLTTL + time.Minute))
	if status, code := u.put(url, "text/csv", []byte("first_name\nAna\n")); status != 403 || code != "expired_url" {
		t.Errorf("expired URL: %d %s", status, code)
	}
	offset.Store(0)
	if st := u.status(id, ""); st["state"] != "waiting" {
		t.Fatalf("refused PUTs changed the upload: %v", st)
	}
	london := &uploadRig{t: t, c: c, source: "hh-london-pms", secret: c.st.Sources["hh-london-pms"]}
	if status, out := signedSend(t, c, "GET", "/ingest/hh-london-pms/uploads/"+id, london.secret, nil, time.Now()); status != 404 || errorCode(out) != "unknown_upload" {
		t.Errorf("another source's upload: %d %v", status, out)
	}
	if status, out := signedSend(t, c, "GET", "/ingest/hh-lisbon-pms/uploads/"+id, "not-the-secret", nil, time.Now()); status != 401 {
		t.Errorf("status with a wrong secret: %d %v", status, out)
	}
	if status, out := signedSend(t, c, "GET", "/ingest/hh-lisbon-pms/uploads/"+id+"?cursor=nope", u.secret, nil, time.Now()); status != 400 || errorCode(out) != "invalid_message" {
		t.Errorf("bad cursor: %d %v", status, out)
	}

	// Files that cannot be imported: the upload fails with the reason, and nothing is enqueued.
	for name, tc := range map[string]struct{ file, reason string }{
		"empty":      {"", "empty"},
		"bad header": {"first_name,shoe_size\nAna,38\n", "shoe_size"},
	} {
		tk := u.request("guests")
		if status, code := u.put(tk["url"].(string), "text/csv", []byte(tc.file)); status != 200 {
			t.Fatalf("%s: PUT %d %s", name, status, code)
		}
		st := u.finished(tk["uploadId"].(string))
		if st["state"] != "failed" || !strings.Contains(st["error"].(string), tc.reason) {
			t.Errorf("%s: %v", name, st)
		}
	}
	if n := queueStat(t, c, topology.QueueIngest, "sent"); n != 0 {
		t.Errorf("failed uploads enqueued %v messages", n)
	}
}

// failingPuts fails the first write of each chunk's rejected rows: the chunk has archived and enqueued its rows by
// then, so its retry repeats all of that.
type failingPuts struct {
	blob.Store
	mu     sync.Mutex
	failed map[string]bool
}

func (f *failingPuts) Put(ctx context.Context, bucket, key string, body []byte, contentType string) error {
	f.mu.Lock()
	first := strings.Contains(key, "/rejects-") && !f.failed[key]
	if first {
		f.failed[key] = true
	}
	f.mu.Unlock()
	if first {
		return errors.New("injected: S3 is unavailable")
	}
	return f.Store.Put(ctx, bucket, key, body, contentType)
}

// TestChunkFailingMidwayIsRetriedWithoutDoubles: a chunk that fails after enqueuing its rows is retried by the
// workflow, and its rows still land once.
func TestChunkFailingMidwayIsRetriedWithoutDoubles(t *testing.T) {
	t.Parallel()
	flaky := &failingPuts{failed: map[string]bool{}}
	opts := devstackOptions()
	opts.UploadChunkBytes = 300
	opts.Blobs = func(b blob.Store) blob.Store { flaky.Store = b; return flaky }
	c := start(t, opts)
	u := &uploadRig{t: t, c: c, source: "hh-lisbon-pms", secret: c.st.Sources["hh-lisbon-pms"]}
	rows := []string{staysHeader}
	for n := 1; n <= 10; n++ {
		row := stayRow(n)
		if n%3 == 0 {
			row = strings.Replace(row, "EUR", "XXX", 1)
		}
		rows = append(rows, row)
	}
	ticket := u.request("stays")
	if status, code := u.put(ticket["url"].(string), "text/csv", []byte(strings.Join(rows, "\n")+"\n")); status != 200 {
		t.Fatalf("PUT: %d %s", status, code)
	}
	st := u.finished(ticket["uploadId"].(string))
	if st["state"] != "done" || st["accepted"] != 7.0 || st["rejected"] != 3.0 || len(flaky.failed) != 3 {
		t.Fatalf("status %v after %d injected failures", st, len(flaky.failed))
	}
	c.drain()
	stays := stayEvents(t, c)
	for stay, n := range stays {
		if n != 1 {
			t.Fatalf("stay %s journalled %d times", stay, n)
		}
	}
	if len(stays) != 7 {
		t.Fatalf("stays %v", stays)
	}
}
