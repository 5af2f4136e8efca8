package loyalty_test

import (
	"errors"
	"testing"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

func TestEarnPerNight(t *testing.T) {
	t.Parallel()
	rule := loyalty.Rule{ID: "nights", Kind: loyalty.PerNight, Points: 100, Qualifying: true}
	tests := []struct {
		name   string
		rule   loyalty.Rule
		change func(*loyalty.Stay)
		want   int64
	}{
		{"three nights from the dates", rule, nil, 300},
		{"nights given by the PMS win", rule, func(s *loyalty.Stay) { s.Nights = 2 }, 200},
		{"day use earns no nights", rule, func(s *loyalty.Stay) { s.Arrival = s.Departure }, 0},
		{"below minimum nights", withMinNights(rule, 4), nil, 0},
		{"at minimum nights", withMinNights(rule, 3), nil, 300},
		{"rule window ends before departure", withWindow(rule, "2026-01-01", "2026-12-20"), nil, 0},
		{"rule window includes departure day", withWindow(rule, "2026-12-21", "2026-12-31"), nil, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t, programme(tt.rule))
			s := stay()
			if tt.change != nil {
				tt.change(&s)
			}
			got, err := e.EarnStay(member("member"), s, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total() != tt.want {
				t.Fatalf("points = %d, want %d", got.Total(), tt.want)
			}
			if tt.want > 0 && (got.Accruals[0].Concept != loyalty.ConceptStay || !got.Accruals[0].Qualifying) {
				t.Fatalf("accrual = %+v", got.Accruals[0])
			}
		})
	}
}

func TestEarnPerStay(t *testing.T) {
	t.Parallel()
	rule := loyalty.Rule{ID: "stay", Kind: loyalty.PerStay, Points: 250}
	tests := []struct {
		name   string
		rule   loyalty.Rule
		change func(*loyalty.Stay)
		want   int64
	}{
		{"one award per stay", rule, nil, 250},
		{"long stay still one award", rule, func(s *loyalty.Stay) { s.Arrival = date("2026-12-01") }, 250},
		{"day use earns the stay", rule, func(s *loyalty.Stay) { s.Arrival = s.Departure }, 250},
		{"minimum nights not met", withMinNights(rule, 5), nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := stay()
			if tt.change != nil {
				tt.change(&s)
			}
			got, err := newEngine(t, programme(tt.rule)).EarnStay(member("member"), s, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total() != tt.want {
				t.Fatalf("points = %d, want %d", got.Total(), tt.want)
			}
		})
	}
}

func TestEarnPerSpend(t *testing.T) {
	t.Parallel()
	spend := func(basis loyalty.Basis, tax loyalty.TaxTreatment, cats ...string) loyalty.Rule {
		return loyalty.Rule{ID: "spend", Kind: loyalty.PerSpend, Basis: basis, Tax: tax, Categories: cats,
			Rates: map[string]loyalty.Rate{"EUR": {Points: 10, Per: 100}, "JPY": {Points: 10, Per: 150}}}
	}
	taxed := func(category string, gross, tax int64) loyalty.Line {
		return loyalty.Line{Category: category, Amount: eur(gross), Tax: eur(tax)}
	}
	tests := []struct {
		name     string
		rule     loyalty.Rule
		lines    []loyalty.Line
		revenue  *loyalty.RevenueSwitch
		want     int64
		wantSkip string
	}{
		{"room gross, 10 per euro", spend(loyalty.BasisRoom, loyalty.Gross), stay().Lines, nil, 6870, ""},
		{"total of earning lines", spend(loyalty.BasisTotal, ""), stay().Lines, nil, 9015, ""},
		{"categories F&B and spa", spend(loyalty.BasisCategories, "", events.RevenueFoodBeverage, events.RevenueSpa), stay().Lines, nil, 2145, ""},
		{"net of tax", spend(loyalty.BasisRoom, loyalty.Net),
			[]loyalty.Line{taxed(events.RevenueRoom, 10600, 600)}, nil, 1000, ""},
		{"gross keeps tax", spend(loyalty.BasisRoom, loyalty.Gross),
			[]loyalty.Line{taxed(events.RevenueRoom, 10600, 600)}, nil, 1060, ""},
		{"floor once on the sum (29), not per line (27)", spend(loyalty.BasisTotal, ""),
			[]loyalty.Line{line(events.RevenueSpa, eur(99)), line(events.RevenueSpa, eur(99)), line(events.RevenueSpa, eur(99))}, nil, 29, ""},
		{"yen: 10 points per 150 yen, floored", spend(loyalty.BasisRoom, ""),
			[]loyalty.Line{line(events.RevenueRoom, jpy(100000))}, nil, 6666, ""},
		{"non-earning category left out of total", spend(loyalty.BasisTotal, ""),
			[]loyalty.Line{line(events.RevenueRoom, eur(10000)), line(events.RevenueOther, eur(5000))}, nil, 1000, ""},
		{"refunds net against charges", spend(loyalty.BasisTotal, ""),
			[]loyalty.Line{line(events.RevenueRoom, eur(10000)), line(events.RevenueRoom, eur(-2500))}, nil, 750, ""},
		{"a folio of refunds earns nothing", spend(loyalty.BasisTotal, ""),
			[]loyalty.Line{line(events.RevenueRoom, eur(-2500))}, nil, 0, ""},
		{"revenue code switched off inside an earning category", spend(loyalty.BasisTotal, ""),
			[]loyalty.Line{line(events.RevenueRoom, eur(10000)), {Category: events.RevenueFoodBeverage, Code: "TOBACCO", Amount: eur(3000)}},
			&loyalty.RevenueSwitch{Categories: map[string]bool{events.RevenueRoom: true, events.RevenueFoodBeverage: true}, Codes: map[string]bool{"TOBACCO": false}}, 1000, ""},
		{"revenue code switched on inside a non-earning category", spend(loyalty.BasisTotal, ""),
			[]loyalty.Line{{Category: events.RevenueOther, Code: "PARKING", Amount: eur(2000)}},
			&loyalty.RevenueSwitch{Codes: map[string]bool{"PARKING": true}}, 200, ""},
		{"unlisted categories earn when the switch says so", spend(loyalty.BasisTotal, ""),
			[]loyalty.Line{line("laundry", eur(1000))}, &loyalty.RevenueSwitch{EarnUnlisted: true}, 100, ""},
		{"no rate for the folio currency", spend(loyalty.BasisRoom, ""),
			[]loyalty.Line{{Category: events.RevenueRoom, Amount: cash("GBP", 10000)}}, nil, 0, loyalty.SkipNoRate},
		{"no lines, nothing to count", spend(loyalty.BasisTotal, ""), nil, nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := programme(tt.rule)
			if tt.revenue != nil {
				p.Earning.Revenue = *tt.revenue
			}
			s := stay()
			s.Lines = tt.lines
			got, err := newEngine(t, p).EarnStay(member("member"), s, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total() != tt.want {
				t.Fatalf("points = %d, want %d", got.Total(), tt.want)
			}
			if tt.wantSkip != "" && (len(got.Skipped) != 1 || got.Skipped[0].Reason != tt.wantSkip) {
				t.Fatalf("skipped = %+v, want %s", got.Skipped, tt.wantSkip)
			}
		})
	}
}

func TestEarnDateBonus(t *testing.T) {
	t.Parallel()
	bonus := loyalty.Rule{ID: "y2027", Kind: loyalty.DateBonus, Points: 500, From: date("2027-01-01"), To: date("2027-12-31")}
	perNight := bonus
	perNight.ID, perNight.Points, perNight.PerNightInRange = "y2027-nights", 50, true
	tests := []struct {
		name               string
		rule               loyalty.Rule
		arrival, departure string
		want               int64
	}{
		{"departing in 2027", bonus, "2027-03-01", "2027-03-04", 500},
		{"departing on the first day", bonus, "2026-12-30", "2027-01-01", 500},
		{"departing on the last day", bonus, "2027-12-29", "2027-12-31", 500},
		{"departing the day before", bonus, "2026-12-28", "2026-12-31", 0},
		{"departing the day after", bonus, "2027-12-30", "2028-01-01", 0},
		{"per night: only nights inside the range", perNight, "2026-12-30", "2027-01-02", 50},
		{"per night: stay entirely inside", perNight, "2027-05-01", "2027-05-05", 200},
		{"per night: last night is 31 December", perNight, "2027-12-30", "2028-01-02", 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := stay()
			s.Arrival, s.Departure = date(tt.arrival), date(tt.departure)
			got, err := newEngine(t, programme(tt.rule)).EarnStay(member("member"), s, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total() != tt.want {
				t.Fatalf("points = %d, want %d", got.Total(), tt.want)
			}
			if tt.want > 0 && got.Accruals[0].Concept != loyalty.ConceptBonus {
				t.Fatalf("concept = %s", got.Accruals[0].Concept)
			}
		})
	}
}

func TestEarnTierMultiplier(t *testing.T) {
	t.Parallel()
	base := loyalty.Rule{ID: "spend", Kind: loyalty.PerSpend, Basis: loyalty.BasisRoom, Rates: eurRate(10, 100), Multiplied: true, Qualifying: true}
	notMultiplied := loyalty.Rule{ID: "stay", Kind: loyalty.PerStay, Points: 1000}
	tests := []struct {
		name       string
		tier       string
		qualifying bool
		want       map[string]int64
	}{
		{"gold ×1.5 adds half the base", "gold", false, map[string]int64{"spend": 6870, "stay": 1000, loyalty.RuleTierBonus: 3435}},
		{"silver ×1.25 floors the bonus", "silver", false, map[string]int64{"spend": 6870, "stay": 1000, loyalty.RuleTierBonus: 1717}},
		{"member has no multiplier", "member", false, map[string]int64{"spend": 6870, "stay": 1000}},
		{"tier bonus can qualify", "gold", true, map[string]int64{"spend": 6870, "stay": 1000, loyalty.RuleTierBonus: 3435}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := programme(base, notMultiplied)
			p.Earning.TierMultipliers = map[string]int64{"gold": 15000, "silver": 12500, "member": 10000}
			p.Earning.TierBonusQualifying = tt.qualifying
			got, err := newEngine(t, p).EarnStay(member(tt.tier), stay(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if !equalPoints(pointsByRule(got), tt.want) {
				t.Fatalf("points = %v, want %v", pointsByRule(got), tt.want)
			}
			for _, a := range got.Accruals {
				if a.Rule == loyalty.RuleTierBonus && a.Qualifying != tt.qualifying {
					t.Fatalf("tier bonus qualifying = %v", a.Qualifying)
				}
			}
			if q := got.QualifyingPoints(); tt.want[loyalty.RuleTierBonus] > 0 && !tt.qualifying && q != 6870 {
				t.Fatalf("qualifying points = %d, want 6870", q)
			}
		})
	}
}

func TestEarnPromotion(t *testing.T) {
	t.Parallel()
	base := loyalty.Rule{ID: "nights", Kind: loyalty.PerNight, Points: 1000, Multiplied: true}
	promo := loyalty.Promotion{ID: "winter", From: date("2026-12-01"), To: date("2027-02-28"), PerStay: 2000}
	tests := []struct {
		name    string
		promo   loyalty.Promotion
		tier    string
		usage   loyalty.PromotionUsage
		want    int64
		wantCap bool
	}{
		{"awarded in full", promo, "member", loyalty.PromotionUsage{}, 2000, false},
		{"per night", withPromo(promo, func(p *loyalty.Promotion) { p.PerStay, p.PerNight = 0, 300 }), "member", loyalty.PromotionUsage{}, 900, false},
		{"percentage of multiplied base", withPromo(promo, func(p *loyalty.Promotion) { p.PerStay, p.BasisPoints = 0, 2500 }), "member", loyalty.PromotionUsage{}, 750, false},
		{"budget nearly spent: the remainder", withPromo(promo, func(p *loyalty.Promotion) { p.Budget = 100000 }), "member", loyalty.PromotionUsage{BudgetUsed: 99500}, 500, true},
		{"budget spent: nothing", withPromo(promo, func(p *loyalty.Promotion) { p.Budget = 100000 }), "member", loyalty.PromotionUsage{BudgetUsed: 100000}, 0, true},
		{"member cap", withPromo(promo, func(p *loyalty.Promotion) { p.MemberCap = 3000 }), "member", loyalty.PromotionUsage{MemberUsed: 2500}, 500, true},
		{"tighter of budget and cap", withPromo(promo, func(p *loyalty.Promotion) { p.Budget, p.MemberCap = 10000, 5000 }), "member", loyalty.PromotionUsage{BudgetUsed: 9000, MemberUsed: 3800}, 1000, true},
		{"tier not eligible", withPromo(promo, func(p *loyalty.Promotion) { p.Tiers = []string{"gold"} }), "member", loyalty.PromotionUsage{}, 0, false},
		{"tier eligible", withPromo(promo, func(p *loyalty.Promotion) { p.Tiers = []string{"gold"} }), "gold", loyalty.PromotionUsage{}, 2000, false},
		{"departure outside the dates", withPromo(promo, func(p *loyalty.Promotion) { p.From = date("2027-01-01") }), "member", loyalty.PromotionUsage{}, 0, false},
		{"minimum nights", withPromo(promo, func(p *loyalty.Promotion) { p.MinNights = 4 }), "member", loyalty.PromotionUsage{}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := programme(base)
			p.Earning.Promotions = []loyalty.Promotion{tt.promo}
			got, err := newEngine(t, p).EarnStay(member(tt.tier), stay(), map[string]loyalty.PromotionUsage{"winter": tt.usage})
			if err != nil {
				t.Fatal(err)
			}
			if pts := pointsByRule(got)["winter"]; pts != tt.want {
				t.Fatalf("promotion points = %d, want %d", pts, tt.want)
			}
			capped := len(got.Skipped) == 1 && got.Skipped[0].Reason == loyalty.SkipCapped
			if capped != tt.wantCap {
				t.Fatalf("skipped = %+v, want capped %v", got.Skipped, tt.wantCap)
			}
			if tt.want == 0 {
				if len(got.Promotions) != 0 {
					t.Fatalf("consumption = %+v, want none", got.Promotions)
				}
				return
			}
			use := got.Promotions[0]
			if use.PromotionID != "winter" || use.Points != tt.want || use.Key != "stay/hh-lisbon/S-1/winter" {
				t.Fatalf("consumption = %+v", use)
			}
		})
	}
}

func TestEarnPackages(t *testing.T) {
	t.Parallel()
	pkg := loyalty.Line{Category: events.RevenueRoom, Package: "BB-SPA", Amount: eur(30000), Components: []loyalty.Line{
		line(events.RevenueRoom, eur(20000)),
		line(events.RevenueFoodBeverage, eur(4000)),
		line(events.RevenueOther, eur(6000)), // a component in a category that does not earn
	}}
	room := loyalty.Rule{ID: "room", Kind: loyalty.PerSpend, Basis: loyalty.BasisRoom, Rates: eurRate(10, 100)}
	total := loyalty.Rule{ID: "total", Kind: loyalty.PerSpend, Basis: loyalty.BasisTotal, Rates: eurRate(1, 100)}
	tests := []struct {
		name      string
		unbundled map[string]bool
		override  map[string]bool
		want      map[string]int64
	}{
		{"bundled: the total earns as room", nil, nil, map[string]int64{"room": 3000, "total": 300}},
		{"unbundled: each component on its own", map[string]bool{"BB-SPA": true}, nil, map[string]int64{"room": 2000, "total": 240}},
		{"property unbundles a group-bundled package", nil, map[string]bool{"BB-SPA": true}, map[string]int64{"room": 2000, "total": 240}},
		{"property bundles a group-unbundled package", map[string]bool{"BB-SPA": true}, map[string]bool{"BB-SPA": false}, map[string]int64{"room": 3000, "total": 300}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := programme(room, total)
			p.Earning.Unbundled = tt.unbundled
			p.Properties = map[string]loyalty.PropertyOverride{"hh-lisbon": {Unbundled: tt.override}}
			s := stay()
			s.Lines = []loyalty.Line{pkg}
			got, err := newEngine(t, p).EarnStay(member("member"), s, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !equalPoints(pointsByRule(got), tt.want) {
				t.Fatalf("points = %v, want %v", pointsByRule(got), tt.want)
			}
		})
	}
}

func TestEarnRefusals(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	rule := loyalty.Rule{ID: "nights", Kind: loyalty.PerNight, Points: 100}
	tests := []struct {
		name       string
		group      bool
		override   *bool
		member     loyalty.Member
		ratePlan   string
		checkedOut bool
		wantReason string
	}{
		{"property does not award checked-out reservations", false, &yes, member("member"), "", true, loyalty.ReasonCheckedOutExcluded},
		{"group switch, property re-enables", true, &no, member("member"), "", true, ""},
		{"group switch applies to the property", true, nil, member("member"), "", true, loyalty.ReasonCheckedOutExcluded},
		{"switch ignores in-house stays", false, &yes, member("member"), "", false, ""},
		{"inactive member", false, nil, loyalty.Member{ID: "M1", Status: loyalty.MemberInactive}, "", true, loyalty.ReasonMemberInactive},
		{"non-earning rate plan", false, nil, member("member"), "STAFF", true, loyalty.ReasonRatePlanExcluded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := programme(rule)
			p.Earning.NoPointsForCheckedOut = tt.group
			p.Earning.NonEarningRatePlans = map[string]bool{"STAFF": true}
			p.Properties = map[string]loyalty.PropertyOverride{"hh-lisbon": {NoPointsForCheckedOut: tt.override}}
			s := stay()
			s.RatePlan, s.CheckedOut = tt.ratePlan, tt.checkedOut
			got, err := newEngine(t, p).EarnStay(tt.member, s, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.Reason != tt.wantReason {
				t.Fatalf("reason = %q, want %q", got.Reason, tt.wantReason)
			}
			if (tt.wantReason != "") != (len(got.Accruals) == 0) {
				t.Fatalf("accruals = %+v with reason %q", got.Accruals, got.Reason)
			}
		})
	}
}

func TestEarnPropertyOverrides(t *testing.T) {
	t.Parallel()
	p := programme(
		loyalty.Rule{ID: "nights", Kind: loyalty.PerNight, Points: 100},
		loyalty.Rule{ID: "stay", Kind: loyalty.PerStay, Points: 500},
	)
	p.Earning.TierMultipliers = map[string]int64{"gold": 20000}
	p.Properties = map[string]loyalty.PropertyOverride{
		"hh-porto": {
			Rules: []loyalty.Rule{
				{ID: "nights", Kind: loyalty.PerNight, Points: 150, Multiplied: true}, // replaced
				{ID: "stay", Disabled: true},                                          // switched off
				{ID: "spa", Kind: loyalty.PerSpend, Basis: loyalty.BasisCategories, Categories: []string{events.RevenueSpa}, Rates: eurRate(5, 100)},
			},
			TierMultipliers: map[string]int64{"gold": 15000},
			Revenue:         loyalty.RevenueOverride{Categories: map[string]bool{events.RevenueSpa: true}},
		},
	}
	e := newEngine(t, p)
	tests := []struct {
		property string
		want     map[string]int64
	}{
		{"hh-lisbon", map[string]int64{"nights": 300, "stay": 500}},
		{"hh-porto", map[string]int64{"nights": 450, "spa": 600, loyalty.RuleTierBonus: 225}},
		{"unknown-property", map[string]int64{"nights": 300, "stay": 500}},
	}
	for _, tt := range tests {
		t.Run(tt.property, func(t *testing.T) {
			t.Parallel()
			s := stay()
			s.PropertyID = tt.property
			got, err := e.EarnStay(member("gold"), s, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !equalPoints(pointsByRule(got), tt.want) {
				t.Fatalf("points = %v, want %v", pointsByRule(got), tt.want)
			}
		})
	}
}

func TestEarnKeysAreDeterministic(t *testing.T) {
	t.Parallel()
	p := programme(
		loyalty.Rule{ID: "nights", Kind: loyalty.PerNight, Points: 100, Multiplied: true},
		loyalty.Rule{ID: "spend", Kind: loyalty.PerSpend, Basis: loyalty.BasisTotal, Rates: eurRate(10, 100), Multiplied: true},
	)
	p.Earning.TierMultipliers = map[string]int64{"gold": 15000, "platinum": 20000}
	e := newEngine(t, p)
	first, err := e.EarnStay(member("gold"), stay(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Re-earning after the member moved tier must not produce a new tier-bonus key.
	again, err := e.EarnStay(member("platinum"), stay(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"stay/hh-lisbon/S-1/nights", "stay/hh-lisbon/S-1/spend", "stay/hh-lisbon/S-1/tier-bonus"}
	for i, earning := range []loyalty.Earning{first, again} {
		if len(earning.Accruals) != len(want) {
			t.Fatalf("run %d: %d accruals, want %d", i, len(earning.Accruals), len(want))
		}
		for j, a := range earning.Accruals {
			if a.Key != want[j] {
				t.Fatalf("run %d: key %d = %q, want %q", i, j, a.Key, want[j])
			}
		}
	}
	other := stay()
	other.StayID = "S-2"
	second, err := e.EarnStay(member("gold"), other, nil)
	if err != nil {
		t.Fatal(err)
	}
	if second.Accruals[0].Key == first.Accruals[0].Key {
		t.Fatal("two stays share a key")
	}
}

func TestEarnRefsPendingAndExpiry(t *testing.T) {
	t.Parallel()
	p := programme(loyalty.Rule{ID: "nights", Kind: loyalty.PerNight, Points: 100})
	p.Expiry = loyalty.ExpiryPolicy{Months: 24, EndOfMonth: true}
	p.Earning.PendingDays = 7
	summer := 2
	p.Properties = map[string]loyalty.PropertyOverride{"hh-tokyo": {Zone: mustZone("Asia/Tokyo"), PendingDays: &summer}}
	e := newEngine(t, p)
	tests := []struct {
		name          string
		property      string
		departure     string
		wantAvailable string
		wantExpires   string
	}{
		// Lisbon is UTC+0 in winter: 2026-12-28 00:00 local is 00:00 UTC.
		{"lisbon winter", "hh-lisbon", "2026-12-21", "2026-12-28T00:00:00Z", "2028-12-31"},
		// Lisbon summer time is UTC+1.
		{"lisbon summer", "hh-lisbon", "2026-07-10", "2026-07-16T23:00:00Z", "2028-07-31"},
		// Tokyo is UTC+9 with a two-day override.
		{"tokyo override", "hh-tokyo", "2026-07-10", "2026-07-11T15:00:00Z", "2028-07-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := stay()
			s.PropertyID, s.Departure = tt.property, date(tt.departure)
			s.Arrival = s.Departure.AddDays(-3)
			got, err := e.EarnStay(member("member"), s, nil)
			if err != nil {
				t.Fatal(err)
			}
			a := got.Accruals[0]
			if a.AvailableFrom.Format("2006-01-02T15:04:05Z07:00") != tt.wantAvailable {
				t.Fatalf("available from %s, want %s", a.AvailableFrom, tt.wantAvailable)
			}
			if a.ExpiresOn.String() != tt.wantExpires || a.EarnedOn != s.Departure {
				t.Fatalf("expires %s earned %s", a.ExpiresOn, a.EarnedOn)
			}
			if !a.Pending(a.AvailableFrom.Add(-1)) || a.Pending(a.AvailableFrom) {
				t.Fatal("pending is wrong at the boundary")
			}
			want := loyalty.Refs{PropertyID: tt.property, ReservationID: "R-1", StayID: "S-1", FolioID: "F-1"}
			if a.Refs != want {
				t.Fatalf("refs = %+v", a.Refs)
			}
		})
	}
}

func TestEarnStayRejectsBadInput(t *testing.T) {
	t.Parallel()
	e := newEngine(t, programme(loyalty.Rule{ID: "spend", Kind: loyalty.PerSpend, Basis: loyalty.BasisTotal, Rates: eurRate(1, 100)}))
	tests := []struct {
		name   string
		change func(*loyalty.Stay)
		want   error
	}{
		{"currency mismatch", func(s *loyalty.Stay) { s.Lines = append(s.Lines, line(events.RevenueRoom, jpy(100))) }, loyalty.ErrCurrencyMismatch},
		{"tax in another currency", func(s *loyalty.Stay) { s.Lines[0].Tax = jpy(5) }, loyalty.ErrCurrencyMismatch},
		{"bad currency code", func(s *loyalty.Stay) { s.Lines = []loyalty.Line{line(events.RevenueRoom, cash("eu", 1))} }, loyalty.ErrInvalid},
		{"absurd amount", func(s *loyalty.Stay) { s.Lines[0].Amount = eur(1 << 62) }, loyalty.ErrInvalid},
		{"no stay id", func(s *loyalty.Stay) { s.StayID = "" }, loyalty.ErrInvalid},
		{"property id with a slash", func(s *loyalty.Stay) { s.PropertyID = "a/b" }, loyalty.ErrInvalid},
		{"departure before arrival", func(s *loyalty.Stay) { s.Departure = s.Arrival.AddDays(-1) }, loyalty.ErrInvalid},
		{"negative nights", func(s *loyalty.Stay) { s.Nights = -1 }, loyalty.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := stay()
			s.Lines = append([]loyalty.Line(nil), s.Lines...)
			tt.change(&s)
			got, err := e.EarnStay(member("member"), s, nil)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if len(got.Accruals) != 0 {
				t.Fatalf("accruals on error: %+v", got.Accruals)
			}
		})
	}
}

func withMinNights(r loyalty.Rule, n int) loyalty.Rule { r.MinNights = n; return r }

func withWindow(r loyalty.Rule, from, to string) loyalty.Rule {
	r.From, r.To = date(from), date(to)
	return r
}

func withPromo(p loyalty.Promotion, f func(*loyalty.Promotion)) loyalty.Promotion { f(&p); return p }
