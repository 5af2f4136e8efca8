package loyalty

import (
	"fmt"
	"time"
)

// Reasons of a tier decision; "qualified" and "downgraded" are the events.TierChanged reasons.
const (
	TierUnchanged  = "unchanged"
	TierQualified  = "qualified"
	TierDowngraded = "downgraded"
	TierRetained   = "retained" // reviewed at the anniversary and kept
)

// TierDecision is the outcome of evaluating a member's tier.
type TierDecision struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason"`
	// EffectiveFrom is when To applies: today for an upgrade, the anniversary for a downgrade; zero when unchanged.
	EffectiveFrom Date `json:"effectiveFrom,omitzero"`
	// Reviewed is the anniversary this evaluation reviewed; persist it (Member.WithTier) so it is reviewed once.
	Reviewed Date `json:"reviewed,omitzero"`
	// SoftLanded says the member qualified for less than To but fell only one level.
	SoftLanded bool     `json:"softLanded,omitempty"`
	Progress   Progress `json:"progress"`
}

// Changed reports whether the member moves tier.
func (d TierDecision) Changed() bool { return d.From != d.To }

// Progress is how far a member is from the next tier reachable by qualification, over the window ending today.
type Progress struct {
	Next       string        `json:"next,omitempty"` // empty at the top
	WindowFrom Date          `json:"windowFrom"`
	WindowTo   Date          `json:"windowTo"`
	Have       Totals        `json:"have"`
	Need       Qualification `json:"need"`
	// Missing is, for each threshold of Next, what is still needed; meeting any one of them qualifies.
	Missing Totals `json:"missing"`
}

// EvaluateTier decides a member's tier at now from their activity history. Upgrades are immediate, on the window
// ending today. Downgrades happen only at a membership anniversary not yet reviewed: the window ending the day
// before it decides, so a late or repeated nightly run reaches the same result, and the member falls at most one
// level (invite-only levels are skipped when landing). Invite-only members are never downgraded here (that is a
// manual decision) but do move up when they qualify for a higher level.
func (e *Engine) EvaluateTier(m Member, history []Activity, now time.Time) (TierDecision, error) {
	x := &e.tiers
	cur, err := x.index(m.Tier)
	if err != nil {
		return TierDecision{}, fmt.Errorf("evaluate tier of %s: %w", m.ID, err)
	}
	today := DateOf(now, e.programme.Zone)
	d := TierDecision{From: x.tiers[cur].ID, Reason: TierUnchanged}
	to := cur
	if anniv := lastAnniversary(m.EnrolledOn, today); anniv != 0 && anniv > m.LastTierReview {
		d.Reviewed = anniv
		d.Reason = TierRetained
		if q := x.qualified(x.totals(history, anniv.AddDays(-1))); q < cur && !x.tiers[cur].InviteOnly {
			landing := x.below(cur)
			to = max(q, landing)
			d.Reason, d.EffectiveFrom, d.SoftLanded = TierDowngraded, anniv, q < landing
		}
	}
	if q := x.qualified(x.totals(history, today)); q > to {
		to = q
		d.Reason, d.EffectiveFrom, d.SoftLanded = TierQualified, today, false
	}
	if to == cur { // a downgrade undone by today's qualification, or nothing to do
		d.EffectiveFrom, d.SoftLanded, d.Reason = 0, false, TierUnchanged
		if d.Reviewed != 0 {
			d.Reason = TierRetained
		}
	}
	d.To = x.tiers[to].ID
	d.Progress = x.progress(to, history, today)
	return d, nil
}

func (x *tierIndex) progress(at int, history []Activity, today Date) Progress {
	p := Progress{WindowFrom: x.windowFrom(today), WindowTo: today, Have: x.totals(history, today)}
	next := x.above(at)
	if next < 0 {
		return p
	}
	t := &x.tiers[next]
	p.Next, p.Need = t.ID, t.Qualify
	gap := func(need, have int64) int64 {
		if need == 0 {
			return 0
		}
		return max(need-have, 0)
	}
	p.Missing = Totals{
		Nights: gap(t.Qualify.Nights, p.Have.Nights),
		Stays:  gap(t.Qualify.Stays, p.Have.Stays),
		Points: gap(t.Qualify.Points, p.Have.Points),
	}
	return p
}

// lastAnniversary returns the latest anniversary of enrolled on or before today, or zero in the first year.
// Anniversaries are counted from the enrolment date each year, so 29 February falls on 28 February in common
// years without drifting.
func lastAnniversary(enrolled, today Date) Date {
	if enrolled == 0 || today <= enrolled {
		return 0
	}
	ey, _, _ := enrolled.Civil()
	ty, _, _ := today.Civil()
	a := enrolled.AddYears(ty - ey)
	if a > today {
		a = enrolled.AddYears(ty - ey - 1)
	}
	if a <= enrolled {
		return 0
	}
	return a
}
