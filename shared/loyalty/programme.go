package loyalty

import "time"

// Programme is a hotel group's loyalty configuration: group-level earning rules with per-property overrides,
// tiers, points expiry and enrolment policy. It is plain data (loaded from the Config table); NewEngine
// validates it and resolves every property once.
type Programme struct {
	ID string `json:"id"`
	// Zone is the group's zone, whose calendar decides membership anniversaries and tier windows. The caller loads
	// it (time.LoadLocation reads the zone database, which is I/O); nil means UTC.
	Zone       *time.Location              `json:"-"`
	Earning    EarningRules                `json:"earning"`
	Properties map[string]PropertyOverride `json:"properties,omitempty"`
	Tiers      TierPolicy                  `json:"tiers"`
	Expiry     ExpiryPolicy                `json:"expiry"`
	Enrolment  EnrolmentPolicy             `json:"enrolment"`
}

// EarningRules are the group's earning rules, the defaults of every property.
type EarningRules struct {
	Rules      []Rule        `json:"rules"`
	Promotions []Promotion   `json:"promotions,omitempty"`
	Revenue    RevenueSwitch `json:"revenue"`
	// TierMultipliers maps a tier id to a multiplier in basis points (15000 = ×1.5) applied to the points of
	// rules marked Multiplied; integers keep the bonus exact.
	TierMultipliers map[string]int64 `json:"tierMultipliers,omitempty"`
	// TierBonusQualifying makes the tier bonus count towards tier qualification (most programmes say no).
	TierBonusQualifying bool `json:"tierBonusQualifying,omitempty"`
	// Unbundled maps a package code to true when its components earn one by one, each under its own category
	// and code; a package not marked earns on its total under the package line's category.
	Unbundled map[string]bool `json:"unbundled,omitempty"`
	// Outlets maps a POS outlet id to its revenue category, used when a check does not carry one.
	Outlets map[string]string `json:"outlets,omitempty"`
	// NonEarningRatePlans maps a rate plan to true when stays on it earn nothing (wholesale, staff, comp).
	NonEarningRatePlans map[string]bool `json:"nonEarningRatePlans,omitempty"`
	// PendingDays is how many days after departure (or a check's date) a stay can still be cancelled or its
	// folio re-opened; points stay pending until then.
	PendingDays int `json:"pendingDays,omitempty"`
	// NoPointsForCheckedOut: the property does not award points for reservations once checked out.
	NoPointsForCheckedOut bool `json:"noPointsForCheckedOut,omitempty"`
}

// PropertyOverride changes the group's rules for one property. Rules and promotions replace the group's with
// the same ID (Disabled switches one off) or add new ones; maps are merged key by key, so a property can both
// add and remove entries; nil scalars inherit.
type PropertyOverride struct {
	// Zone is the property's zone for business dates; nil means the programme's zone.
	Zone                  *time.Location    `json:"-"`
	Rules                 []Rule            `json:"rules,omitempty"`
	Promotions            []Promotion       `json:"promotions,omitempty"`
	Revenue               RevenueOverride   `json:"revenue,omitzero"`
	TierMultipliers       map[string]int64  `json:"tierMultipliers,omitempty"`
	Unbundled             map[string]bool   `json:"unbundled,omitempty"`
	Outlets               map[string]string `json:"outlets,omitempty"`
	NonEarningRatePlans   map[string]bool   `json:"nonEarningRatePlans,omitempty"`
	PendingDays           *int              `json:"pendingDays,omitempty"`
	NoPointsForCheckedOut *bool             `json:"noPointsForCheckedOut,omitempty"`
}

// RevenueSwitch decides which folio lines earn. A line's revenue code, when listed, decides; otherwise its
// category, when listed; otherwise EarnUnlisted. The zero value earns nothing, so a new category never gives
// points away before someone decides it should.
type RevenueSwitch struct {
	Categories   map[string]bool `json:"categories,omitempty"`
	Codes        map[string]bool `json:"codes,omitempty"`
	EarnUnlisted bool            `json:"earnUnlisted,omitempty"`
}

// RevenueOverride changes a property's RevenueSwitch key by key.
type RevenueOverride struct {
	Categories   map[string]bool `json:"categories,omitempty"`
	Codes        map[string]bool `json:"codes,omitempty"`
	EarnUnlisted *bool           `json:"earnUnlisted,omitempty"`
}

// RuleKind is what a rule counts.
type RuleKind string

// Rule kinds.
const (
	// PerNight awards Points for every night of the stay.
	PerNight RuleKind = "per_night"
	// PerStay awards Points once per stay (reservation).
	PerStay RuleKind = "per_stay"
	// PerSpend awards points per currency unit of a revenue basis, at the rate for the folio's currency.
	PerSpend RuleKind = "per_spend"
	// DateBonus awards Points to stays departing between From and To, or Points per night inside the range when
	// PerNightInRange is set (for example 500 points for any stay departing in 2027).
	DateBonus RuleKind = "date_bonus"
)

// Basis is the revenue a PerSpend rule counts.
type Basis string

// Revenue bases.
const (
	BasisRoom       Basis = "room"       // lines of category "room"
	BasisTotal      Basis = "total"      // every earning line
	BasisCategories Basis = "categories" // lines of the rule's Categories
)

// TaxTreatment says whether tax counts towards a PerSpend basis.
type TaxTreatment string

// Tax treatments.
const (
	Gross TaxTreatment = "gross" // amounts as charged, tax included
	Net   TaxTreatment = "net"   // amounts less the tax they include
)

// Rate is "Points points for every Per minor units": {10, 100} is 10 points per euro, {10, 150} 10 points per
// 150 yen. Points are floor(amount × Points / Per), computed once per rule on the summed basis.
type Rate struct {
	Points int64 `json:"points"`
	Per    int64 `json:"per"`
}

// Rule is one earning rule. Fields a kind does not use are ignored.
type Rule struct {
	// ID is stable and unique in the programme: it is part of every accrual's idempotency key, so renaming a rule
	// would earn a stay again. It may not contain '/'.
	ID    string   `json:"id"`
	Kind  RuleKind `json:"kind"`
	Label string   `json:"label,omitempty"` // statement text
	// Points per night (PerNight), per stay (PerStay, DateBonus) or per night in range (DateBonus).
	Points          int64           `json:"points,omitempty"`
	PerNightInRange bool            `json:"perNightInRange,omitempty"`
	Basis           Basis           `json:"basis,omitempty"`
	Categories      []string        `json:"categories,omitempty"`
	Tax             TaxTreatment    `json:"tax,omitempty"`
	Rates           map[string]Rate `json:"rates,omitempty"` // ISO 4217 code → rate
	// From and To (inclusive) limit the rule to stays departing (checks closing) in that range; zero is open.
	From      Date `json:"from,omitzero"`
	To        Date `json:"to,omitzero"`
	MinNights int  `json:"minNights,omitempty"`
	// Qualifying points count towards tiers.
	Qualifying bool `json:"qualifying,omitempty"`
	// Multiplied points are the base of the tier multiplier and of promotions' percentage bonuses.
	Multiplied bool `json:"multiplied,omitempty"`
	// Disabled, in a property override, switches the group rule with the same ID off.
	Disabled bool `json:"disabled,omitempty"`
}

// ExpiryPolicy says when earned points expire.
type ExpiryPolicy struct {
	// Months after the earning date; zero means points never expire.
	Months int `json:"months,omitempty"`
	// EndOfMonth moves the expiry to the last day of its month, so a member has one date a month to remember.
	EndOfMonth bool `json:"endOfMonth,omitempty"`
}

// ExpiresOn returns the expiry of points earned (or returned to an account) on d; zero means never.
func (p ExpiryPolicy) ExpiresOn(d Date) Date { return p.expiresOn(d) }

// expiresOn returns the expiry of points earned on d.
func (p ExpiryPolicy) expiresOn(d Date) Date {
	if p.Months <= 0 {
		return 0
	}
	e := d.AddMonths(p.Months)
	if p.EndOfMonth {
		e = e.EndOfMonth()
	}
	return e
}
