package identitytest_test

import (
	"math"
	"testing"

	"github.com/hearthcrm/hearth/shared/identity/identitytest"
)

func TestPairF1(t *testing.T) {
	t.Parallel()
	truth := map[string]string{"1a": "1", "1b": "1", "1c": "1", "2a": "2", "2b": "2", "3a": "3", "4a": "4"}
	tests := []struct {
		name      string
		predicted map[string]string
		want      identitytest.Metrics
	}{
		{
			// The same case through shared/data/identity/score.py gives precision 1/3, recall 1/4, F1 2/7.
			name:      "as score.py",
			predicted: map[string]string{"1a": "A", "1b": "A", "1c": "B", "2a": "B", "2b": "C", "3a": "C", "x": "A"},
			want: identitytest.Metrics{Records: 7, TrueEntities: 4, PredictedClusters: 4, TruePairs: 4, PredictedPairs: 3,
				TruePositives: 1, FalsePositives: 2, FalseNegatives: 3, Precision: 1.0 / 3, Recall: 0.25, F1: 2.0 / 7},
		},
		{
			name:      "perfect",
			predicted: truth,
			want: identitytest.Metrics{Records: 7, TrueEntities: 4, PredictedClusters: 4, TruePairs: 4, PredictedPairs: 4,
				TruePositives: 4, Precision: 1, Recall: 1, F1: 1},
		},
		{
			name:      "all singletons",
			predicted: map[string]string{},
			want: identitytest.Metrics{Records: 7, TrueEntities: 4, PredictedClusters: 7, TruePairs: 4,
				FalseNegatives: 4, Precision: 1, Recall: 0, F1: 0},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := identitytest.PairF1(truth, tc.predicted)
			for _, f := range []*float64{&got.Precision, &got.Recall, &got.F1} {
				*f = math.Round(*f*1e9) / 1e9
			}
			for _, f := range []*float64{&tc.want.Precision, &tc.want.Recall, &tc.want.F1} {
				*f = math.Round(*f*1e9) / 1e9
			}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestGenerateIsRepeatable(t *testing.T) {
	t.Parallel()
	a := identitytest.Generate(identitytest.Options{Records: 500, Seed: 9})
	b := identitytest.Generate(identitytest.Options{Records: 500, Seed: 9})
	if len(a.Records) < 500 || len(a.Records) != len(b.Records) {
		t.Fatalf("%d and %d records", len(a.Records), len(b.Records))
	}
	for i := range a.Records {
		if a.Records[i] != b.Records[i] || a.Person[i] != b.Person[i] {
			t.Fatalf("record %d differs: %v / %v", i, a.Records[i], b.Records[i])
		}
	}
	if len(a.Truth()) != len(a.Records) {
		t.Errorf("truth has %d ids for %d records", len(a.Truth()), len(a.Records))
	}
}
