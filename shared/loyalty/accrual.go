package loyalty

import "time"

// Concept classifies an accrual on the statement; the values match events.PointsPosted reasons.
type Concept string

// Concepts.
const (
	ConceptStay  Concept = "stay"  // per night, per stay
	ConceptSpend Concept = "spend" // per currency unit
	ConceptBonus Concept = "bonus" // date-range bonus, tier bonus, promotion
)

// RuleTierBonus is the rule id of the tier-multiplier accrual. It is fixed, not the tier's name, so a stay
// re-earned after the member changed tier keeps its key and is not paid twice.
const RuleTierBonus = "tier-bonus"

// Refs are the documents an accrual came from, shown on the member's statement.
type Refs struct {
	PropertyID    string `json:"propertyId"`
	ReservationID string `json:"reservationId,omitempty"`
	StayID        string `json:"stayId,omitempty"` // registration
	FolioID       string `json:"folioId,omitempty"`
	CheckID       string `json:"checkId,omitempty"` // POS folio
}

// Accrual is points to post for one rule on one stay or check.
type Accrual struct {
	// Key is the ledger idempotency key: "stay/<property>/<stay>/<rule>" or "check/<property>/<check>/<rule>".
	Key        string  `json:"key"`
	Points     int64   `json:"points"`
	Concept    Concept `json:"concept"`
	Rule       string  `json:"rule"`
	Label      string  `json:"label,omitempty"`
	Qualifying bool    `json:"qualifying"` // counts for tiers
	Refs       Refs    `json:"refs"`
	// EarnedOn is the business date of the activity (departure, or the check's date): the statement date and
	// the date tier windows count.
	EarnedOn  Date `json:"earnedOn"`
	ExpiresOn Date `json:"expiresOn,omitzero"` // zero: never
	// AvailableFrom is when the points stop being pending: the stay can no longer be cancelled.
	AvailableFrom time.Time `json:"availableFrom"`
}

// Pending reports whether the points are not yet spendable at now.
func (a Accrual) Pending(now time.Time) bool { return now.Before(a.AvailableFrom) }

// Reasons an earning awards nothing on purpose.
const (
	ReasonMemberInactive     = "member_inactive"
	ReasonCheckedOutExcluded = "checked_out_not_awarded" // property switch NoPointsForCheckedOut
	ReasonRatePlanExcluded   = "rate_plan_not_earning"
	ReasonOutletNotEarning   = "outlet_not_earning"
)

// Skip is a rule that applied but could not award in full, kept so support can explain a statement.
type Skip struct {
	Rule   string
	Reason string
}

// Reasons a rule is skipped.
const (
	SkipNoRate = "no_rate_for_currency"
	SkipCapped = "promotion_budget_or_cap" // the promotion awarded less than it would have, or nothing
)

// Earning is the result of earning one stay or check.
type Earning struct {
	Accruals   []Accrual
	Promotions []PromotionUse
	Skipped    []Skip
	// Reason is set when the whole stay or check was refused on purpose (one of the Reason constants).
	Reason string
}

// Total returns the points of every accrual.
func (e Earning) Total() int64 {
	var t int64
	for _, a := range e.Accruals {
		t = addSat(t, a.Points)
	}
	return t
}

// QualifyingPoints returns the points that count towards tiers.
func (e Earning) QualifyingPoints() int64 {
	var t int64
	for _, a := range e.Accruals {
		if a.Qualifying {
			t = addSat(t, a.Points)
		}
	}
	return t
}
