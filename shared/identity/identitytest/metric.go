// Package identitytest helps test and benchmark identity resolution: a pairwise precision/recall/F1 metric and a
// generator of hotel-style duplicate guest records with known truth.
package identitytest

// Metrics is pairwise precision, recall and F1 of a predicted clustering against the truth, as
// shared/data/identity/score.py computes them: true pairs are unordered record pairs of the same true entity,
// predicted pairs those of the same predicted cluster.
type Metrics struct {
	Records                        int
	TrueEntities                   int
	PredictedClusters              int
	TruePairs, PredictedPairs      int
	TruePositives                  int
	Precision, Recall, F1          float64
	FalsePositives, FalseNegatives int
}

// PairF1 scores predicted against truth, both mapping record id to a cluster (entity) key. Records missing from
// predicted count as singletons; records not in truth are ignored. With no predicted pairs precision is 1; with
// no true pairs recall is 1.
func PairF1(truth, predicted map[string]string) Metrics {
	type cell struct{ t, p string }
	trueSizes := make(map[string]int)
	predSizes := make(map[string]int)
	joint := make(map[cell]int)
	for id, t := range truth {
		p, ok := predicted[id]
		if !ok {
			p = "\x00singleton:" + id
		}
		trueSizes[t]++
		predSizes[p]++
		joint[cell{t, p}]++
	}
	pairs := func(n int) int { return n * (n - 1) / 2 }
	m := Metrics{Records: len(truth), TrueEntities: len(trueSizes), PredictedClusters: len(predSizes)}
	for _, n := range trueSizes {
		m.TruePairs += pairs(n)
	}
	for _, n := range predSizes {
		m.PredictedPairs += pairs(n)
	}
	for _, n := range joint {
		m.TruePositives += pairs(n)
	}
	m.FalsePositives = m.PredictedPairs - m.TruePositives
	m.FalseNegatives = m.TruePairs - m.TruePositives
	m.Precision, m.Recall = 1, 1
	if m.PredictedPairs > 0 {
		m.Precision = float64(m.TruePositives) / float64(m.PredictedPairs)
	}
	if m.TruePairs > 0 {
		m.Recall = float64(m.TruePositives) / float64(m.TruePairs)
	}
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
	return m
}
