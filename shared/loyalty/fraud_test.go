package loyalty_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

var fraudPolicy = loyalty.FraudPolicy{
	MaxEarnsPerDay: 3, MinAgeToRedeem: 72 * time.Hour, MaxMembersPerCard: 2,
	MaxAdjustments: 3, AdjustmentWindow: time.Hour,
}

var t0 = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

func ev(id string, kind loyalty.ActivityKind, memberID string, after time.Duration) loyalty.FraudEvent {
	return loyalty.FraudEvent{ID: id, Kind: kind, MemberID: memberID, At: t0.Add(after), Points: 100}
}

func earns(memberID string, gaps ...time.Duration) []loyalty.FraudEvent {
	var out []loyalty.FraudEvent
	for i, g := range gaps {
		out = append(out, ev(fmt.Sprintf("%s-e%d", memberID, i), loyalty.ActivityEarn, memberID, g))
	}
	return out
}

func adjust(id, user, memberID string, after time.Duration) loyalty.FraudEvent {
	e := ev(id, loyalty.ActivityAdjust, memberID, after)
	e.UserID = user
	return e
}

func card(e loyalty.FraudEvent, hash string) loyalty.FraudEvent { e.CardHash = hash; return e }

func TestDetectFraud(t *testing.T) {
	t.Parallel()
	h := time.Hour
	enrolled := map[string]time.Time{"M1": t0.Add(-100 * h), "M2": t0.Add(-24 * h)}
	tests := []struct {
		name         string
		events       []loyalty.FraudEvent
		wantRule     loyalty.FraudRule
		wantHold     []string
		wantEvidence int
	}{
		{"four earns within a day", earns("M1", 0, h, 5*h, 23*h), loyalty.RuleEarnVelocity, []string{"M1"}, 4},
		{"three earns within a day is the limit", earns("M1", 0, h, 5*h), "", nil, 0},
		{"the window slides across midnight", earns("M1", 0, 20*h, 30*h, 35*h, 40*h), loyalty.RuleEarnVelocity, []string{"M1"}, 4},
		{"exactly 24 hours apart is another day", earns("M1", 0, h, 2*h, 24*h), "", nil, 0},
		{"earns of different members do not add up", append(earns("M1", 0, h), earns("M2", 0, h)...), "", nil, 0},
		{"redemption two days after enrolment", []loyalty.FraudEvent{ev("r1", loyalty.ActivityRedeem, "M2", 24*h)}, loyalty.RuleEarlyRedemption, []string{"M2"}, 1},
		{"redemption after the minimum age", []loyalty.FraudEvent{ev("r1", loyalty.ActivityRedeem, "M2", 48*h)}, "", nil, 0},
		{"earning soon after enrolment is fine", earns("M2", 0), "", nil, 0},
		{"member without enrolment time is not judged", []loyalty.FraudEvent{ev("r1", loyalty.ActivityRedeem, "M9", 0)}, "", nil, 0},
		{"one card on three members", []loyalty.FraudEvent{
			card(ev("a", loyalty.ActivityEarn, "M1", 0), "hmac:1"),
			card(ev("b", loyalty.ActivityEarn, "M2", h), "hmac:1"),
			card(ev("c", loyalty.ActivityRedeem, "M3", 2*h), "hmac:1"),
			card(ev("d", loyalty.ActivityEarn, "M1", 3*h), "hmac:1"),
		}, loyalty.RuleSharedCard, []string{"M1", "M2", "M3"}, 4},
		{"one card on two members is the limit", []loyalty.FraudEvent{
			card(ev("a", loyalty.ActivityEarn, "M1", 0), "hmac:1"),
			card(ev("b", loyalty.ActivityEarn, "M2", h), "hmac:1"),
		}, "", nil, 0},
		{"adjustment burst by one user holds the accounts adjusted", []loyalty.FraudEvent{
			adjust("a1", "clerk", "M1", 0), adjust("a2", "clerk", "M2", 10*time.Minute),
			adjust("a3", "clerk", "M3", 20*time.Minute), adjust("a4", "clerk", "M1", 59*time.Minute),
		}, loyalty.RuleAdjustmentBurst, []string{"M1", "M2", "M3"}, 4},
		{"adjustments spread out are fine", []loyalty.FraudEvent{
			adjust("a1", "clerk", "M1", 0), adjust("a2", "clerk", "M2", 30*time.Minute),
			adjust("a3", "clerk", "M3", 50*time.Minute), adjust("a4", "clerk", "M1", 60*time.Minute),
		}, "", nil, 0},
		{"adjustments by different users do not add up", []loyalty.FraudEvent{
			adjust("a1", "ana", "M1", 0), adjust("a2", "ben", "M1", time.Minute),
			adjust("a3", "cy", "M1", 2*time.Minute), adjust("a4", "dee", "M1", 3*time.Minute),
		}, "", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// Shuffle the input order: rules must not depend on it.
			evs := slices.Clone(tt.events)
			slices.Reverse(evs)
			alerts := loyalty.DetectFraud(fraudPolicy, evs, enrolled)
			if tt.wantRule == "" {
				if len(alerts) != 0 {
					t.Fatalf("alerts = %+v, want none", alerts)
				}
				return
			}
			if len(alerts) != 1 {
				t.Fatalf("alerts = %+v, want one %s", alerts, tt.wantRule)
			}
			a := alerts[0]
			if a.Rule != tt.wantRule || !slices.Equal(a.Hold, tt.wantHold) || len(a.Evidence) != tt.wantEvidence || a.Detail == "" {
				t.Fatalf("alert = %+v", a)
			}
			again := loyalty.DetectFraud(fraudPolicy, tt.events, enrolled)
			if again[0].Key != a.Key {
				t.Fatalf("alert key changed between runs: %s, %s", a.Key, again[0].Key)
			}
		})
	}
}

func TestDetectFraudRulesOff(t *testing.T) {
	t.Parallel()
	evs := append(earns("M1", 0, 1, 2, 3, 4, 5), ev("r", loyalty.ActivityRedeem, "M1", 0))
	if got := loyalty.DetectFraud(loyalty.FraudPolicy{}, evs, map[string]time.Time{"M1": t0}); len(got) != 0 {
		t.Fatalf("alerts with every rule off: %+v", got)
	}
}
