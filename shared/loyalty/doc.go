// Package loyalty is the pure domain core of Hearth's loyalty engine: earning rules, tiers, benefit certificates,
// stored-value gift cards, fraud and velocity rules, and membership. It does no I/O and reads no clock: callers
// pass the time (and the property's zone where a business date matters), the member, the activity and the
// current usage of budgets, and get back values to persist. The ledger (shared/ledger) posts what this package
// returns; the keys it returns make re-running any computation safe.
//
// # Earning
//
// A Programme is configuration: group-level EarningRules, per-property overrides (rules replaced or switched off
// by ID, maps merged key by key), tiers, expiry and enrolment policy. NewEngine validates it once and resolves
// every property's rule set, so Engine.EarnStay and Engine.EarnCheck only walk folio lines and rules. Points per
// currency unit use a per-currency Rate (points per N minor units) and integer arithmetic: the qualifying amount
// of each rule is summed first and the product is floored once, so JPY and EUR are both exact and a stay never
// earns less because it was split into many lines. Tier multipliers are basis points (15000 = ×1.5) and produce
// a separate tier-bonus accrual, so the statement shows the base and the bonus apart.
//
// Every Accrual carries an idempotency key built from the property, the stay (or check) and the rule, so earning
// the same stay twice yields the same keys and the ledger posts each once. Accruals are pending until
// AvailableFrom: the start of the business day PendingDays after departure, in the property's zone, when the stay
// can no longer be cancelled or re-opened.
//
// # Tiers
//
// Engine.EvaluateTier re-qualifies a member over a rolling window of nights, stays and qualifying points earned
// (never the balance). Upgrades are immediate; downgrades happen only at the membership anniversary, at most one
// level at a time, and never from an invite-only level.
//
// # Certificates, gift cards, fraud, membership
//
// Certificates and gift cards are state machines: each transition takes the current value and returns the new
// value plus the ledger effect (points or stored-value movements), or a typed error that changes nothing.
// DetectFraud evaluates velocity rules over recent activity and returns alerts with their evidence. Membership
// numbers and certificate codes carry a Damm check digit; gift card numbers a Luhn digit.
package loyalty
