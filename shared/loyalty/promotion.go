package loyalty

// Promotion is a time-limited bonus with an optional programme budget and per-member cap. The engine does not
// store usage: the caller passes what has been consumed so far and persists the PromotionUse the engine returns
// in the same transaction as the accrual (same key), so a retried stay cannot consume the budget twice.
type Promotion struct {
	ID    string `json:"id"` // unique, no '/'; part of the accrual key
	Label string `json:"label,omitempty"`
	// From and To (inclusive) bound the departure date of eligible stays; zero is open.
	From      Date     `json:"from,omitzero"`
	To        Date     `json:"to,omitzero"`
	MinNights int      `json:"minNights,omitempty"`
	Tiers     []string `json:"tiers,omitempty"` // eligible tiers; empty is every tier
	PerStay   int64    `json:"perStay,omitempty"`
	PerNight  int64    `json:"perNight,omitempty"`
	// BasisPoints adds a share of the stay's multiplied base points (2500 = +25 %), floored.
	BasisPoints int64 `json:"basisPoints,omitempty"`
	// Budget is the programme-wide points budget; zero is unlimited.
	Budget int64 `json:"budget,omitempty"`
	// MemberCap is the most one member may receive; zero is unlimited.
	MemberCap  int64 `json:"memberCap,omitempty"`
	Qualifying bool  `json:"qualifying,omitempty"`
	Disabled   bool  `json:"disabled,omitempty"`
}

// PromotionUsage is how much of a promotion has been awarded so far.
type PromotionUsage struct {
	BudgetUsed int64 // across all members
	MemberUsed int64 // by this member
}

// PromotionUse is what one earning consumed of a promotion; Key equals the accrual's key.
type PromotionUse struct {
	PromotionID string
	Points      int64
	Key         string
}

// award returns the points a promotion gives a stay and whether the budget or cap cut it down.
func (p *Promotion) award(nights, base int64, used PromotionUsage) (points int64, capped bool) {
	want := p.PerStay
	if p.PerNight > 0 && nights > 0 {
		want = addSat(want, mulDivFloor(p.PerNight, nights, 1))
	}
	want = addSat(want, mulDivFloor(base, p.BasisPoints, 10000))
	points = want
	if p.Budget > 0 {
		points = min(points, max(0, p.Budget-used.BudgetUsed))
	}
	if p.MemberCap > 0 {
		points = min(points, max(0, p.MemberCap-used.MemberUsed))
	}
	return points, points < want
}

func (p *Promotion) eligible(tier string, departure Date, nights int) bool {
	if !inRange(departure, p.From, p.To) || nights < p.MinNights {
		return false
	}
	if len(p.Tiers) == 0 {
		return true
	}
	for _, t := range p.Tiers {
		if t == tier {
			return true
		}
	}
	return false
}

// inRange reports whether d is within [from, to]; a zero bound is open.
func inRange(d, from, to Date) bool {
	return (from == 0 || d >= from) && (to == 0 || d <= to)
}
