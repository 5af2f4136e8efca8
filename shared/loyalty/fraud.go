package loyalty

import (
	"fmt"
	"sort"
	"time"
)

// ActivityKind is the kind of a fraud-relevant event.
type ActivityKind string

// Activity kinds the fraud rules look at.
const (
	ActivityEarn   ActivityKind = "earn"
	ActivityRedeem ActivityKind = "redeem"
	ActivityAdjust ActivityKind = "adjust" // a manual points adjustment, by UserID
)

// FraudEvent is one recent event of a member account.
type FraudEvent struct {
	ID       string
	Kind     ActivityKind
	MemberID string
	At       time.Time
	Points   int64
	UserID   string // who made an adjustment
	CardHash string // keyed hash of the payment card seen on the event, if any
}

// FraudPolicy sets the thresholds; a zero threshold switches its rule off.
type FraudPolicy struct {
	// MaxEarnsPerDay: more earn events than this for one member within any 24 hours is an alert.
	MaxEarnsPerDay int
	// MinAgeToRedeem: a redemption sooner than this after enrolment is an alert.
	MinAgeToRedeem time.Duration
	// MaxMembersPerCard: one card hash seen on more members than this is an alert on all of them.
	MaxMembersPerCard int
	// MaxAdjustments within AdjustmentWindow by one user is a burst; the accounts they adjusted are held.
	MaxAdjustments   int
	AdjustmentWindow time.Duration
}

// FraudRule names a rule.
type FraudRule string

// Fraud rules.
const (
	RuleEarnVelocity    FraudRule = "earn_velocity"
	RuleEarlyRedemption FraudRule = "early_redemption"
	RuleSharedCard      FraudRule = "shared_card"
	RuleAdjustmentBurst FraudRule = "adjustment_burst"
	earnVelocityWindow            = 24 * time.Hour
)

// Alert is a rule match: the accounts to put on hold and the evidence.
type Alert struct {
	// Key is deterministic (rule, subject, first evidence event), so re-evaluating the same activity raises the
	// same alert instead of a new one.
	Key  string    `json:"key"`
	Rule FraudRule `json:"rule"`
	// Hold lists the member accounts to put on hold, sorted.
	Hold     []string  `json:"hold"`
	UserID   string    `json:"userId,omitempty"`
	CardHash string    `json:"cardHash,omitempty"`
	Evidence []string  `json:"evidence"` // event ids, in time order
	Detail   string    `json:"detail"`
	At       time.Time `json:"at"` // time of the last evidence event
}

// DetectFraud evaluates the policy over recent events. enrolled gives members' enrolment times (for the
// early-redemption rule; members missing from it are not judged). Alerts come sorted by rule and key.
func DetectFraud(p FraudPolicy, evs []FraudEvent, enrolled map[string]time.Time) []Alert {
	sorted := append([]FraudEvent(nil), evs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if !sorted[i].At.Equal(sorted[j].At) {
			return sorted[i].At.Before(sorted[j].At)
		}
		return sorted[i].ID < sorted[j].ID
	})
	var out []Alert
	if p.MaxEarnsPerDay > 0 {
		for member, es := range groupBy(sorted, ActivityEarn, func(e *FraudEvent) string { return e.MemberID }) {
			if w := burst(es, p.MaxEarnsPerDay, earnVelocityWindow); w != nil {
				out = append(out, newAlert(RuleEarnVelocity, member, w, []string{member},
					fmt.Sprintf("%d earn events within 24h (limit %d)", len(w), p.MaxEarnsPerDay)))
			}
		}
	}
	if p.MinAgeToRedeem > 0 {
		early := make(map[string][]*FraudEvent)
		for i := range sorted {
			e := &sorted[i]
			if t, ok := enrolled[e.MemberID]; ok && e.Kind == ActivityRedeem && e.At.Sub(t) < p.MinAgeToRedeem {
				early[e.MemberID] = append(early[e.MemberID], e)
			}
		}
		for member, es := range early {
			out = append(out, newAlert(RuleEarlyRedemption, member, es, []string{member},
				fmt.Sprintf("redeemed %s after enrolment (minimum %s)", es[0].At.Sub(enrolled[member]), p.MinAgeToRedeem)))
		}
	}
	if p.MaxMembersPerCard > 0 {
		for hash, es := range groupBy(sorted, "", func(e *FraudEvent) string { return e.CardHash }) {
			members := distinctMembers(es)
			if hash != "" && len(members) > p.MaxMembersPerCard {
				a := newAlert(RuleSharedCard, hash, es, members,
					fmt.Sprintf("card used by %d members (limit %d)", len(members), p.MaxMembersPerCard))
				a.CardHash = hash
				out = append(out, a)
			}
		}
	}
	if p.MaxAdjustments > 0 && p.AdjustmentWindow > 0 {
		for user, es := range groupBy(sorted, ActivityAdjust, func(e *FraudEvent) string { return e.UserID }) {
			if w := burst(es, p.MaxAdjustments, p.AdjustmentWindow); w != nil {
				a := newAlert(RuleAdjustmentBurst, user, w, distinctMembers(w),
					fmt.Sprintf("%d adjustments within %s by %s (limit %d)", len(w), p.AdjustmentWindow, user, p.MaxAdjustments))
				a.UserID = user
				out = append(out, a)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// groupBy groups time-sorted events of a kind (any kind when empty) by a key, keeping time order.
func groupBy(evs []FraudEvent, kind ActivityKind, key func(*FraudEvent) string) map[string][]*FraudEvent {
	out := make(map[string][]*FraudEvent)
	for i := range evs {
		e := &evs[i]
		if kind != "" && e.Kind != kind {
			continue
		}
		if k := key(e); k != "" {
			out[k] = append(out[k], e)
		}
	}
	return out
}

// burst returns the first window of length window holding more than limit events (all of the events in it, as
// evidence), or nil. The window slides, so a burst straddling midnight is still one burst.
func burst(es []*FraudEvent, limit int, window time.Duration) []*FraudEvent {
	end := 0 // the window's end only moves forward, so this is linear
	for start := range es {
		for end < len(es) && es[end].At.Sub(es[start].At) < window {
			end++
		}
		if end-start > limit {
			return es[start:end]
		}
	}
	return nil
}

func distinctMembers(es []*FraudEvent) []string {
	seen := make(map[string]bool)
	var out []string
	for _, e := range es {
		if e.MemberID != "" && !seen[e.MemberID] {
			seen[e.MemberID] = true
			out = append(out, e.MemberID)
		}
	}
	sort.Strings(out)
	return out
}

func newAlert(rule FraudRule, subject string, es []*FraudEvent, hold []string, detail string) Alert {
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	return Alert{
		Key: "fraud/" + string(rule) + "/" + subject + "/" + es[0].ID, Rule: rule, Hold: hold,
		Evidence: ids, Detail: detail, At: es[len(es)-1].At,
	}
}
