package identity

import "math"

// Model is a Fellegi-Sunter model: per field and level, the probability M that two records of the same guest
// agree at that level, the probability U that two different guests do, and the weight log2(M/U) in bits that
// agreement at that level adds to a pair's score. Probabilities are conditional on both records having the
// field. A pair's total is Prior plus its weights: the log2 odds that the two records are one guest. DefaultModel
// holds built-in values; EstimateModel and Dedupe estimate them from the data (see the package documentation).
type Model struct {
	M, U   [NumFields][NumLevels]float64
	Weight [NumFields][NumLevels]float64
	// Prior is the log2 odds that two records drawn at random are one guest: the more guests, the lower, and the
	// more evidence a merge needs (among a million guests, sharing a rare name is a coincidence worth checking).
	Prior float64
	// Upper and Lower are the decision thresholds on the total, in bits of log2 odds (6 bits is 64:1, a 98.5%
	// chance): Merge at or above Upper (without a conflict), Review from Lower, New below.
	Upper, Lower float64
	// MatchShare is the share of candidate pairs the estimate took for matches.
	MatchShare float64

	// population counts the records having each field, for term-frequency weights; 0 disables them.
	population [NumFields]uint32
}

// DefaultUpper and DefaultLower are the built-in thresholds and DefaultPrior the built-in prior (a hundred
// thousand guests with a duplicate each), in bits of log2 odds.
const (
	DefaultUpper = 6.0
	DefaultLower = -2.0
	DefaultPrior = -16.0
)

// defaultM and defaultU are the built-in probabilities, indexed like FieldLevels: plausible values for hotel
// guest data, used as they are by DefaultModel and as the prior of the estimate.
var defaultM = [NumFields][]float64{
	FieldFirstName:     {0.81, 0.04, 0.06, 0.03, 0.02, 0.04},
	FieldLastName:      {0.86, 0.07, 0.03, 0.04},
	FieldDateOfBirth:   {0.90, 0.07, 0.03},
	FieldEmail:         {0.75, 0.05, 0.20},
	FieldPhone:         {0.75, 0.04, 0.04, 0.17},
	FieldAddress1:      {0.70, 0.12, 0.08, 0.10},
	FieldAddress2:      {0.70, 0.12, 0.08, 0.10},
	FieldCity:          {0.85, 0.05, 0.10},
	FieldPostcode:      {0.85, 0.05, 0.10},
	FieldState:         {0.93, 0.07},
	FieldCountry:       {0.95, 0.05},
	FieldLoyaltyNumber: {0.90, 0.03, 0.07},
	FieldCardHash:      {0.55, 0.45},
	FieldIDNumber:      {0.85, 0.05, 0.10},
}

var defaultU = [NumFields][]float64{
	FieldFirstName:     {0.01, 0.002, 0.004, 0.03, 0.004, 0.95},
	FieldLastName:      {0.002, 0.002, 0.02, 0.976},
	FieldDateOfBirth:   {0.0001, 0.001, 0.9989},
	FieldEmail:         {0.00001, 0.00002, 0.99997},
	FieldPhone:         {0.00001, 0.00002, 0.0001, 0.99987},
	FieldAddress1:      {0.0001, 0.0002, 0.005, 0.9947},
	FieldAddress2:      {0.001, 0.002, 0.01, 0.987},
	FieldCity:          {0.01, 0.002, 0.988},
	FieldPostcode:      {0.001, 0.005, 0.994},
	FieldState:         {0.1, 0.9},
	FieldCountry:       {0.5, 0.5},
	FieldLoyaltyNumber: {0.00001, 0.00005, 0.99994},
	FieldCardHash:      {0.00001, 0.99999},
	FieldIDNumber:      {0.00001, 0.00005, 0.99994},
}

// DefaultModel returns the built-in model with the default thresholds.
func DefaultModel() *Model {
	m := &Model{Prior: DefaultPrior, Upper: DefaultUpper, Lower: DefaultLower}
	for f := range NumFields {
		for i, l := range FieldLevels[f] {
			m.M[f][l] = defaultM[f][i]
			m.U[f][l] = defaultU[f][i]
		}
	}
	m.computeWeights()
	return m
}

// computeWeights sets Weight from M and U, then orders each field's weights loosely: exact agreement weighs at least
// as much as any other level, disagreement at most as much, exact is never evidence against a pair and
// disagreement never evidence for one. The middle levels keep their own estimates (a rare level such as "alias"
// is often poorly estimated and must not drag the others down).
func (m *Model) computeWeights() {
	for f := range NumFields {
		levels := FieldLevels[f]
		best, worst := levels[0], levels[len(levels)-1]
		for _, l := range levels {
			m.Weight[f][l] = math.Log2(max(m.M[f][l], 1e-9) / max(m.U[f][l], 1e-12))
		}
		m.Weight[f][best] = max(m.Weight[f][best], 0)
		m.Weight[f][worst] = min(m.Weight[f][worst], 0)
		for _, l := range levels[1 : len(levels)-1] {
			m.Weight[f][l] = min(max(m.Weight[f][l], m.Weight[f][worst]), m.Weight[f][best])
		}
		m.Weight[f][Missing] = 0
	}
}

// tfFields are the fields whose exact agreement is weighed by how common the shared value is.
var tfFields = [...]Field{FieldFirstName, FieldLastName, FieldEmail, FieldPhone, FieldCardHash}

// exactWeight is the weight of exact agreement on a value that freq of the population's records share. The
// average weight is adjusted by log2(U/u_value), where u_value = freq/population is the chance that a
// random record has this very value: agreeing on a rare surname counts for more than agreeing on "smith", and a
// card thirty people share counts for less than a personal one. The result stays between the next level's weight
// (and 0) and the average weight plus 8 bits. Without frequencies it is the average weight.
func (m *Model) exactWeight(f Field, freq uint32) float64 {
	w := m.Weight[f][Exact]
	pop := m.population[f]
	if freq == 0 || pop == 0 || m.U[f][Exact] == 0 {
		return w
	}
	tf := w + math.Log2(m.U[f][Exact]*float64(pop)/float64(freq))
	floor := 0.0
	if levels := FieldLevels[f]; len(levels) > 1 {
		floor = max(floor, m.Weight[f][levels[1]])
	}
	return min(max(tf, floor), w+8)
}
