package identity

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// batch is a file of records on its way through Dedupe: normalised, blocked and compared.
type batch struct {
	cfg     Config
	workers int
	rep     *reporter
	ps      []Profile
	cands   []candidate
	pop     [NumFields]uint32 // records having each term-frequency field
	stats   Stats
}

// prepare checks the ids, normalises the records and compares every pair that shares a block.
func prepare(records []Record, cfg Config) (*batch, error) {
	cfg = cfg.withDefaults()
	if cfg.Lower > cfg.Upper {
		return nil, fmt.Errorf("lower threshold %g is above upper threshold %g", cfg.Lower, cfg.Upper)
	}
	b := &batch{cfg: cfg, workers: cfg.Workers, rep: newReporter(cfg.Progress)}
	if b.workers <= 0 {
		b.workers = runtime.GOMAXPROCS(0)
	}
	seen := make(map[string]int, len(records))
	for i, r := range records {
		if r.ID == "" {
			return nil, fmt.Errorf("record %d: empty id", i+1)
		}
		if j, dup := seen[r.ID]; dup {
			return nil, fmt.Errorf("record %d: duplicate id %q (first at record %d)", i+1, r.ID, j+1)
		}
		seen[r.ID] = i
	}
	seen = nil

	var err error
	if b.ps, err = normalizeAll(records, NewNormalizer(cfg), b.workers, b.rep); err != nil {
		return nil, err
	}
	keys := probabilisticKeys
	if cfg.Rules == PMS {
		keys = pmsKeys
	}
	b.rep.report("block", 0, len(b.ps))
	idx := buildBlocks(b.ps, keys, cfg.MaxBlock, b.workers, &b.pop)
	b.rep.report("block", len(b.ps), len(b.ps))
	b.cands = findCandidates(b.ps, idx, b.workers, func(d int) { b.rep.report("compare", d, len(b.ps)) })
	b.stats = Stats{Records: len(records), Blocks: len(idx.starts) - 1, DroppedBlocks: idx.dropped, Candidates: len(b.cands)}
	return b, nil
}

// scorer returns the rule set's scorer: PMSRule, cfg.Model as given, or a model estimated from the candidates.
// Models get the batch's term frequencies.
func (b *batch) scorer() pairScorer {
	switch {
	case b.cfg.Rules == PMS:
		return pmsScorer{}
	case b.cfg.Model != nil:
		m := *b.cfg.Model
		m.population = b.pop
		return &m
	}
	b.rep.report("estimate", 0, 1)
	m := estimateModel(b.ps, histogram(b.cands), b.cfg)
	m.population = b.pop
	b.rep.report("estimate", 1, 1)
	return m
}

// normalizeAll builds the profiles in parallel; the first malformed record (in input order) is the error.
func normalizeAll(records []Record, n *Normalizer, workers int, rep *reporter) ([]Profile, error) {
	ps := make([]Profile, len(records))
	errs := make([]error, workers)
	var done atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := len(records)*w/workers, len(records)*(w+1)/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				p, err := n.Profile(records[i])
				if err != nil {
					errs[w] = fmt.Errorf("record %d: %w", i+1, err)
					return
				}
				ps[i] = p
				if (i-lo)%chunkSize == chunkSize-1 {
					rep.report("normalise", int(done.Add(chunkSize)), len(records))
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	rep.report("normalise", len(records), len(records))
	return ps, nil
}

// histogram counts the candidate pairs per comparison pattern.
func histogram(cands []candidate) []patternCount {
	counts := make(map[uint64]float64)
	for _, c := range cands {
		counts[c.pattern]++
	}
	out := make([]patternCount, 0, len(counts))
	for p, n := range counts {
		out = append(out, patternCount{pattern: p, count: n})
	}
	return out
}

// scoreCandidates splits the candidate pairs into merge edges and review edges (the rest are dropped).
func scoreCandidates(ps []Profile, cands []candidate, s pairScorer, workers int) (merges, reviews []edge) {
	type out struct{ merges, reviews []edge }
	outs := make([]out, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := len(cands)*w/workers, len(cands)*(w+1)/workers
		wg.Go(func() {
			var o out
			for _, c := range cands[lo:hi] {
				cmp := comparisonOf(c.pattern)
				t, d := s.decide(&cmp, &ps[c.a], &ps[c.b])
				switch d {
				case Merge:
					o.merges = append(o.merges, edge{a: c.a, b: c.b, total: float32(t)})
				case Review:
					o.reviews = append(o.reviews, edge{a: c.a, b: c.b, total: float32(t)})
				}
			}
			outs[w] = o
		})
	}
	wg.Wait()
	for _, o := range outs {
		merges = append(merges, o.merges...)
		reviews = append(reviews, o.reviews...)
	}
	return merges, reviews
}
