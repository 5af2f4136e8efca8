package loyalty

import (
	"fmt"
	"sort"
	"time"

	"github.com/hearthcrm/hearth/shared/money"
)

// Engine is a validated Programme with every property's rules resolved. It is immutable and safe for concurrent
// use; build a new one when the configuration changes. The programme's maps are shared, not copied: do not
// change them after NewEngine.
type Engine struct {
	programme  Programme
	group      *ruleSet
	properties map[string]*ruleSet
	tiers      tierIndex
}

// ruleSet is one property's resolved earning configuration.
type ruleSet struct {
	zone                  *time.Location
	rules                 []Rule
	promotions            []Promotion
	revenue               RevenueSwitch
	multipliers           map[string]int64
	tierBonusQualifying   bool
	unbundled             map[string]bool
	outlets               map[string]string
	nonEarningRatePlans   map[string]bool
	pendingDays           int
	noPointsForCheckedOut bool
	expiry                ExpiryPolicy
}

// NewEngine validates p and resolves the rules of the group and of every property override.
func NewEngine(p Programme) (*Engine, error) {
	tiers, err := newTierIndex(p.Tiers)
	if err != nil {
		return nil, err
	}
	e := &Engine{programme: p, tiers: tiers, properties: make(map[string]*ruleSet, len(p.Properties))}
	if p.Expiry.Months < 0 {
		return nil, programmeError("expiry.months", "cannot be negative")
	}
	g := p.Earning
	if err := uniqueIDs(g.Rules, g.Promotions); err != nil {
		return nil, fmt.Errorf("group rules: %w", err)
	}
	for id, o := range p.Properties {
		if err := uniqueIDs(o.Rules, o.Promotions); err != nil {
			return nil, fmt.Errorf("property %s: %w", id, err)
		}
	}
	e.group = &ruleSet{
		zone: p.Zone, rules: mergeRules(nil, g.Rules), promotions: mergePromotions(nil, g.Promotions),
		revenue: g.Revenue, multipliers: g.TierMultipliers, tierBonusQualifying: g.TierBonusQualifying,
		unbundled: g.Unbundled, outlets: g.Outlets, nonEarningRatePlans: g.NonEarningRatePlans,
		pendingDays: g.PendingDays, noPointsForCheckedOut: g.NoPointsForCheckedOut, expiry: p.Expiry,
	}
	if err := e.group.validate(&e.tiers); err != nil {
		return nil, fmt.Errorf("group rules: %w", err)
	}
	for id, o := range p.Properties {
		if id == "" || containsSlash(id) {
			return nil, programmeError("properties", "property id "+quote(id)+" is empty or contains '/'")
		}
		rs := e.group.override(o)
		if err := rs.validate(&e.tiers); err != nil {
			return nil, fmt.Errorf("property %s: %w", id, err)
		}
		e.properties[id] = rs
	}
	return e, nil
}

// Programme returns the configuration the engine was built from.
func (e *Engine) Programme() Programme { return e.programme }

// Zone returns the zone of a property's business dates (the programme's for properties without an override).
func (e *Engine) Zone(propertyID string) *time.Location { return e.rules(propertyID).zone }

func (e *Engine) rules(propertyID string) *ruleSet {
	if rs, ok := e.properties[propertyID]; ok {
		return rs
	}
	return e.group
}

// override returns the group's rule set changed by one property's override.
func (g *ruleSet) override(o PropertyOverride) *ruleSet {
	rs := *g
	if o.Zone != nil {
		rs.zone = o.Zone
	}
	rs.rules = mergeRules(g.rules, o.Rules)
	rs.promotions = mergePromotions(g.promotions, o.Promotions)
	rs.revenue = RevenueSwitch{
		Categories:   mergeMap(g.revenue.Categories, o.Revenue.Categories),
		Codes:        mergeMap(g.revenue.Codes, o.Revenue.Codes),
		EarnUnlisted: g.revenue.EarnUnlisted,
	}
	if o.Revenue.EarnUnlisted != nil {
		rs.revenue.EarnUnlisted = *o.Revenue.EarnUnlisted
	}
	rs.multipliers = mergeMap(g.multipliers, o.TierMultipliers)
	rs.unbundled = mergeMap(g.unbundled, o.Unbundled)
	rs.outlets = mergeMap(g.outlets, o.Outlets)
	rs.nonEarningRatePlans = mergeMap(g.nonEarningRatePlans, o.NonEarningRatePlans)
	if o.PendingDays != nil {
		rs.pendingDays = *o.PendingDays
	}
	if o.NoPointsForCheckedOut != nil {
		rs.noPointsForCheckedOut = *o.NoPointsForCheckedOut
	}
	return &rs
}

// mergeRules replaces base rules by ID, drops disabled ones and appends new ones, keeping the order stable so
// accruals come out in configuration order.
func mergeRules(base, over []Rule) []Rule {
	out := make([]Rule, 0, len(base)+len(over))
	out = append(out, base...)
	for _, r := range over {
		if i := indexOf(out, func(x Rule) bool { return x.ID == r.ID }); i >= 0 {
			out[i] = r
		} else {
			out = append(out, r)
		}
	}
	return deleteFunc(out, func(r Rule) bool { return r.Disabled })
}

// mergePromotions is mergeRules for promotions.
func mergePromotions(base, over []Promotion) []Promotion {
	out := make([]Promotion, 0, len(base)+len(over))
	out = append(out, base...)
	for _, p := range over {
		if i := indexOf(out, func(x Promotion) bool { return x.ID == p.ID }); i >= 0 {
			out[i] = p
		} else {
			out = append(out, p)
		}
	}
	return deleteFunc(out, func(p Promotion) bool { return p.Disabled })
}

func indexOf[T any](s []T, f func(T) bool) int {
	for i, v := range s {
		if f(v) {
			return i
		}
	}
	return -1
}

func deleteFunc[T any](s []T, f func(T) bool) []T {
	out := s[:0]
	for _, v := range s {
		if !f(v) {
			out = append(out, v)
		}
	}
	return out
}

// mergeMap returns base with over's entries set; base is never modified.
func mergeMap[V any](base, over map[string]V) map[string]V {
	if len(over) == 0 {
		return base
	}
	out := make(map[string]V, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

func (rs *ruleSet) validate(tiers *tierIndex) error {
	ids := make(map[string]bool, len(rs.rules)+len(rs.promotions))
	checkID := func(id string) error {
		switch {
		case id == "" || containsSlash(id):
			return programmeError("rule", "id "+quote(id)+" is empty or contains '/'")
		case id == RuleTierBonus:
			return programmeError("rule", "id "+RuleTierBonus+" is reserved")
		case ids[id]:
			return programmeError("rule", "duplicate id "+quote(id))
		}
		ids[id] = true
		return nil
	}
	for i := range rs.rules {
		r := &rs.rules[i]
		if err := checkID(r.ID); err != nil {
			return err
		}
		if err := r.validate(); err != nil {
			return err
		}
	}
	for i := range rs.promotions {
		p := &rs.promotions[i]
		if err := checkID(p.ID); err != nil {
			return err
		}
		if p.PerStay < 0 || p.PerNight < 0 || p.BasisPoints < 0 || p.Budget < 0 || p.MemberCap < 0 || p.MinNights < 0 {
			return programmeError("promotion "+p.ID, "amounts cannot be negative")
		}
		if p.PerStay == 0 && p.PerNight == 0 && p.BasisPoints == 0 {
			return programmeError("promotion "+p.ID, "awards nothing")
		}
		if p.From != 0 && p.To != 0 && p.To < p.From {
			return programmeError("promotion "+p.ID, "ends before it starts")
		}
	}
	for tier, bp := range rs.multipliers {
		if !tiers.has(tier) {
			return programmeError("tierMultipliers", "unknown tier "+quote(tier))
		}
		if bp < 10000 {
			return programmeError("tierMultipliers", "multiplier of "+tier+" is below 10000 basis points (×1)")
		}
	}
	if rs.pendingDays < 0 {
		return programmeError("pendingDays", "cannot be negative")
	}
	return nil
}

func (r *Rule) validate() error {
	where := "rule " + r.ID
	if r.Points < 0 || r.MinNights < 0 {
		return programmeError(where, "points and minimum nights cannot be negative")
	}
	if r.From != 0 && r.To != 0 && r.To < r.From {
		return programmeError(where, "ends before it starts")
	}
	switch r.Kind {
	case PerNight, PerStay:
	case DateBonus:
		if r.From == 0 || r.To == 0 {
			return programmeError(where, "a date bonus needs from and to")
		}
	case PerSpend:
		switch r.Basis {
		case BasisRoom, BasisTotal:
		case BasisCategories:
			if len(r.Categories) == 0 {
				return programmeError(where, "basis categories needs categories")
			}
		default:
			return programmeError(where, "unknown basis "+quote(string(r.Basis)))
		}
		if r.Tax != "" && r.Tax != Gross && r.Tax != Net {
			return programmeError(where, "tax must be gross or net")
		}
		if len(r.Rates) == 0 {
			return programmeError(where, "needs at least one currency rate")
		}
		for cur, rate := range r.Rates {
			if err := (money.Money{Currency: cur}).Validate(); err != nil {
				return programmeError(where, err.Error())
			}
			if rate.Points < 0 || rate.Per <= 0 {
				return programmeError(where, "rate for "+cur+" needs points ≥ 0 and per > 0")
			}
		}
	default:
		return programmeError(where, "unknown kind "+quote(string(r.Kind)))
	}
	return nil
}

// uniqueIDs refuses a list that names one rule twice, which merging by ID would otherwise hide.
func uniqueIDs(rules []Rule, promotions []Promotion) error {
	seen := make(map[string]bool, len(rules)+len(promotions))
	for _, r := range rules {
		if seen[r.ID] {
			return programmeError("rule", "duplicate id "+quote(r.ID))
		}
		seen[r.ID] = true
	}
	for _, p := range promotions {
		if seen[p.ID] {
			return programmeError("promotion", "duplicate id "+quote(p.ID))
		}
		seen[p.ID] = true
	}
	return nil
}

// programmeError is a FieldError that also matches ErrInvalidProgramme.
func programmeError(field, problem string) error {
	return fmt.Errorf("%w: %w", ErrInvalidProgramme, &FieldError{Field: field, Problem: problem})
}

// sortedKeys returns a map's keys in order, for deterministic output.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
