package loyalty

import (
	"fmt"
	"strings"
	"time"
)

// EarnStay computes the accruals of one stay for a member. usage is each promotion's consumption so far (by
// promotion id; missing means none). Earning the same stay again returns the same keys, so the ledger posts
// each accrual once; a stay refused on purpose returns no accruals and Earning.Reason.
func (e *Engine) EarnStay(m Member, s Stay, usage map[string]PromotionUsage) (Earning, error) {
	if err := s.validate(); err != nil {
		return Earning{}, fmt.Errorf("earn stay %s: %w", s.StayID, err)
	}
	rs := e.rules(s.PropertyID)
	switch {
	case !m.Active():
		return Earning{Reason: ReasonMemberInactive}, nil
	case rs.noPointsForCheckedOut && s.CheckedOut:
		return Earning{Reason: ReasonCheckedOutExcluded}, nil
	case s.RatePlan != "" && rs.nonEarningRatePlans[s.RatePlan]:
		return Earning{Reason: ReasonRatePlanExcluded}, nil
	}
	var rev revenue
	if err := rs.collect(&rev, s.Lines, true, true, ""); err != nil {
		return Earning{}, fmt.Errorf("earn stay %s: %w", s.StayID, err)
	}
	nights := s.nights()
	w := rs.writer("stay/", s.PropertyID, s.StayID, s.Departure,
		Refs{PropertyID: s.PropertyID, ReservationID: s.ReservationID, StayID: s.StayID, FolioID: s.FolioID},
		len(rs.rules)+len(rs.promotions)+1)

	var base int64 // points of Multiplied rules: the base of tier and promotion percentages
	for i := range rs.rules {
		r := &rs.rules[i]
		if nights < r.MinNights {
			continue
		}
		var pts int64
		switch r.Kind {
		case PerNight:
			if inRange(s.Departure, r.From, r.To) {
				pts = mulDivFloor(r.Points, int64(nights), 1)
			}
		case PerStay:
			if inRange(s.Departure, r.From, r.To) {
				pts = r.Points
			}
		case DateBonus:
			if r.PerNightInRange {
				pts = mulDivFloor(r.Points, nightsBetween(s.Arrival, s.Departure, r.From, r.To), 1)
			} else if inRange(s.Departure, r.From, r.To) {
				pts = r.Points
			}
		case PerSpend:
			if inRange(s.Departure, r.From, r.To) {
				pts = w.spend(r, &rev)
			}
		}
		if pts > 0 {
			w.add(r.ID, r.Label, conceptOf(r.Kind), pts, r.Qualifying)
			if r.Multiplied {
				base = addSat(base, pts)
			}
		}
	}
	w.tierBonus(rs, m.Tier, base)
	for i := range rs.promotions {
		p := &rs.promotions[i]
		if !p.eligible(m.Tier, s.Departure, nights) {
			continue
		}
		pts, capped := p.award(int64(nights), base, usage[p.ID])
		if capped {
			w.out.Skipped = append(w.out.Skipped, Skip{Rule: p.ID, Reason: SkipCapped})
		}
		if pts > 0 {
			w.add(p.ID, p.Label, ConceptBonus, pts, p.Qualifying)
			w.out.Promotions = append(w.out.Promotions, PromotionUse{PromotionID: p.ID, Points: pts})
		}
	}
	return w.finish(), nil
}

// EarnCheck computes the accruals of one POS check. A check earns only when its outlet's revenue category earns
// or it was charged to a room (the folio line it becomes is then skipped by EarnStay, see Line.CheckID). Only
// PerSpend rules and the tier bonus apply; their date ranges test the check's business date.
func (e *Engine) EarnCheck(m Member, c Check) (Earning, error) {
	if err := c.validate(); err != nil {
		return Earning{}, fmt.Errorf("earn check %s: %w", c.CheckID, err)
	}
	rs := e.rules(c.PropertyID)
	if !m.Active() {
		return Earning{Reason: ReasonMemberInactive}, nil
	}
	category := c.OutletCategory
	if category == "" {
		category = rs.outlets[c.OutletID]
	}
	if c.RoomCharge == "" && !rs.revenue.categoryEarns(category) {
		return Earning{Reason: ReasonOutletNotEarning}, nil
	}
	var rev revenue
	if err := rs.collect(&rev, c.Lines, false, false, category); err != nil {
		return Earning{}, fmt.Errorf("earn check %s: %w", c.CheckID, err)
	}
	day := DateOf(c.ClosedAt, rs.zone)
	w := rs.writer("check/", c.PropertyID, c.CheckID, day,
		Refs{PropertyID: c.PropertyID, ReservationID: c.RoomCharge, CheckID: c.CheckID}, len(rs.rules)+1)
	var base int64
	for i := range rs.rules {
		r := &rs.rules[i]
		if r.Kind != PerSpend || !inRange(day, r.From, r.To) {
			continue
		}
		if pts := w.spend(r, &rev); pts > 0 {
			w.add(r.ID, r.Label, ConceptSpend, pts, r.Qualifying)
			if r.Multiplied {
				base = addSat(base, pts)
			}
		}
	}
	w.tierBonus(rs, m.Tier, base)
	return w.finish(), nil
}

// accrualWriter builds the accruals of one stay or check, sharing what every accrual of it has in common.
type accrualWriter struct {
	kind, property, id string // key parts: "<kind><property>/<id>/<rule>"
	refs               Refs
	earnedOn           Date
	expiresOn          Date
	available          time.Time
	out                Earning
}

func (rs *ruleSet) writer(kind, property, id string, earnedOn Date, refs Refs, capacity int) *accrualWriter {
	return &accrualWriter{
		kind: kind, property: property, id: id, refs: refs, earnedOn: earnedOn,
		expiresOn: rs.expiry.expiresOn(earnedOn),
		available: earnedOn.AddDays(rs.pendingDays).Start(rs.zone),
		out:       Earning{Accruals: make([]Accrual, 0, capacity)},
	}
}

// add appends an accrual; finish gives it its key.
func (w *accrualWriter) add(rule, label string, c Concept, points int64, qualifying bool) {
	w.out.Accruals = append(w.out.Accruals, Accrual{
		Points: points, Concept: c, Rule: rule, Label: label, Qualifying: qualifying,
		Refs: w.refs, EarnedOn: w.earnedOn, ExpiresOn: w.expiresOn, AvailableFrom: w.available,
	})
}

// finish sets every accrual's key (and each promotion use's, which is its accrual's) from one string holding
// them all: one allocation per earning instead of one per accrual, which is most of the engine's garbage.
func (w *accrualWriter) finish() Earning {
	acc := w.out.Accruals
	if len(acc) == 0 {
		w.out.Accruals = nil
		return w.out
	}
	head := len(w.kind) + len(w.property) + len(w.id) + 2
	n := 0
	for i := range acc {
		n += head + len(acc[i].Rule)
	}
	var b strings.Builder
	b.Grow(n)
	for i := range acc {
		b.WriteString(w.kind)
		b.WriteString(w.property)
		b.WriteByte('/')
		b.WriteString(w.id)
		b.WriteByte('/')
		b.WriteString(acc[i].Rule)
	}
	all, at := b.String(), 0
	for i := range acc {
		end := at + head + len(acc[i].Rule)
		acc[i].Key = all[at:end]
		at = end
	}
	for i := range w.out.Promotions {
		u := &w.out.Promotions[i]
		for j := range acc {
			if acc[j].Rule == u.PromotionID {
				u.Key = acc[j].Key
			}
		}
	}
	return w.out
}

// spend returns a PerSpend rule's points on rev, noting a missing currency rate as a skip.
func (w *accrualWriter) spend(r *Rule, rev *revenue) int64 {
	if rev.currency == "" {
		return 0 // no lines, nothing to count
	}
	rate, ok := r.Rates[rev.currency]
	if !ok {
		w.out.Skipped = append(w.out.Skipped, Skip{Rule: r.ID, Reason: SkipNoRate})
		return 0
	}
	return mulDivFloor(rev.basis(r), rate.Points, rate.Per)
}

// tierBonus adds the tier multiplier's extra points on base, floored.
func (w *accrualWriter) tierBonus(rs *ruleSet, tier string, base int64) {
	bp := rs.multipliers[tier]
	if bp <= 10000 || base <= 0 {
		return
	}
	if pts := mulDivFloor(base, bp-10000, 10000); pts > 0 {
		w.add(RuleTierBonus, "Tier bonus", ConceptBonus, pts, rs.tierBonusQualifying)
	}
}

func conceptOf(k RuleKind) Concept {
	switch k {
	case PerSpend:
		return ConceptSpend
	case DateBonus:
		return ConceptBonus
	}
	return ConceptStay
}

// nightsBetween counts the nights of a stay from arrival to departure that fall within [from, to].
func nightsBetween(arrival, departure, from, to Date) int64 {
	first, end := max(arrival, from), min(departure, to+1)
	return int64(max(end-first, 0))
}
