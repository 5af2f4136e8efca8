package identity

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// priorPairs is how many pairs' worth of weight the built-in M values carry as a prior, so that a field few
// candidate pairs have keeps a sane M.
const priorPairs = 25.0

// patternCount is how many candidate pairs share one comparison pattern.
type patternCount struct {
	pattern uint64
	count   float64
}

// estimateModel fits a model to profiles: U from random pairs, M from high-confidence candidate pairs, and the
// prior from the number of candidate pairs the model takes for matches.
func estimateModel(ps []Profile, patterns []patternCount, cfg Config) *Model {
	m := DefaultModel()
	m.Upper, m.Lower = cfg.Upper, cfg.Lower
	if len(ps) < 2 {
		return m
	}
	m.U = estimateU(ps, cfg.Samples, cfg.Seed)
	n := float64(len(ps))
	allPairs := n * (n - 1) / 2
	slices.SortFunc(patterns, func(a, b patternCount) int { return cmp.Compare(a.pattern, b.pattern) })
	cmps := make([]Comparison, len(patterns))
	candidates := 0.0
	for i, p := range patterns {
		cmps[i] = comparisonOf(p.pattern)
		candidates += p.count
	}
	m.Prior = logOdds(0.3 * candidates / allPairs)
	for range estimateRounds {
		m.computeWeights()
		m.M = estimateM(m, cmps, patterns)
		m.computeWeights()
		matches := 0.0
		for i := range cmps {
			if m.total(&cmps[i], nil, nil) >= 0 {
				matches += patterns[i].count
			}
		}
		m.Prior = logOdds(max(matches, 1) / allPairs)
		m.MatchShare = matches / max(candidates, 1)
	}
	m.computeWeights()
	return m
}

// estimateRounds is how many times M and the prior are re-estimated; anchorMargin is how far above the upper
// threshold the rest of a pair must score for the pair to teach M about a field.
const (
	estimateRounds = 4
	anchorMargin   = 6.0
)

// estimateM estimates M from high-confidence pairs, field by field. A candidate pair teaches the model about
// field f when, leaving out f and the fields that move with it (both names; all of the address, city, postcode,
// state and country), it still scores at least Upper + anchorMargin and has no conflict: such a pair is the same
// guest whatever f says, so its level on f is a sample of how the same guest's records agree on f. The built-in
// M values act as a prior worth priorPairs pairs. Pairs in conflict are left out, which makes M for the given
// name and date of birth slightly too confident that they agree: the safe side.
func estimateM(m *Model, cmps []Comparison, patterns []patternCount) [NumFields][NumLevels]float64 {
	var counts [NumFields][NumLevels]float64
	for f := range NumFields {
		for i, l := range FieldLevels[f] {
			counts[f][l] = priorPairs * defaultM[f][i]
		}
	}
	for i := range cmps {
		c := &cmps[i]
		if conflict(c) != "" {
			continue
		}
		w := m.contributions(c, nil, nil)
		total := m.Prior
		var group [numGroups]float64
		for f := range NumFields {
			group[fieldGroup[f]] += w[f]
			total += w[f]
		}
		for f := range NumFields {
			if c.Levels[f] == Missing {
				continue
			}
			if total-group[fieldGroup[f]] >= m.Upper+anchorMargin {
				counts[f][c.Levels[f]] += patterns[i].count
			}
		}
	}
	normalize(&counts)
	return counts
}

// fieldGroup puts fields that move together in one group: leaving out one of them leaves out the group.
var fieldGroup = [NumFields]int{
	FieldFirstName: 0, FieldLastName: 0, FieldDateOfBirth: 1, FieldEmail: 2, FieldPhone: 3,
	FieldAddress1: 4, FieldAddress2: 4, FieldCity: 4, FieldPostcode: 4, FieldState: 4, FieldCountry: 4,
	FieldLoyaltyNumber: 5, FieldCardHash: 6, FieldIDNumber: 7,
}

const numGroups = 8

func logOdds(p float64) float64 {
	p = min(max(p, 1e-15), 0.5)
	return math.Log2(p / (1 - p))
}

// estimateU draws random pairs of profiles (nearly all of them different guests) and counts, per field, how
// often they agree at each level, with add-one-half smoothing. Fields fewer than 100 pairs have keep the
// built-in values.
func estimateU(ps []Profile, samples int, seed uint64) [NumFields][NumLevels]float64 {
	n := len(ps)
	if total := n * (n - 1) / 2; total < samples {
		samples = total
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	var counts [NumFields][NumLevels]float64
	for range samples {
		i := rng.IntN(n)
		j := rng.IntN(n - 1)
		if j >= i {
			j++
		}
		c := Compare(&ps[i], &ps[j])
		for f := range NumFields {
			counts[f][c.Levels[f]]++
		}
	}
	var u [NumFields][NumLevels]float64
	for f := range NumFields {
		levels := FieldLevels[f]
		seen := 0.0
		for _, l := range levels {
			seen += counts[f][l]
		}
		for i, l := range levels {
			if seen < 100 {
				u[f][l] = defaultU[f][i]
				continue
			}
			u[f][l] = (counts[f][l] + 0.5) / (seen + 0.5*float64(len(levels)))
		}
	}
	return u
}

// normalize makes each field's level probabilities sum to one.
func normalize(p *[NumFields][NumLevels]float64) {
	for f := range NumFields {
		sum := 0.0
		for _, l := range FieldLevels[f] {
			sum += p[f][l]
		}
		if sum == 0 {
			continue
		}
		for _, l := range FieldLevels[f] {
			p[f][l] /= sum
		}
	}
}
