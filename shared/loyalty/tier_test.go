package loyalty_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

// nights is one stay of n nights departing on day.
func nights(day string, n int64) loyalty.Activity {
	return loyalty.Activity{On: date(day), Nights: n, Stays: 1, Points: n * 100}
}

// noon is midday in Lisbon on day, clear of any zone edge.
func noon(day string) time.Time { return date(day).Start(lisbon).Add(12 * time.Hour) }

func TestEvaluateTier(t *testing.T) {
	t.Parallel()
	e := newEngine(t, programme())
	// Members enrolled on 2025-06-15: anniversaries fall on 15 June.
	tests := []struct {
		name        string
		tier        string
		reviewed    string
		history     []loyalty.Activity
		now         string
		wantTo      string
		wantReason  string
		wantFrom    string // EffectiveFrom
		wantReview  string
		wantLanding bool
	}{
		{"upgrade is immediate", "member", "", []loyalty.Activity{nights("2026-03-01", 10)}, "2026-03-02",
			"silver", loyalty.TierQualified, "2026-03-02", "", false},
		{"upgrade skips levels", "member", "", []loyalty.Activity{nights("2026-03-01", 60)}, "2026-03-02",
			"platinum", loyalty.TierQualified, "2026-03-02", "", false},
		{"upgrade by qualifying points", "member", "", []loyalty.Activity{{On: date("2026-03-01"), Points: 25000}}, "2026-03-02",
			"gold", loyalty.TierQualified, "2026-03-02", "", false},
		{"upgrade by stays", "member", "", repeat(nights("2026-03-01", 1), 5), "2026-03-02",
			"silver", loyalty.TierQualified, "2026-03-02", "", false},
		{"a reversal undoes qualification", "member", "", []loyalty.Activity{nights("2026-03-01", 10), {On: date("2026-03-05"), Nights: -2, Stays: -1}}, "2026-03-06",
			"member", loyalty.TierUnchanged, "", "", false},
		{"no downgrade the day before the anniversary", "gold", "", nil, "2026-06-14",
			"gold", loyalty.TierUnchanged, "", "", false},
		{"downgrade at the anniversary lands one level down", "gold", "", nil, "2026-06-15",
			"silver", loyalty.TierDowngraded, "2026-06-15", "2026-06-15", true},
		{"downgrade to the level qualified for is not a soft landing", "platinum", "", []loyalty.Activity{nights("2026-01-10", 30)}, "2026-06-15",
			"gold", loyalty.TierDowngraded, "2026-06-15", "2026-06-15", false},
		{"retained at the anniversary", "gold", "", []loyalty.Activity{nights("2026-01-10", 26)}, "2026-06-15",
			"gold", loyalty.TierRetained, "", "2026-06-15", false},
		{"review happens once a year", "gold", "2026-06-15", nil, "2026-06-20",
			"gold", loyalty.TierUnchanged, "", "", false},
		{"a late run reviews the missed anniversary", "gold", "2025-06-15", nil, "2026-06-20",
			"silver", loyalty.TierDowngraded, "2026-06-15", "2026-06-15", true},
		{"activity after the anniversary re-qualifies at once", "gold", "", []loyalty.Activity{nights("2026-06-16", 26)}, "2026-06-20",
			"gold", loyalty.TierRetained, "", "2026-06-15", false},
		{"review window starts on the previous anniversary", "gold", "", []loyalty.Activity{nights("2025-06-15", 25)}, "2026-06-15",
			"gold", loyalty.TierRetained, "", "2026-06-15", false},
		{"review window excludes the day before", "gold", "", []loyalty.Activity{nights("2025-06-14", 25)}, "2026-06-15",
			"silver", loyalty.TierDowngraded, "2026-06-15", "2026-06-15", true},
		{"soft landing skips an invite-only level", "gold", "", nil, "2026-06-15",
			"silver", loyalty.TierDowngraded, "2026-06-15", "2026-06-15", true},
		{"invite-only is never reached by qualifying", "platinum", "2026-06-15", []loyalty.Activity{nights("2026-03-01", 400)}, "2026-07-01",
			"platinum", loyalty.TierUnchanged, "", "", false},
		{"invite-only is not downgraded at the anniversary", "ambassador", "", nil, "2026-06-15",
			"ambassador", loyalty.TierRetained, "", "2026-06-15", false},
		{"invite-only member qualifying higher moves up", "partner", "", []loyalty.Activity{nights("2026-03-01", 25)}, "2026-03-02",
			"gold", loyalty.TierQualified, "2026-03-02", "", false},
		{"rolling window: first day counts", "member", "2026-06-15", []loyalty.Activity{nights("2026-03-16", 10)}, "2027-03-15",
			"silver", loyalty.TierQualified, "2027-03-15", "", false},
		{"rolling window: the day before does not", "member", "2026-06-15", []loyalty.Activity{nights("2026-03-15", 10)}, "2027-03-15",
			"member", loyalty.TierUnchanged, "", "", false},
		{"future-dated activity does not count", "member", "", []loyalty.Activity{nights("2026-03-10", 10)}, "2026-03-09",
			"member", loyalty.TierUnchanged, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := member(tt.tier)
			if tt.reviewed != "" {
				m.LastTierReview = date(tt.reviewed)
			}
			d, err := e.EvaluateTier(m, tt.history, noon(tt.now))
			if err != nil {
				t.Fatal(err)
			}
			if d.From != tt.tier || d.To != tt.wantTo || d.Reason != tt.wantReason || d.SoftLanded != tt.wantLanding {
				t.Fatalf("decision = %s → %s (%s, soft %v), want → %s (%s, soft %v)",
					d.From, d.To, d.Reason, d.SoftLanded, tt.wantTo, tt.wantReason, tt.wantLanding)
			}
			if d.EffectiveFrom.String() != tt.wantFrom || d.Reviewed.String() != tt.wantReview {
				t.Fatalf("effective %q reviewed %q, want %q %q", d.EffectiveFrom, d.Reviewed, tt.wantFrom, tt.wantReview)
			}
			if d.Changed() != (tt.wantTo != tt.tier) {
				t.Fatal("Changed disagrees")
			}
		})
	}
}

func TestEvaluateTierLeapDayAnniversary(t *testing.T) {
	t.Parallel()
	e := newEngine(t, programme())
	m := member("gold")
	m.EnrolledOn = date("2024-02-29")
	for _, tt := range []struct{ now, want string }{
		{"2025-02-27", "gold"},
		{"2025-02-28", "silver"}, // 29 February falls on 28 February in a common year
	} {
		d, err := e.EvaluateTier(m, nil, noon(tt.now))
		if err != nil {
			t.Fatal(err)
		}
		if d.To != tt.want {
			t.Fatalf("%s: to = %s, want %s", tt.now, d.To, tt.want)
		}
	}
	next := m.WithTier(loyalty.TierDecision{To: "silver", EffectiveFrom: date("2025-02-28"), Reviewed: date("2025-02-28")})
	d, err := e.EvaluateTier(next, nil, noon("2028-02-29"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Reviewed != date("2028-02-29") || d.To != "member" {
		t.Fatalf("leap year review = %+v", d)
	}
}

func TestEvaluateTierAnniversaryInTheGroupZone(t *testing.T) {
	t.Parallel()
	p := programme()
	p.Zone = mustZone("Asia/Tokyo")
	e := newEngine(t, p)
	// 2026-06-14 16:00 UTC is already 15 June in Tokyo.
	d, err := e.EvaluateTier(member("gold"), nil, time.Date(2026, 6, 14, 16, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if d.Reviewed != date("2026-06-15") {
		t.Fatalf("reviewed = %s, want 2026-06-15", d.Reviewed)
	}
}

func TestTierProgress(t *testing.T) {
	t.Parallel()
	e := newEngine(t, programme())
	tests := []struct {
		name    string
		tier    string
		history []loyalty.Activity
		next    string
		missing loyalty.Totals
	}{
		{"member towards silver", "member", []loyalty.Activity{nights("2026-02-01", 4), nights("2026-03-01", 3)},
			"silver", loyalty.Totals{Nights: 3, Stays: 3}},
		{"silver towards gold (partner is invite-only)", "silver", []loyalty.Activity{{On: date("2026-02-01"), Nights: 12, Stays: 1, Points: 20000}},
			"gold", loyalty.Totals{Nights: 13, Stays: 9, Points: 5000}},
		{"top of the ladder", "platinum", nil, "", loyalty.Totals{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := e.EvaluateTier(member(tt.tier), tt.history, noon("2026-03-10"))
			if err != nil {
				t.Fatal(err)
			}
			p := d.Progress
			if p.Next != tt.next || p.Missing != tt.missing {
				t.Fatalf("progress = %+v, want next %s missing %+v", p, tt.next, tt.missing)
			}
			if p.WindowFrom != date("2025-03-11") || p.WindowTo != date("2026-03-10") {
				t.Fatalf("window = %s..%s", p.WindowFrom, p.WindowTo)
			}
		})
	}
}

func TestEvaluateTierUnknownTier(t *testing.T) {
	t.Parallel()
	_, err := newEngine(t, programme()).EvaluateTier(member("diamond"), nil, noon("2026-03-10"))
	if !errors.Is(err, loyalty.ErrUnknownTier) {
		t.Fatalf("err = %v, want ErrUnknownTier", err)
	}
}

func TestBenefits(t *testing.T) {
	t.Parallel()
	e := newEngine(t, programme())
	tests := []struct {
		tier string
		want []string
	}{
		{"member", []string{"wifi"}},
		{"", []string{"wifi"}}, // no tier yet is the base tier
		{"silver", []string{"wifi", "late-checkout"}},
		{"gold", []string{"wifi", "late-checkout", "partner-rate", "upgrade", "lounge"}},
		{"ambassador", []string{"wifi", "late-checkout", "partner-rate", "upgrade", "lounge", "suite", "butler"}},
	}
	for _, tt := range tests {
		t.Run(tt.tier, func(t *testing.T) {
			t.Parallel()
			got, err := e.Benefits(tt.tier)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("benefits = %v, want %v", got, tt.want)
			}
		})
	}
	if ok, _ := e.HasBenefit("silver", "lounge"); ok {
		t.Fatal("silver has the gold lounge")
	}
	if ok, _ := e.HasBenefit("gold", "late-checkout"); !ok {
		t.Fatal("gold lacks a silver benefit")
	}
	if _, err := e.Benefits("diamond"); !errors.Is(err, loyalty.ErrUnknownTier) {
		t.Fatalf("err = %v", err)
	}
	if got := e.Tiers(); got[0].ID != "member" || got[len(got)-1].ID != "ambassador" {
		t.Fatalf("tiers not in display order: %v", got)
	}
}

func repeat(a loyalty.Activity, n int) []loyalty.Activity {
	out := make([]loyalty.Activity, n)
	for i := range out {
		out[i] = a
	}
	return out
}

func TestActivityFromEarning(t *testing.T) {
	t.Parallel()
	e := newEngine(t, programme(
		loyalty.Rule{ID: "nights", Kind: loyalty.PerNight, Points: 100, Qualifying: true},
		loyalty.Rule{ID: "stay", Kind: loyalty.PerStay, Points: 500}, // not qualifying
	))
	s := stay()
	earned, err := e.EarnStay(member("member"), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := loyalty.StayActivity(s, earned); got != (loyalty.Activity{On: s.Departure, Nights: 3, Stays: 1, Points: 300}) {
		t.Fatalf("activity = %+v", got)
	}
	refused, _ := e.EarnStay(loyalty.Member{Status: loyalty.MemberInactive}, s, nil)
	if got := loyalty.StayActivity(s, refused); got.Nights != 0 || got.Stays != 0 {
		t.Fatalf("refused stay qualifies: %+v", got)
	}
	if got := loyalty.CheckActivity(earned); got.Points != 300 || got.Nights != 0 {
		t.Fatalf("check activity = %+v", got)
	}
}
