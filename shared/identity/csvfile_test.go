package identity_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/identity"
)

func TestReadRecords(t *testing.T) {
	t.Parallel()
	in := "\ufeff ID , First_Name, last_name, date_of_birth, street_number, email\n" +
		"rec-1-org, ann , lee, 19800304, 12, ann@x.com\n" +
		"\n" +
		" , , , , , \n" +
		"\"rec-2\", \"Bob, Jr\", , 1980-03-04T10:00:00Z, , \n"
	got, err := identity.ReadRecords(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []identity.Record{
		{ID: "rec-1-org", FirstName: "ann", LastName: "lee", DateOfBirth: "19800304", Email: "ann@x.com"},
		{ID: "rec-2", FirstName: "Bob, Jr", DateOfBirth: "1980-03-04T10:00:00Z"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d records: %+v", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestReadRecordsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		line     int
		want     string
	}{
		{"empty", "", 1, "empty file"},
		{"no id", "first_name,last_name\nann,lee\n", 1, "no id column (columns: first_name, last_name)"},
		{"repeated column", "id,email,Email\n1,a,b\n", 1, `column "email" appears twice`},
		{"duplicate id", "id\n1\n2\n1\n", 4, `duplicate id "1" (first on line 2)`},
		{"empty id", "id,first_name\n,ann\n", 2, "empty id"},
		{"malformed date", "id,date_of_birth\n1,1980-03-04\n2,4 March 1980\n", 3, "date_of_birth: malformed date"},
		{"not UTF-8 value", "id,last_name\n1,M\xfcller\n", 2, "not UTF-8"},
		{"not UTF-8 header", "id,n\xe4me\n1,x\n", 1, "not UTF-8"},
		{"wrong width", "id,first_name\n1,ann\n2\n", 3, "wrong number of fields"},
		{"quote", "id,first_name\n1,\"ann\n", 2, "quote"},
		{"line numbers count quoted newlines", "id,notes\n1,\"two\nlines\"\n1,x\n", 4, `duplicate id "1" (first on line 2)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := identity.ReadRecords(strings.NewReader(tc.in))
			var le *identity.LineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v is not a LineError", err)
			}
			if le.Line != tc.line || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q on line %d, want line %d and %q", err, le.Line, tc.line, tc.want)
			}
		})
	}
}

func TestWriteGuestIDsAndReviews(t *testing.T) {
	t.Parallel()
	recs := []identity.Record{
		{ID: "1", FirstName: "Ann", LastName: "Lee", Email: "ann.lee@x.com", Phone: "4155550100"},
		{ID: "2", FirstName: "Ann", LastName: "Lee", Email: "annlee@x.com"},
		{ID: "3, with comma", FirstName: "Ann", LastName: "Lee", Phone: "4155550100"},
	}
	cfg := identity.DefaultConfig()
	res, err := identity.Dedupe(recs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := identity.WriteGuestIDs(&out, recs, res); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || lines[0] != "id,guest_id" || !strings.HasPrefix(lines[3], `"3, with comma",`) {
		t.Errorf("output:\n%s", out.String())
	}
	out.Reset()
	if err := identity.WriteReviews(&out, res.Reviews); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "id_a,id_b,score,reason,explanation\n") {
		t.Errorf("reviews:\n%s", out.String())
	}
}
