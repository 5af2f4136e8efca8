package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/identity/identitytest"
)

// febrlCopy writes testdata FEBRL file name to dir with Hearth's column names, optionally without soc_sec_id.
func febrlCopy(t *testing.T, dir, name string, dropIDNumber bool) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "shared", "identity", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	header, body, _ := bytes.Cut(raw, []byte("\n"))
	renames := map[string]string{"given_name": "first_name", "surname": "last_name", "suburb": "city",
		"soc_sec_id": "id_number", "rec_id": "id"}
	cols := strings.Split(string(header), ",")
	for i, c := range cols {
		c = strings.TrimSpace(c)
		if r, ok := renames[c]; ok {
			c = r
		}
		if dropIDNumber && c == "id_number" {
			c = "soc_sec_id"
		}
		cols[i] = " " + c
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, append([]byte(strings.Join(cols, ",")+"\n"), body...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

var febrlEntity = regexp.MustCompile(`^rec-(\d+)-`)

func TestDedupeFEBRL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		drop  bool
		rules string
		minF1 float64
	}{
		{"febrl1.csv", false, "probabilistic", 0.99},
		{"febrl2.csv", false, "probabilistic", 0.99},
		{"febrl1.csv", true, "probabilistic", 0.95},
		{"febrl2.csv", true, "probabilistic", 0.95},
	}
	for _, tc := range tests {
		name := tc.file
		if tc.drop {
			name += "/without-id_number"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			in := febrlCopy(t, dir, tc.file, tc.drop)
			out, review := filepath.Join(dir, "out.csv"), filepath.Join(dir, "review.csv")
			var stderr bytes.Buffer
			err := run(context.Background(), []string{"dedupe", "--in", in, "--out", out, "--review", review, "--rules", tc.rules}, &bytes.Buffer{}, &stderr)
			if err != nil {
				t.Fatalf("%v\n%s", err, stderr.String())
			}
			rows := readCSV(t, out)
			if got := strings.Join(rows[0], ","); got != "id,guest_id" {
				t.Fatalf("header %q", got)
			}
			truth, pred := make(map[string]string), make(map[string]string)
			for _, r := range rows[1:] {
				truth[r[0]] = febrlEntity.FindStringSubmatch(r[0])[1]
				pred[r[0]] = r[1]
			}
			lines := bytes.Count(must(os.ReadFile(in)), []byte("\n")) - 1
			if len(rows)-1 != lines {
				t.Errorf("%d output rows for %d input rows", len(rows)-1, lines)
			}
			m := identitytest.PairF1(truth, pred)
			t.Logf("%s: precision %.4f recall %.4f F1 %.4f", name, m.Precision, m.Recall, m.F1)
			if m.F1 < tc.minF1 {
				t.Errorf("F1 %.4f, want ≥ %.2f", m.F1, tc.minF1)
			}
			if got := readCSV(t, review)[0]; strings.Join(got, ",") != "id_a,id_b,score,reason,explanation" {
				t.Errorf("review header %q", got)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestDedupePMSRules(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	data := "id,first_name,last_name,phone,card_hash,address_1\n" +
		"a,Ann,Lee,,c1,\n" +
		"b,Anne,Lee,(415) 555-0101,c1,\n" + // same card as a
		"c,Bob,Lee,415.555.0101,,\n" + // same phone as b, no card: the PMS rule merges the household
		"d,Dan,Lee,,c2,1 High St\n" + // other card: not a
		"e,Eve,Ray,,c1,\n" // same card, other last name
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.csv")
	if err := run(context.Background(), []string{"dedupe", "--in", in, "--out", out, "--rules", "pms", "-q"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range readCSV(t, out)[1:] {
		got[r[0]] = r[1]
	}
	want := map[string]string{"a": "a", "b": "a", "c": "a", "d": "d", "e": "e"}
	for id, g := range want {
		if got[id] != g {
			t.Errorf("guest of %s = %q, want %q (all: %v)", id, got[id], g, got)
		}
	}
}

func TestDedupeBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data string
		args       []string
		want       string
	}{
		{"no id column", "first_name,last_name\nAnn,Lee\n", nil, "line 1: no id column"},
		{"duplicate id", "id,first_name\n1,Ann\n2,Bob\n1,Cy\n", nil, `line 4: duplicate id "1" (first on line 2)`},
		{"empty id", "id,first_name\n1,Ann\n,Bob\n", nil, "line 3: empty id"},
		{"malformed date", "id,date_of_birth\n1,1980-01-02\n2,02/01/1980\n", nil, `line 3: date_of_birth: malformed date "02/01/1980"`},
		{"short date", "id,date_of_birth\n1,198001\n", nil, "line 2: date_of_birth: malformed date"},
		{"not UTF-8", "id,first_name\n1,Ann\n2,Ren\xe9e\n", nil, `line 3: column "first_name" is not UTF-8`},
		{"ragged row", "id,first_name\n1,Ann,extra\n", nil, "line 2: wrong number of fields"},
		{"bad quote", "id,first_name\n1,\"Ann\n", nil, "line 2"},
		{"unknown rules", "id\n1\n", []string{"--rules", "fuzzy"}, `unknown rule set "fuzzy"`},
		{"unknown region", "id\n1\n", []string{"--region", "XX"}, `unknown phone region "XX"`},
		{"thresholds", "id\n1\n", []string{"--upper", "1", "--lower", "2"}, "lower threshold 2 is above upper threshold 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			in := filepath.Join(dir, "in.csv")
			if err := os.WriteFile(in, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"dedupe", "--in", in, "--out", filepath.Join(dir, "out.csv"), "-q"}, tc.args...)
			err := run(context.Background(), args, &bytes.Buffer{}, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestDedupeUsage(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"dedupe"}, &bytes.Buffer{}, &stderr); err == nil {
		t.Fatal("want an error without --in and --out")
	}
	if !strings.Contains(stderr.String(), "Usage: hearth dedupe") {
		t.Errorf("usage not printed: %q", stderr.String())
	}
	if err := run(context.Background(), []string{"dedupe", "--help"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Errorf("--help: %v", err)
	}
}

func TestDedupeStdoutAndProgress(t *testing.T) {
	t.Parallel()
	ds := identitytest.Generate(identitytest.Options{Records: 12_000, Seed: 3})
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write([]string{"id", "first_name", "last_name", "email", "phone", "date_of_birth", "address_1", "city", "postcode", "card_hash", "notes"})
	for _, r := range ds.Records {
		w.Write([]string{r.ID, r.FirstName, r.LastName, r.Email, r.Phone, r.DateOfBirth, r.Address1, r.City, r.Postcode, r.CardHash, "ignored"})
	}
	w.Flush()
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"dedupe", "--in", in, "--out", "-", "--switchboards", strings.Join(ds.Switchboards, ",")}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(stdout.String(), "\n"); n != len(ds.Records)+1 {
		t.Errorf("%d lines on stdout, want %d", n, len(ds.Records)+1)
	}
	for _, stage := range []string{"read 12", "normalise", "compare", "cluster", "guests"} {
		if !strings.Contains(stderr.String(), stage) {
			t.Errorf("progress lacks %q:\n%s", stage, stderr.String())
		}
	}
}
