package intake_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/blob"
	"github.com/hearthcrm/hearth/shared/ingest"
	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/store/sourcestore"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

// queue records what intake enqueues.
type queue struct {
	mu   sync.Mutex
	msgs []intake.Message
}

func (q *queue) Enqueue(_ context.Context, msgs []intake.Message) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.msgs = append(q.msgs, msgs...)
	return nil
}

type rig struct {
	srv     *httptest.Server
	queue   *queue
	archive string
	now     time.Time
}

var lisbon = intake.Registration{
	Source: ingest.Source{ID: "opera-lis", BrandID: "harbour", PropertyID: "hh-lisbon", HotelCode: "LISHB", Mapping: ingest.Mapping{
		RevenueCodes: map[string]string{"1000": "room", "2010": "food_beverage", "5100": "spa"},
		Currency:     "EUR", DefaultRegion: "PT", TimeZone: "Europe/Lisbon", LoyaltyProgram: "HEARTH",
	}},
	Secrets: []intake.Secret{{ID: "s1", Value: "old-secret-0123456789"}, {ID: "s2", Value: "new-secret-0123456789"}},
}

func newRig(t *testing.T) *rig {
	t.Helper()
	sources := sourcestore.New(storetest.Open(t))
	if err := sources.Put(context.Background(), lisbon); err != nil {
		t.Fatal(err)
	}
	r := &rig{queue: &queue{}, archive: t.TempDir(), now: time.Now()}
	svc := intake.NewService(sources, blob.Dir{Root: r.archive}, r.queue, sources, []byte("card-key-0123456789abcdef"), "archive", func() time.Time { return r.now })
	r.srv = httptest.NewServer(intake.Handler(svc, nil))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *rig) send(t *testing.T, path, secret string, body []byte, at time.Time) (int, string) {
	t.Helper()
	ts := strconv.FormatInt(at.Unix(), 10)
	req, _ := http.NewRequest("POST", r.srv.URL+path, strings.NewReader(string(body)))
	req.Header.Set("X-Hearth-Timestamp", ts)
	req.Header.Set("X-Hearth-Signature", "v1="+hex.EncodeToString(intake.Sign([]byte(secret), ts, body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String()
}

func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSignedMessageIsArchivedRedactedAndEnqueued(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	body := sample(t, "json/check_out.json")
	status, out := r.send(t, "/ingest/opera-lis/checkout", "old-secret-0123456789", body, r.now)
	if status != http.StatusAccepted {
		t.Fatalf("status %d: %s", status, out)
	}
	var o struct {
		Accepted int
		Archived string
	}
	_ = json.Unmarshal([]byte(out), &o)
	raw, err := os.ReadFile(filepath.Join(r.archive, "archive", filepath.FromSlash(o.Archived)))
	if err != nil || o.Accepted != 1 || !strings.HasPrefix(o.Archived, "raw/opera-lis/") {
		t.Fatalf("outcome %s; archive %v", out, err)
	}
	if strings.Contains(string(raw), "5555555555554444") || !strings.Contains(string(raw), "R-88123") {
		t.Fatalf("archived payload is not the redacted message: %s", raw)
	}
	if len(r.queue.msgs) != 1 || !strings.HasPrefix(r.queue.msgs[0].Group, "opera-lis/res/") || strings.Contains(string(r.queue.msgs[0].Body), "5555555555554444") {
		t.Fatalf("enqueued %+v", r.queue.msgs)
	}
	if !strings.Contains(string(r.queue.msgs[0].Body), `"archive":"`+o.Archived+`"`) {
		t.Fatalf("the event does not name its archived message %s: %s", o.Archived, r.queue.msgs[0].Body)
	}
	// The PMS resends the same message with a new signature: accepted, with the same deduplication id and the same
	// archived copy (the queue drops the resend, so matching would never index a second copy for erasure).
	status, out = r.send(t, "/ingest/opera-lis/checkout", "new-secret-0123456789", body, r.now.Add(time.Second))
	var again struct{ Archived string }
	_ = json.Unmarshal([]byte(out), &again)
	if status != http.StatusAccepted || len(r.queue.msgs) != 2 || r.queue.msgs[1].DedupID != r.queue.msgs[0].DedupID ||
		string(r.queue.msgs[1].Body) != string(r.queue.msgs[0].Body) || again.Archived != o.Archived {
		t.Fatalf("resend: %d %s, %+v", status, out, r.queue.msgs)
	}
	// Once the queue's deduplication window has passed, a resend is archived (and matched, and indexed) anew.
	r.now = r.now.Add(intake.ReuseArchive + time.Minute)
	_, out = r.send(t, "/ingest/opera-lis/checkout", "new-secret-0123456789", body, r.now)
	_ = json.Unmarshal([]byte(out), &again)
	if again.Archived == o.Archived || again.Archived == "" {
		t.Fatalf("a resend after %s reused the archive key %s", intake.ReuseArchive, o.Archived)
	}
}

func TestBadDeliveriesAreRefusedWithCodes(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	body := sample(t, "json/check_in.json")
	status, _ := r.send(t, "/ingest/opera-lis/checkin", "old-secret-0123456789", body, r.now)
	if status != http.StatusAccepted {
		t.Fatalf("first delivery: %d", status)
	}
	ts := strconv.FormatInt(r.now.Unix(), 10)
	replay, _ := http.NewRequest("POST", r.srv.URL+"/ingest/opera-lis/checkin", strings.NewReader(string(body)))
	replay.Header.Set("X-Hearth-Timestamp", ts)
	replay.Header.Set("X-Hearth-Signature", "v1="+hex.EncodeToString(intake.Sign([]byte("old-secret-0123456789"), ts, body)))
	resp, err := http.DefaultClient.Do(replay)
	if err != nil || resp.StatusCode != http.StatusConflict {
		t.Fatalf("replayed signature: %v %v", resp.StatusCode, err)
	}
	for name, tc := range map[string]struct {
		path, secret string
		body         []byte
		at           time.Time
		status       int
		code         string
	}{
		"wrong secret":   {"/ingest/opera-lis/checkin", "guess", body, r.now.Add(time.Second), 401, "bad_signature"},
		"stale":          {"/ingest/opera-lis/checkin", "old-secret-0123456789", body, r.now.Add(-10 * time.Minute), 401, "stale_signature"},
		"unknown source": {"/ingest/fidelio-x/checkin", "old-secret-0123456789", body, r.now, 404, "unknown_source"},
		"bad kind":       {"/ingest/opera-lis/teleport", "old-secret-0123456789", body, r.now.Add(2 * time.Second), 400, "invalid_message"},
		"malformed":      {"/ingest/opera-lis/checkin", "old-secret-0123456789", []byte(`{"stayId":`), r.now.Add(3 * time.Second), 400, "invalid_message"},
		"missing field":  {"/ingest/opera-lis/checkin", "old-secret-0123456789", []byte(`{"reservationId":"R1"}`), r.now.Add(4 * time.Second), 400, "invalid_message"},
	} {
		status, out := r.send(t, tc.path, tc.secret, tc.body, tc.at)
		if status != tc.status || !strings.Contains(out, `"code":"`+tc.code+`"`) {
			t.Errorf("%s: %d %s, want %d %s", name, status, out, tc.status, tc.code)
		}
	}
	if len(r.queue.msgs) != 1 {
		t.Fatalf("refused deliveries enqueued messages: %d", len(r.queue.msgs))
	}
}

func TestOTAMessageGetsItsRSReply(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	status, out := r.send(t, "/ingest/opera-lis", "old-secret-0123456789", sample(t, "ota/res_notif_commit_eur.xml"), r.now)
	if status != http.StatusOK || !strings.Contains(out, "OTA_HotelResNotifRS") || !strings.Contains(out, "<Success") || len(r.queue.msgs) == 0 {
		t.Fatalf("OTA: %d %s (%d enqueued)", status, out, len(r.queue.msgs))
	}
	status, out = r.send(t, "/ingest/opera-lis", "old-secret-0123456789", []byte(`<OTA_HotelResNotifRQ><broken`), r.now.Add(time.Second))
	if status == http.StatusAccepted || (!strings.Contains(out, "Error") && !strings.Contains(out, "error")) {
		t.Fatalf("broken OTA: %d %s", status, out)
	}
}
