package identity_test

import (
	"os"
	"testing"

	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/identity/identitytest"
)

// febrlRenames maps the FEBRL column names to Hearth's.
func loadFEBRL(t testing.TB, name string, dropIDNumber bool) ([]identity.Record, map[string]string) {
	return identitytest.LoadFEBRL(t, "testdata/"+name, dropIDNumber)
}

func predicted(recs []identity.Record, res *identity.Result) map[string]string {
	p := make(map[string]string, len(recs))
	for i, r := range recs {
		p[r.ID] = res.GuestIDs[i]
	}
	return p
}

func TestFEBRL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file         string
		dropIDNumber bool
		minF1        float64
	}{
		{"febrl1.csv", false, 0.99},
		{"febrl2.csv", false, 0.99},
		{"febrl1.csv", true, 0.95},
		{"febrl2.csv", true, 0.95},
	}
	for _, tc := range tests {
		name := tc.file
		if tc.dropIDNumber {
			name += "/without-id_number"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			recs, truth := loadFEBRL(t, tc.file, tc.dropIDNumber)
			res, err := identity.Dedupe(recs, identity.DefaultConfig())
			if err != nil {
				t.Fatal(err)
			}
			m := identitytest.PairF1(truth, predicted(recs, res))
			t.Logf("%s: precision %.4f recall %.4f F1 %.4f (TP %d FP %d FN %d; %d candidates, %d reviews)",
				name, m.Precision, m.Recall, m.F1, m.TruePositives, m.FalsePositives, m.FalseNegatives,
				res.Stats.Candidates, len(res.Reviews))
			if testing.Verbose() && os.Getenv("IDENTITY_DEBUG") != "" {
				debugErrors(t, recs, truth, res, identity.DefaultConfig())
			}
			if m.F1 < tc.minF1 {
				t.Errorf("F1 %.4f, want ≥ %.2f", m.F1, tc.minF1)
			}
		})
	}
}
