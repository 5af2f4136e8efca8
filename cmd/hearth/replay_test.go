package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/devstack"
	"github.com/hearthcrm/hearth/shared/intake"
)

// TestReplayRedeliversArchivedMessages sends a message, replays its day from the archive, and checks the replay
// was accepted and changed nothing (the same events, deduplicated).
func TestReplayRedeliversArchivedMessages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := devstack.Start(context.Background(), devstack.Options{DataDir: dir, Seed: true, TablePrefix: "replay-", Visibility: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(st.Handler)
	defer srv.Close()
	body, err := os.ReadFile("../../shared/ingest/testdata/json/check_in.json")
	if err != nil {
		t.Fatal(err)
	}
	secret := st.Sources["hh-lisbon-pms"]
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, _ := http.NewRequest("POST", srv.URL+"/ingest/hh-lisbon-pms/checkin", bytes.NewReader(body))
	req.Header.Set("X-Hearth-Timestamp", ts)
	req.Header.Set("X-Hearth-Signature", "v1="+hex.EncodeToString(intake.Sign([]byte(secret), ts, body)))
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("first delivery: %v %v", resp, err)
	}
	time.Sleep(1100 * time.Millisecond) // a signature made in the same second over the same body is a replay
	var out, errs strings.Builder
	today := time.Now().UTC().Format(time.DateOnly)
	err = replayCmd(context.Background(), []string{"--archive", filepath.Join(dir, "s3", "archive"), "--source", "hh-lisbon-pms",
		"--from", today, "--secret", secret, "--to", srv.URL}, &out, &errs)
	if err != nil || !strings.Contains(out.String(), "1 archived messages replayed, 0 refused") {
		t.Fatalf("replay: %v; %s %s", err, out.String(), errs.String())
	}
	q, _ := st.Runtime.Queue("ingest")
	if s := q.Stats(); s.Sent != 1 {
		t.Fatalf("ingest queue received %d messages, want 1 (the replay is deduplicated)", s.Sent)
	}
	if err := replayCmd(context.Background(), []string{"--source", "x"}, &out, &errs); err == nil {
		t.Fatal("replay without --from and --secret was accepted")
	}
}
