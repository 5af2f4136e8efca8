package identity

import (
	"fmt"
	"strings"
)

// Decision is what to do with a pair of profiles.
type Decision uint8

const (
	// New means different guests: keep the profiles apart.
	New Decision = iota
	// Review means the evidence is mixed: a person should look.
	Review
	// Merge means the same guest.
	Merge
)

// String returns the decision's name.
func (d Decision) String() string {
	switch d {
	case New:
		return "new"
	case Review:
		return "review"
	case Merge:
		return "merge"
	}
	return "decision?"
}

// Contribution is one field's part in a Score.
type Contribution struct {
	Field  Field
	Level  Level
	Weight float64 // bits added to the total; 0 when Missing
}

// Score is the verdict on a pair of profiles with its explanation.
type Score struct {
	Total    float64 // Prior plus the contributions: log2 odds that the pair is one guest
	Prior    float64 // the model's prior, in bits
	Decision Decision
	// Conflict, when not empty, says why the pair may not auto-merge whatever its total (see the package
	// documentation on chaining).
	Conflict string
	Swapped  bool           // names were compared crosswise
	Fields   []Contribution // one per field, in Field order
}

// String explains the score on one line: total, decision, conflict, then every field that had evidence.
func (s Score) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%.1f %s prior:%+.1f", s.Total, s.Decision, s.Prior)
	if s.Conflict != "" {
		fmt.Fprintf(&b, " (%s)", s.Conflict)
	}
	if s.Swapped {
		b.WriteString(" names-swapped")
	}
	for _, c := range s.Fields {
		if c.Level != Missing {
			fmt.Fprintf(&b, " %s:%s:%+.1f", c.Field, c.Level, c.Weight)
		}
	}
	return b.String()
}

// Scorer decides whether two profiles are one guest and says which blocking keys find candidates for a profile.
// *Model (probabilistic) and PMSRule implement it.
type Scorer interface {
	// Keys returns the blocking keys of p: profiles sharing a key are candidates.
	Keys(p *Profile) []Key
	// Score compares a and b and explains the verdict.
	Score(a, b *Profile) Score
}

var (
	_ Scorer = (*Model)(nil)
	_ Scorer = PMSRule{}
)

// Score compares a and b field by field and weighs each level; see Scorer.
func (m *Model) Score(a, b *Profile) Score {
	c := Compare(a, b)
	w := m.contributions(&c, a, b)
	s := Score{Total: m.Prior, Prior: m.Prior, Swapped: c.Swapped, Fields: make([]Contribution, NumFields)}
	for f := range NumFields {
		s.Fields[f] = Contribution{Field: f, Level: c.Levels[f], Weight: w[f]}
		s.Total += w[f]
	}
	s.Conflict = conflict(&c)
	s.Decision = m.decideTotal(s.Total, s.Conflict != "")
	return s
}

// locationFields describe one place; they move together.
var locationFields = [...]Field{FieldAddress1, FieldAddress2, FieldCity, FieldPostcode, FieldState, FieldCountry}

// contributions returns each field's weight for comparison c of a and b. Exact agreement is weighed by term
// frequency when the profiles carry frequencies (a and b may be nil: average weights). Among the location fields
// only the strongest disagreement counts: an address that differs takes its city, postcode and state along, and
// counting each would punish a guest who moved four times over.
func (m *Model) contributions(c *Comparison, a, b *Profile) [NumFields]float64 {
	var w [NumFields]float64
	for f := range NumFields {
		l := c.Levels[f]
		if l == Exact && a != nil && !(c.Swapped && f <= FieldLastName) {
			w[f] = m.exactWeight(f, max(a.freq[f], b.freq[f]))
		} else {
			w[f] = m.Weight[f][l]
		}
	}
	worst := Field(NumFields)
	for _, f := range locationFields {
		switch {
		case w[f] >= 0:
		case worst == NumFields || w[f] < w[worst]:
			if worst != NumFields {
				w[worst] = 0
			}
			worst = f
		default:
			w[f] = 0
		}
	}
	return w
}

// total is the score of comparison c without the explanation (a and b may be nil: average weights).
func (m *Model) total(c *Comparison, a, b *Profile) float64 {
	t := m.Prior
	for _, w := range m.contributions(c, a, b) {
		t += w
	}
	return t
}

// decideTotal turns a total and the presence of a conflict into a Decision.
func (m *Model) decideTotal(total float64, conflicted bool) Decision {
	switch {
	case total >= m.Upper && !conflicted:
		return Merge
	case total >= m.Lower:
		return Review
	}
	return New
}
