package identitytest

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/identity"
)

// febrlRenames maps the FEBRL column names to the ones `hearth dedupe` reads.
var febrlRenames = map[string]string{
	"given_name": "first_name", "surname": "last_name", "suburb": "city", "soc_sec_id": "id_number", "rec_id": "id",
}

var febrlID = regexp.MustCompile(`^rec-(\d+)-(?:org|dup-\d+)$`)

// LoadFEBRL reads a FEBRL file with its columns renamed (optionally without id_number) and returns the records and
// the truth: record id → the entity, the number in rec-N-org / rec-N-dup-K.
func LoadFEBRL(tb testing.TB, path string, dropIDNumber bool) ([]identity.Record, map[string]string) {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	header, body, _ := bytes.Cut(raw, []byte("\n"))
	cols := strings.Split(string(header), ",")
	for i, c := range cols {
		c = strings.TrimSpace(c)
		if r, ok := febrlRenames[c]; ok {
			c = r
		}
		if dropIDNumber && c == "id_number" {
			c = "dropped_id_number"
		}
		cols[i] = c
	}
	recs, err := identity.ReadRecords(bytes.NewReader(append([]byte(strings.Join(cols, ",")+"\n"), body...)))
	if err != nil {
		tb.Fatal(err)
	}
	truth := make(map[string]string, len(recs))
	for _, r := range recs {
		m := febrlID.FindStringSubmatch(r.ID)
		if m == nil {
			tb.Fatalf("id %q is not FEBRL-style", r.ID)
		}
		truth[r.ID] = m[1]
	}
	return recs, truth
}
