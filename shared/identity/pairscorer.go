package identity

// pairScorer is what the batch needs from a rule set.
type pairScorer interface {
	Scorer
	// decide scores a compared pair without explanation.
	decide(c *Comparison, a, b *Profile) (float64, Decision)
	// quick scores a pair for the coherence check: the total and whether it has a conflict.
	quick(a, b *Profile) (float64, bool)
	// lower is the mean score a coherent join needs.
	lower() float64
}

func (m *Model) decide(c *Comparison, a, b *Profile) (float64, Decision) {
	t := m.total(c, a, b)
	if t < m.Lower {
		return t, New
	}
	return t, m.decideTotal(t, conflict(c) != "")
}

func (m *Model) quick(a, b *Profile) (float64, bool) {
	c := Compare(a, b)
	return m.total(&c, a, b), conflict(&c) != ""
}

func (m *Model) lower() float64 { return m.Lower }

// pmsScorer adapts PMSRule to the batch.
type pmsScorer struct{ PMSRule }

func (p pmsScorer) decide(_ *Comparison, a, b *Profile) (float64, Decision) {
	s := p.Score(a, b)
	return s.Total, s.Decision
}

func (p pmsScorer) quick(a, b *Profile) (float64, bool) {
	s := p.Score(a, b)
	return s.Total, s.Conflict != ""
}

func (pmsScorer) lower() float64 { return 0 }
