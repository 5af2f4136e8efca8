package loyalty

import (
	"fmt"
	"sort"
)

// Tier is one level of the programme.
type Tier struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	// Order is the display order, lowest first; gaps (1, 3, 6, 9) leave room to insert levels later.
	Order int `json:"order"`
	// InviteOnly levels are given by hand and never reached by qualification.
	InviteOnly bool          `json:"inviteOnly,omitempty"`
	Qualify    Qualification `json:"qualify"`
	Benefits   []string      `json:"benefits,omitempty"`
}

// Qualification is a tier's thresholds over the rolling window. Meeting any non-zero threshold qualifies (a
// member qualifies by nights or by stays or by points); all zero marks the base tier.
type Qualification struct {
	Nights int64 `json:"nights,omitempty"`
	Stays  int64 `json:"stays,omitempty"`
	Points int64 `json:"points,omitempty"` // qualifying points earned, never the balance
}

func (q Qualification) isZero() bool { return q == Qualification{} }

func (q Qualification) metBy(t Totals) bool {
	return (q.Nights > 0 && t.Nights >= q.Nights) ||
		(q.Stays > 0 && t.Stays >= q.Stays) ||
		(q.Points > 0 && t.Points >= q.Points)
}

// TierPolicy is the programme's levels and qualification window.
type TierPolicy struct {
	Tiers []Tier `json:"tiers"`
	// WindowMonths is the rolling qualification window; zero means 12.
	WindowMonths int `json:"windowMonths,omitempty"`
}

// Activity is one qualifying fact of a member's history, on its business date: a stay (1 stay, its nights, the
// qualifying points it earned) or a later reversal of one (negative values). Points are qualifying points
// earned, never the balance, so spending points never costs a tier.
type Activity struct {
	On     Date  `json:"on"`
	Nights int64 `json:"nights,omitempty"`
	Stays  int64 `json:"stays,omitempty"`
	Points int64 `json:"points,omitempty"`
}

// Totals are activity summed over a window.
type Totals struct {
	Nights int64 `json:"nights"`
	Stays  int64 `json:"stays"`
	Points int64 `json:"points"`
}

// tierIndex is the tiers sorted by Order, so an index comparison is an order comparison.
type tierIndex struct {
	tiers  []Tier
	byID   map[string]int
	window int
}

func newTierIndex(p TierPolicy) (tierIndex, error) {
	if len(p.Tiers) == 0 {
		return tierIndex{}, programmeError("tiers", "at least one tier is required")
	}
	if p.WindowMonths < 0 {
		return tierIndex{}, programmeError("tiers.windowMonths", "cannot be negative")
	}
	x := tierIndex{tiers: append([]Tier(nil), p.Tiers...), byID: make(map[string]int, len(p.Tiers)), window: p.WindowMonths}
	if x.window == 0 {
		x.window = 12
	}
	sort.SliceStable(x.tiers, func(i, j int) bool { return x.tiers[i].Order < x.tiers[j].Order })
	for i, t := range x.tiers {
		if t.ID == "" {
			return tierIndex{}, programmeError("tiers", "a tier has no id")
		}
		if _, dup := x.byID[t.ID]; dup {
			return tierIndex{}, programmeError("tiers", "duplicate id "+quote(t.ID))
		}
		if i > 0 && x.tiers[i-1].Order == t.Order {
			return tierIndex{}, programmeError("tiers", fmt.Sprintf("%s and %s share order %d", x.tiers[i-1].ID, t.ID, t.Order))
		}
		if t.Qualify.Nights < 0 || t.Qualify.Stays < 0 || t.Qualify.Points < 0 {
			return tierIndex{}, programmeError("tier "+t.ID, "thresholds cannot be negative")
		}
		switch {
		case i == 0 && (t.InviteOnly || !t.Qualify.isZero()):
			return tierIndex{}, programmeError("tier "+t.ID, "the lowest tier must be open to everyone, with no thresholds")
		case i > 0 && !t.InviteOnly && t.Qualify.isZero():
			return tierIndex{}, programmeError("tier "+t.ID, "needs a threshold or must be invite-only")
		}
		x.byID[t.ID] = i
	}
	return x, nil
}

func (x *tierIndex) base() *Tier { return &x.tiers[0] }

func (x *tierIndex) has(id string) bool {
	_, ok := x.byID[id]
	return ok
}

func (x *tierIndex) index(id string) (int, error) {
	if id == "" {
		return 0, nil
	}
	i, ok := x.byID[id]
	if !ok {
		return 0, fmt.Errorf("tier %s: %w", quote(id), ErrUnknownTier)
	}
	return i, nil
}

// qualified returns the highest tier reachable by qualification with totals t (the base tier at least).
func (x *tierIndex) qualified(t Totals) int {
	for i := len(x.tiers) - 1; i > 0; i-- {
		if tr := &x.tiers[i]; !tr.InviteOnly && tr.Qualify.metBy(t) {
			return i
		}
	}
	return 0
}

// below returns the next lower tier a member can land on from i: invite-only levels are skipped, since nobody
// falls into an invitation.
func (x *tierIndex) below(i int) int {
	for j := i - 1; j > 0; j-- {
		if !x.tiers[j].InviteOnly {
			return j
		}
	}
	return 0
}

// above returns the next tier reachable by qualification above i, or -1 at the top.
func (x *tierIndex) above(i int) int {
	for j := i + 1; j < len(x.tiers); j++ {
		if !x.tiers[j].InviteOnly {
			return j
		}
	}
	return -1
}

// window returns the first day of the rolling window that ends (inclusive) on end.
func (x *tierIndex) windowFrom(end Date) Date { return end.AddMonths(-x.window).AddDays(1) }

// totals sums the activity dated within the window ending on end.
func (x *tierIndex) totals(history []Activity, end Date) Totals {
	from := x.windowFrom(end)
	var t Totals
	for _, a := range history {
		if a.On >= from && a.On <= end {
			t.Nights += a.Nights
			t.Stays += a.Stays
			t.Points += a.Points
		}
	}
	return t
}

// Benefits returns the benefits available at a tier: its own and those of every lower level, lowest first,
// each once.
func (e *Engine) Benefits(tierID string) ([]string, error) {
	i, err := e.tiers.index(tierID)
	if err != nil {
		return nil, err
	}
	var out []string
	seen := make(map[string]bool)
	for _, t := range e.tiers.tiers[:i+1] {
		for _, b := range t.Benefits {
			if !seen[b] {
				seen[b] = true
				out = append(out, b)
			}
		}
	}
	return out, nil
}

// HasBenefit reports whether a member at tierID may use benefit, for example before issuing a certificate.
func (e *Engine) HasBenefit(tierID, benefit string) (bool, error) {
	bs, err := e.Benefits(tierID)
	if err != nil {
		return false, err
	}
	for _, b := range bs {
		if b == benefit {
			return true, nil
		}
	}
	return false, nil
}

// Tiers returns the levels in display order.
func (e *Engine) Tiers() []Tier { return append([]Tier(nil), e.tiers.tiers...) }
