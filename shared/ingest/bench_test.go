package ingest_test

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/ingest"
)

// The benchmarks measure parse + validate + map per message, no I/O, and report messages/s (per core: run with
// -cpu 1). scripts/bench runs them.

func BenchmarkParseCanonicalJSON(b *testing.B) {
	in := ingester(b, "lisbon")
	for _, s := range []struct {
		file string
		kind ingest.Kind
	}{
		{"reservation_booked.json", ingest.KindReservation},
		{"check_out.json", ingest.KindCheckOut},
		{"pos_check.json", ingest.KindPOSCheck},
	} {
		body := readFile(b, filepath.Join("testdata", "json", s.file))
		b.Run(strings.TrimSuffix(s.file, ".json"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := in.Canonical(s.kind, body); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

func BenchmarkParseOTA(b *testing.B) {
	for _, s := range []struct{ file, source string }{
		{"res_notif_commit_eur.xml", "lisbon"},
		{"res_notif_soap_jpy.xml", "tokyo"},
		{"stay_info_eur.xml", "lisbon"},
	} {
		in := ingester(b, s.source)
		body := readFile(b, filepath.Join("testdata", "ota", s.file))
		b.Run(strings.TrimSuffix(s.file, ".xml"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, _, err := in.OTA(body); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

func BenchmarkParseCSV(b *testing.B) {
	in := ingester(b, "lisbon")
	var buf bytes.Buffer
	buf.WriteString("reservation_id,arrival,departure,checked_out_at,currency,room_revenue,food_beverage_revenue,spa_revenue,guest_id,first_name,last_name,email,phone,country,loyalty_number\n")
	const rows = 1000
	for i := range rows {
		fmt.Fprintf(&buf, "R-%06d,2027-02-01,2027-02-04,2027-02-04 11:30,EUR,%d.00,45.50,,P-%06d,ana,SOUSA,ana%d@example.com,912 345 678,PT,HH-%06d\n", i, 300+i%200, i, i, i)
	}
	data := buf.Bytes()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r, err := in.CSV(ingest.KindCheckOut, bytes.NewReader(data), ingest.CSVOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if row.Err != nil {
				b.Fatal(row.Err)
			}
		}
	}
	b.ReportMetric(float64(b.N*rows)/b.Elapsed().Seconds(), "rows/s")
}
