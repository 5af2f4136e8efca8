package ingest_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/ingest"
)

// readAll drains a CSV reader, returning accepted rows and row errors by line.
func readAll(t *testing.T, r *ingest.CSVReader) ([]ingest.Row, map[int]*ingest.RowError) {
	t.Helper()
	var ok []ingest.Row
	bad := map[int]*ingest.RowError{}
	for {
		row, err := r.Next()
		if err == io.EOF {
			return ok, bad
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if row.Err != nil {
			var re *ingest.RowError
			if !errors.As(row.Err, &re) || re.Line != row.Line || !errors.Is(row.Err, ingest.ErrInvalid) {
				t.Fatalf("row error %v is not a *RowError on line %d wrapping ErrInvalid", row.Err, row.Line)
			}
			bad[row.Line] = re
			continue
		}
		ok = append(ok, row)
	}
}

func openCSV(t *testing.T, in *ingest.Ingester, kind ingest.Kind, file string, opts ingest.CSVOptions) *ingest.CSVReader {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "csv", file))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := in.CSV(kind, f, opts)
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	return r
}

func TestCSVStays(t *testing.T) {
	t.Parallel()
	r := openCSV(t, ingester(t, "lisbon"), ingest.KindCheckOut, "stays.csv", ingest.CSVOptions{})
	ok, bad := readAll(t, r)
	if len(ok) != 2 {
		t.Fatalf("accepted %d rows, want 2; rejected %v", len(ok), bad)
	}
	first := decodeEvent[*events.StayCheckedOut](t, ok[0].Event)
	equal(t, [4]any{ok[0].Line, first.Total, first.Nights, first.Guest.CardHash}, [4]any{2, eur(119050), 4, cardHash(t, "4111111111111111")})
	equal(t, ok[0].Event.Envelope.OccurredAt.Format("2006-01-02T15:04Z"), "2026-12-22T11:32Z") // Lisbon is on UTC in winter
	second := decodeEvent[*events.StayCheckedOut](t, ok[1].Event)
	equal(t, [3]any{second.StayID, second.Total, second.Nights}, [3]any{"R-90311", eur(29800), 2})
	equal(t, ok[1].Event.Envelope.OccurredAt.Format("2006-01-02T15:04Z"), "2027-01-12T12:00Z") // no checkout time: noon

	want := map[int]string{4: "departure", 5: "room_revenue", 6: "currency", 7: "total"}
	for line, col := range want {
		re, ok := bad[line]
		if !ok {
			t.Errorf("line %d: want a row error on %s", line, col)
			continue
		}
		if !hasField(re.Errors, col) {
			t.Errorf("line %d: errors %v do not name column %s", line, re.Errors, col)
		}
	}
	equal(t, len(bad), len(want))
	s := r.Summary()
	equal(t, [3]int{s.Rows, s.Accepted, s.Rejected}, [3]int{6, 2, 4})
	equal(t, len(s.Errors), 4)
}

func TestCSVGuests(t *testing.T) {
	t.Parallel()
	r := openCSV(t, ingester(t, "lisbon"), ingest.KindProfile, "guests.csv", ingest.CSVOptions{})
	ok, bad := readAll(t, r)
	if len(ok) != 2 {
		t.Fatalf("accepted %d rows, want 2; rejected %v", len(ok), bad)
	}
	g := decodeEvent[*events.GuestProfileUpserted](t, ok[0].Event)
	equal(t, [5]any{g.FirstName, g.LastName, g.Phone, g.Language, g.Tags}, [5]any{"Ana Maria", "Sousa", "+351912345678", "pt-PT", []string{"vip", "wine lover"}})
	equal(t, ok[0].Event.Envelope.IdempotencyKey, "opera-lis/profile/P-5521/upserted/t2026-11-19T18:22:00Z")
	equal(t, len(bad), 2)
	if re := bad[4]; re == nil || !hasField(re.Errors, "guest_id") {
		t.Errorf("line 4 lacks a guest_id error: %v", bad[4])
	}
	if re := bad[5]; re == nil || !hasField(re.Errors, "updated_at") {
		t.Errorf("line 5 lacks an updated_at error: %v", bad[5])
	}
}

func TestCSVPOSChecks(t *testing.T) {
	t.Parallel()
	r := openCSV(t, ingester(t, "lisbon"), ingest.KindPOSCheck, "pos_checks.csv", ingest.CSVOptions{Comma: ';'})
	ok, bad := readAll(t, r)
	if len(ok) != 3 {
		t.Fatalf("accepted %d rows, want 3; rejected %v", len(ok), bad)
	}
	c := decodeEvent[*events.POSCheckClosed](t, ok[0].Event)
	equal(t, [4]any{c.RoomCharge, c.Total, c.ClosedAt, c.Guest.LastName}, [4]any{"R-88123", eur(9450), "2026-12-19T21:40:00Z", "Sousa"})
	spa := decodeEvent[*events.POSCheckClosed](t, ok[1].Event)
	equal(t, [3]any{spa.Lines[0].Category, spa.Total, spa.Guest.CardHash}, [3]any{"spa", eur(12000), cardHash(t, "5555555555554444")})
	if re := bad[5]; re == nil || !hasField(re.Errors, "outlet_id") {
		t.Errorf("line 5 lacks an outlet_id error: %v", bad[5])
	}
	if re := bad[6]; re == nil || !hasField(re.Errors, "food_beverage") {
		t.Errorf("line 6 lacks a food_beverage error: %v", bad[6])
	}
}

func TestCSVHeaderErrors(t *testing.T) {
	t.Parallel()
	in := ingester(t, "lisbon")
	cases := []struct {
		name, kind, csv, field string
	}{
		{"empty file", "stays", "", "header"},
		{"unknown column", "stays", "reservation_id,arrival,departure,roomrevenue\n", `"roomrevenue"`},
		{"missing required", "stays", "reservation_id,arrival\n", "departure"},
		{"duplicate", "guests", "guest_id,email,E-Mail\n", "email"},
		{"no csv for kind", "check_in", "reservation_id\n", "kind"},
	}
	for _, c := range cases {
		kind, err := ingest.ParseKind(c.kind)
		if err != nil {
			t.Fatal(err)
		}
		_, err = in.CSV(kind, strings.NewReader(c.csv), ingest.CSVOptions{})
		var fes ingest.FieldErrors
		if !errors.As(err, &fes) || !hasField(fes, c.field) {
			t.Errorf("%s: err = %v, want a FieldError on %s", c.name, err, c.field)
		}
	}
}

// TestCSVRowErrorsKeepGoing: malformed rows (wrong field count, bad quoting) are rejected with their line and the
// read continues.
func TestCSVRowErrorsKeepGoing(t *testing.T) {
	t.Parallel()
	in := ingester(t, "lisbon")
	data := "guest_id,email\nG-1,a@example.com\nG-2\nG-3,\"unterminated\nG-4,d@example.com\n"
	r, err := in.CSV(ingest.KindProfile, strings.NewReader(data), ingest.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ok, bad := readAll(t, r)
	equal(t, len(ok), 1)
	if _, found := bad[3]; !found {
		t.Errorf("line 3 (one field) not rejected: %v", bad)
	}
	contains(t, bad[3].Error(), "line 3: has 1 fields, the header has 2")
	s := r.Summary()
	equal(t, s.Accepted+s.Rejected, s.Rows)
}

// TestCSVChunks: a file read in two chunks (the second without a header, as S3 ranges arrive) yields the same
// events and the same line numbers as one read.
func TestCSVChunks(t *testing.T) {
	t.Parallel()
	in := ingester(t, "lisbon")
	var b strings.Builder
	b.WriteString("reservation_id,arrival,departure,room_revenue\n")
	for i := range 50 {
		fmt.Fprintf(&b, "R-%03d,2027-02-01,2027-02-03,%d.00\n", i, 100+i)
	}
	data := b.String()
	whole := openString(t, in, data, ingest.CSVOptions{})
	all, _ := readAll(t, whole)

	// split after line 26 (header + 25 rows), at a row boundary
	cut := 0
	for n := 0; n < 26; n++ {
		cut += strings.IndexByte(data[cut:], '\n') + 1
	}
	first := openString(t, in, data[:cut], ingest.CSVOptions{})
	a, _ := readAll(t, first)
	equal(t, first.Offset(), int64(cut))
	second := openString(t, in, data[cut:], ingest.CSVOptions{Header: []string{"reservation_id", "arrival", "departure", "room_revenue"}, FirstLine: 27})
	c, _ := readAll(t, second)
	got := append(a, c...)
	equal(t, len(got), len(all))
	for i := range all {
		equal(t, got[i].Line, all[i].Line)
		equal(t, got[i].Event, all[i].Event)
	}
}

func openString(t *testing.T, in *ingest.Ingester, s string, opts ingest.CSVOptions) *ingest.CSVReader {
	t.Helper()
	r, err := in.CSV(ingest.KindCheckOut, bytes.NewReader([]byte(s)), opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
