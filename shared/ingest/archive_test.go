package ingest_test

import (
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/ingest"
)

// TestEventsNameTheirArchivedMessage: with Config.Archive set, every event of every format names the archived
// message in its source, and nothing else changes: not the idempotency key (a resend archived elsewhere is still
// the same fact), not the id.
func TestEventsNameTheirArchivedMessage(t *testing.T) {
	t.Parallel()
	const key = "raw/opera-lis/2026/12/24/01JFAKEARCHIVEKEY000000000.check_out.json"
	plain := ingester(t, "lisbon")
	archived, err := ingest.New(ingest.Config{Source: sources["lisbon"], CardKey: cardKey, Now: func() time.Time { return received }, Archive: key})
	if err != nil {
		t.Fatal(err)
	}
	results := func(in *ingest.Ingester) []ingest.Result {
		var out []ingest.Result
		for _, s := range jsonSamples {
			res, err := in.Canonical(s.kind, readFile(t, filepath.Join("testdata", "json", s.file)))
			if err != nil {
				t.Fatalf("%s: %v", s.file, err)
			}
			out = append(out, res)
		}
		msg, err := ingest.DecodeOTA(readFile(t, filepath.Join("testdata", "ota", "res_notif_commit_eur.xml")))
		if err != nil {
			t.Fatal(err)
		}
		res, err := in.MapOTA(msg)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res)
		r, err := in.CSV(ingest.KindCheckOut, strings.NewReader(string(readFile(t, filepath.Join("testdata", "csv", "stays.csv")))), ingest.CSVOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var rows ingest.Result
		for {
			row, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if row.Err == nil {
				rows.Events = append(rows.Events, row.Event)
			}
		}
		return append(out, rows)
	}
	want, got := results(plain), results(archived)
	n := 0
	for i := range got {
		for j, ev := range got[i].Events {
			before := want[i].Events[j].Envelope
			if ev.Envelope.IdempotencyKey != before.IdempotencyKey || ev.Envelope.ID != before.ID {
				t.Errorf("%s: naming the archive changed the key or id: %s → %s", ev.Envelope.Type, before.IdempotencyKey, ev.Envelope.IdempotencyKey)
			}
			var d struct {
				Source  struct{ Archive string }   `json:"source"`
				Sources []struct{ Archive string } `json:"sources"`
			}
			if err := json.Unmarshal(ev.Envelope.Data, &d); err != nil {
				t.Fatal(err)
			}
			name := d.Source.Archive
			if len(d.Sources) == 1 {
				name = d.Sources[0].Archive
			}
			if name != key {
				t.Errorf("%s names archive %q, want %q", ev.Envelope.Type, name, key)
			}
			if strings.Contains(string(before.Data), `"archive"`) {
				t.Errorf("%s names an archive without Config.Archive", before.Type)
			}
			n++
		}
	}
	if n < len(jsonSamples)+2 {
		t.Fatalf("only %d events checked", n)
	}
}
