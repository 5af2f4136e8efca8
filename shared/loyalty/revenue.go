package loyalty

import "github.com/hearthcrm/hearth/events"

// Bounds on one folio, far above any real stay, that keep every sum below int64 without checking each addition.
const (
	maxLineAmount = 100_000_000_000_000 // 10^14 minor units: a trillion euros, a hundred trillion yen
	maxLines      = 10_000              // lines and package components together
)

// revenue is a stay's or check's earning revenue, summed by category before any rounding, so the floor of each
// rule happens once on the total and never per line.
type revenue struct {
	currency             string
	totalGross, totalNet int64
	cats                 [8]categoryAmount // stays rarely use more than a handful of categories
	n                    int
	more                 []categoryAmount
	lines                int
}

type categoryAmount struct {
	category   string
	gross, net int64
}

func (v *revenue) add(category string, gross, net int64) {
	v.totalGross += gross
	v.totalNet += net
	for i := 0; i < v.n; i++ {
		if c := &v.cats[i]; c.category == category {
			c.gross += gross
			c.net += net
			return
		}
	}
	for i := range v.more {
		if c := &v.more[i]; c.category == category {
			c.gross += gross
			c.net += net
			return
		}
	}
	if v.n < len(v.cats) {
		v.cats[v.n] = categoryAmount{category, gross, net}
		v.n++
		return
	}
	v.more = append(v.more, categoryAmount{category, gross, net})
}

func (v *revenue) category(category string) (gross, net int64) {
	for i := 0; i < v.n; i++ {
		if c := &v.cats[i]; c.category == category {
			return c.gross, c.net
		}
	}
	for _, c := range v.more {
		if c.category == category {
			return c.gross, c.net
		}
	}
	return 0, 0
}

// basis returns the amount a PerSpend rule counts; a negative sum (a folio of refunds) counts as zero.
func (v *revenue) basis(r *Rule) int64 {
	var gross, net int64
	switch r.Basis {
	case BasisTotal:
		gross, net = v.totalGross, v.totalNet
	case BasisRoom:
		gross, net = v.category(events.RevenueRoom)
	case BasisCategories:
		for _, c := range r.Categories {
			g, n := v.category(c)
			gross += g
			net += n
		}
	}
	if r.Tax == Net {
		return max(net, 0)
	}
	return max(gross, 0)
}

// collect adds the earning lines to v. byCategory is false for POS checks, whose outlet already decided that
// its category earns (or that the room charge makes it earn): only revenue codes can still exclude a line.
// Lines without a category take defaultCategory (a check's outlet category).
func (rs *ruleSet) collect(v *revenue, lines []Line, byCategory, skipRoomCharges bool, defaultCategory string) error {
	for i := range lines {
		l := &lines[i]
		if v.lines++; v.lines > maxLines {
			return invalid("lines", "more than 10000 lines")
		}
		if len(l.Components) > 0 && rs.unbundled[l.Package] {
			if err := rs.collect(v, l.Components, byCategory, skipRoomCharges, defaultCategory); err != nil {
				return err
			}
			continue
		}
		if err := v.checkCurrency(l); err != nil {
			return err
		}
		if skipRoomCharges && l.CheckID != "" {
			continue
		}
		cat := l.Category
		if cat == "" {
			cat = defaultCategory
		}
		if !rs.revenue.earns(cat, l.Code, byCategory) {
			continue
		}
		v.add(cat, l.Amount.Amount, l.Amount.Amount-l.Tax.Amount)
	}
	return nil
}

func (v *revenue) checkCurrency(l *Line) error {
	a := l.Amount
	if a.Amount > maxLineAmount || a.Amount < -maxLineAmount || l.Tax.Amount > maxLineAmount || l.Tax.Amount < -maxLineAmount {
		return invalid("amount", "out of range")
	}
	if v.currency == "" {
		if err := a.Validate(); err != nil {
			return invalid("amount", err.Error())
		}
		v.currency = a.Currency
	}
	if a.Currency != v.currency || (l.Tax.Amount != 0 && l.Tax.Currency != v.currency) {
		return &FieldError{Field: "amount", Problem: "a " + quote(a.Currency) + " line on a " + v.currency + " folio", Cause: ErrCurrencyMismatch}
	}
	return nil
}

// earns reports whether a line earns: its code when listed, else (for stays) its category when listed, else the
// switch's default.
func (s *RevenueSwitch) earns(category, code string, byCategory bool) bool {
	if code != "" && len(s.Codes) > 0 {
		if v, ok := s.Codes[code]; ok {
			return v
		}
	}
	if !byCategory {
		return true
	}
	return s.categoryEarns(category)
}

func (s *RevenueSwitch) categoryEarns(category string) bool {
	if v, ok := s.Categories[category]; ok {
		return v
	}
	return s.EarnUnlisted
}
