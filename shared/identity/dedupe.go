package identity

import (
	"slices"
	"time"
)

// Result is the outcome of a batch dedupe.
type Result struct {
	// GuestIDs[i] is the guest of records[i]: the id of the first record of its cluster in input order, so that
	// ids stay put when a file is re-run with rows appended.
	GuestIDs []string
	// Clusters lists every guest, singletons included, in order of their first record.
	Clusters []Cluster
	// Reviews are pairs left apart that a person should look at: scores between the thresholds, conflicts above
	// the upper one, and merges refused because the clusters would not stay coherent. Strongest first.
	Reviews []ReviewPair
	// Model is the estimated model (nil for the PMS rule set).
	Model *Model
	Stats Stats
}

// Cluster is one guest: the indexes of its records in the input, ascending.
type Cluster struct {
	GuestID string
	Records []int
}

// ReviewPair is a pair of records to look at, with the explained score.
type ReviewPair struct {
	A, B   string // record ids
	Reason string
	Score  Score
}

// Stats counts the work a batch did.
type Stats struct {
	Records       int
	Blocks        int // blocks compared
	DroppedBlocks int // keys shared by more than MaxBlock records
	Candidates    int // pairs compared
	MergePairs    int // pairs at or above the upper threshold without a conflict
	RefusedJoins  int // merge pairs refused by the coherence check
	Guests        int
	Elapsed       time.Duration
}

// Dedupe clusters records into guests: it normalises them, blocks, compares the candidate pairs, estimates the
// model from them (probabilistic rules, unless cfg.Model is set), scores, and joins clusters along merge pairs with
// the coherence check. Ids must be unique and not empty.
func Dedupe(records []Record, cfg Config) (*Result, error) {
	start := time.Now()
	b, err := prepare(records, cfg)
	if err != nil {
		return nil, err
	}
	res := &Result{Stats: b.stats}
	scorer := b.scorer()
	if m, ok := scorer.(*Model); ok {
		res.Model = m
	}
	merges, reviews := scoreCandidates(b.ps, b.cands, scorer, b.workers)
	b.cands = nil
	res.Stats.MergePairs = len(merges)

	b.rep.report("cluster", 0, len(merges))
	cl := newClusters(len(b.ps))
	refused := cl.join(merges, scorer.lower(), func(x, y int32) (float64, bool) {
		return scorer.quick(&b.ps[x], &b.ps[y])
	})
	res.Stats.RefusedJoins = len(refused)
	b.rep.report("cluster", len(merges), len(merges))

	res.GuestIDs, res.Clusters = assign(records, cl)
	res.Stats.Guests = len(res.Clusters)
	res.Reviews = collectReviews(b.ps, cl, reviews, refused, scorer)
	res.Stats.Elapsed = time.Since(start)
	return res, nil
}

// EstimateModel fits the probabilistic model to records as Dedupe does, without clustering: the way to learn
// weights from a sample of a hotel group's guests for matching records one at a time.
func EstimateModel(records []Record, cfg Config) (*Model, error) {
	cfg.Rules, cfg.Model = Probabilistic, nil
	b, err := prepare(records, cfg)
	if err != nil {
		return nil, err
	}
	m := b.scorer().(*Model)
	m.population = [NumFields]uint32{}
	return m, nil
}

// assign names every cluster after its first record and lists the clusters in that order.
func assign(records []Record, cl *clusters) ([]string, []Cluster) {
	ids := make([]string, len(records))
	slot := make(map[int32]int)
	var out []Cluster
	for i := range records {
		root := cl.find(int32(i))
		k, ok := slot[root]
		if !ok {
			k = len(out)
			slot[root] = k
			out = append(out, Cluster{GuestID: records[i].ID})
		}
		out[k].Records = append(out[k].Records, i)
		ids[i] = out[k].GuestID
	}
	return ids, out
}

// collectReviews explains the review pairs and refused joins whose records ended in different guests.
func collectReviews(ps []Profile, cl *clusters, reviews, refused []edge, s pairScorer) []ReviewPair {
	var out []ReviewPair
	add := func(e edge, reason string) {
		if cl.find(e.a) == cl.find(e.b) {
			return
		}
		sc := s.Score(&ps[e.a], &ps[e.b])
		if reason == "" {
			reason = "score between thresholds"
			if sc.Conflict != "" {
				reason = sc.Conflict
			}
		}
		out = append(out, ReviewPair{A: ps[e.a].ID, B: ps[e.b].ID, Reason: reason, Score: sc})
	}
	for _, e := range refused {
		add(e, "joining would make an incoherent guest")
	}
	for _, e := range reviews {
		add(e, "")
	}
	slices.SortStableFunc(out, func(x, y ReviewPair) int {
		switch {
		case x.Score.Total > y.Score.Total:
			return -1
		case x.Score.Total < y.Score.Total:
			return 1
		}
		return 0
	})
	return out
}
