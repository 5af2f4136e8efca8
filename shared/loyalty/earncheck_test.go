package loyalty_test

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

func TestEarnCheck(t *testing.T) {
	t.Parallel()
	p := programme(
		loyalty.Rule{ID: "spend", Kind: loyalty.PerSpend, Basis: loyalty.BasisTotal, Rates: eurRate(5, 100), Multiplied: true, Qualifying: true},
		loyalty.Rule{ID: "nights", Kind: loyalty.PerNight, Points: 100}, // never applies to checks
		loyalty.Rule{ID: "dec", Kind: loyalty.PerSpend, Basis: loyalty.BasisTotal, Rates: eurRate(1, 100), From: date("2026-12-20"), To: date("2026-12-31")},
	)
	p.Earning.Revenue.Categories["bar"] = false
	p.Earning.Revenue.Codes = map[string]bool{"TOBACCO": false}
	p.Earning.Outlets = map[string]string{"tasca": events.RevenueFoodBeverage, "rooftop": "bar"}
	p.Earning.TierMultipliers = map[string]int64{"gold": 15000}
	e := newEngine(t, p)
	dinner := []loyalty.Line{{Description: "Dinner", Amount: eur(8200)}, {Description: "Wine", Amount: eur(1250)}}
	tests := []struct {
		name       string
		check      loyalty.Check
		tier       string
		want       map[string]int64
		wantReason string
	}{
		{"earning outlet from the outlet map", loyalty.Check{OutletID: "tasca", Lines: dinner}, "member", map[string]int64{"spend": 472}, ""},
		{"outlet category on the check wins", loyalty.Check{OutletID: "tasca", OutletCategory: "bar", Lines: dinner}, "member", nil, loyalty.ReasonOutletNotEarning},
		{"non-earning outlet", loyalty.Check{OutletID: "rooftop", Lines: dinner}, "member", nil, loyalty.ReasonOutletNotEarning},
		{"unknown outlet earns nothing", loyalty.Check{OutletID: "kiosk", Lines: dinner}, "member", nil, loyalty.ReasonOutletNotEarning},
		{"non-earning outlet charged to a room earns", loyalty.Check{OutletID: "rooftop", RoomCharge: "R-1", Lines: dinner}, "member", map[string]int64{"spend": 472}, ""},
		{"revenue code still excludes a line", loyalty.Check{OutletID: "tasca", Lines: append(dinner[:2:2], loyalty.Line{Code: "TOBACCO", Amount: eur(900)})}, "member", map[string]int64{"spend": 472}, ""},
		{"tier multiplier applies", loyalty.Check{OutletID: "tasca", Lines: dinner}, "gold", map[string]int64{"spend": 472, loyalty.RuleTierBonus: 236}, ""},
		// 23:30 UTC on 19 December is still 19 December in Lisbon (UTC+0); at 00:30 UTC on the 20th the
		// December rule applies.
		{"rule window on the business date", loyalty.Check{OutletID: "tasca", Lines: dinner, ClosedAt: time.Date(2026, 12, 20, 0, 30, 0, 0, time.UTC)}, "member", map[string]int64{"spend": 472, "dec": 94}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := tt.check
			c.PropertyID, c.CheckID = "hh-lisbon", "C-7781"
			if c.ClosedAt.IsZero() {
				c.ClosedAt = time.Date(2026, 12, 19, 23, 30, 0, 0, time.UTC)
			}
			got, err := e.EarnCheck(member(tt.tier), c)
			if err != nil {
				t.Fatal(err)
			}
			if got.Reason != tt.wantReason {
				t.Fatalf("reason = %q, want %q", got.Reason, tt.wantReason)
			}
			if !equalPoints(pointsByRule(got), tt.want) && !(len(tt.want) == 0 && len(got.Accruals) == 0) {
				t.Fatalf("points = %v, want %v", pointsByRule(got), tt.want)
			}
			for _, a := range got.Accruals {
				if a.Refs.CheckID != "C-7781" || a.Refs.ReservationID != c.RoomCharge || a.Key != "check/hh-lisbon/C-7781/"+a.Rule {
					t.Fatalf("accrual = %+v", a)
				}
			}
		})
	}
}

func TestRoomChargedCheckEarnsOnce(t *testing.T) {
	t.Parallel()
	e := newEngine(t, programme(loyalty.Rule{ID: "spend", Kind: loyalty.PerSpend, Basis: loyalty.BasisTotal, Rates: eurRate(1, 100)}))
	s := stay()
	s.Lines = append(s.Lines, loyalty.Line{Category: events.RevenueFoodBeverage, Amount: eur(9450), CheckID: "C-7781"})
	got, err := e.EarnStay(member("member"), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Total() != 901 { // the three folio lines; the room charge earns on its check
		t.Fatalf("points = %d, want 901", got.Total())
	}
}

func TestEarnCheckRejectsBadInput(t *testing.T) {
	t.Parallel()
	e := newEngine(t, programme())
	for _, c := range []loyalty.Check{
		{CheckID: "C", ClosedAt: time.Now()},
		{PropertyID: "p", ClosedAt: time.Now()},
		{PropertyID: "p", CheckID: "C"},
		{PropertyID: "p", CheckID: "C", ClosedAt: time.Now(), RoomCharge: "R", Lines: []loyalty.Line{line("x", eur(1)), line("x", jpy(1))}},
	} {
		if _, err := e.EarnCheck(member("member"), c); !errors.Is(err, loyalty.ErrInvalid) {
			t.Fatalf("%+v: err = %v, want ErrInvalid", c, err)
		}
	}
}

func TestFromEvents(t *testing.T) {
	t.Parallel()
	e := newEngine(t, programme(
		loyalty.Rule{ID: "nights", Kind: loyalty.PerNight, Points: 100},
		loyalty.Rule{ID: "spend", Kind: loyalty.PerSpend, Basis: loyalty.BasisTotal, Rates: eurRate(10, 100)},
	))
	var so struct{ Data events.StayCheckedOut }
	readFixture(t, "stay_checked_out.json", &so)
	s, err := loyalty.StayFromEvent("hh-lisbon", so.Data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.EarnStay(member("member"), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int64{"nights": 300, "spend": 9015}; !equalPoints(pointsByRule(got), want) {
		t.Fatalf("stay points = %v, want %v", pointsByRule(got), want)
	}
	var pc struct{ Data events.POSCheckClosed }
	readFixture(t, "pos_check_closed.json", &pc)
	c, err := loyalty.CheckFromEvent("hh-lisbon", pc.Data)
	if err != nil {
		t.Fatal(err)
	}
	cg, err := e.EarnCheck(member("member"), c)
	if err != nil {
		t.Fatal(err)
	}
	if cg.Total() != 945 || cg.Accruals[0].EarnedOn != date("2026-12-19") {
		t.Fatalf("check earning = %+v", cg)
	}
	bad := so.Data
	bad.Departure = "21/12/2026"
	if _, err := loyalty.StayFromEvent("hh-lisbon", bad); !errors.Is(err, loyalty.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
}

func readFixture(t *testing.T, name string, v any) {
	t.Helper()
	raw, err := os.ReadFile("../../events/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

func TestNewEngineRejects(t *testing.T) {
	t.Parallel()
	ok := loyalty.Rule{ID: "n", Kind: loyalty.PerNight, Points: 1}
	tests := []struct {
		name   string
		change func(*loyalty.Programme)
	}{
		{"no tiers", func(p *loyalty.Programme) { p.Tiers.Tiers = nil }},
		{"base tier with a threshold", func(p *loyalty.Programme) { p.Tiers.Tiers[1].Qualify.Nights = 1 }},
		{"base tier invite-only", func(p *loyalty.Programme) { p.Tiers.Tiers[1].InviteOnly = true }},
		{"tier without threshold", func(p *loyalty.Programme) { p.Tiers.Tiers[0].Qualify = loyalty.Qualification{} }},
		{"duplicate tier order", func(p *loyalty.Programme) { p.Tiers.Tiers[0].Order = 3 }},
		{"duplicate tier id", func(p *loyalty.Programme) { p.Tiers.Tiers[0].ID = "silver" }},
		{"rule without id", func(p *loyalty.Programme) { p.Earning.Rules = []loyalty.Rule{{Kind: loyalty.PerNight}} }},
		{"rule id with a slash", func(p *loyalty.Programme) { p.Earning.Rules = []loyalty.Rule{{ID: "a/b", Kind: loyalty.PerNight}} }},
		{"reserved rule id", func(p *loyalty.Programme) {
			p.Earning.Rules = []loyalty.Rule{{ID: loyalty.RuleTierBonus, Kind: loyalty.PerNight}}
		}},
		{"duplicate rule id", func(p *loyalty.Programme) { p.Earning.Rules = []loyalty.Rule{ok, ok} }},
		{"rule and promotion share an id", func(p *loyalty.Programme) {
			p.Earning.Rules = []loyalty.Rule{ok}
			p.Earning.Promotions = []loyalty.Promotion{{ID: "n", PerStay: 1}}
		}},
		{"unknown kind", func(p *loyalty.Programme) { p.Earning.Rules = []loyalty.Rule{{ID: "x", Kind: "per_smile"}} }},
		{"negative points", func(p *loyalty.Programme) {
			p.Earning.Rules = []loyalty.Rule{{ID: "x", Kind: loyalty.PerStay, Points: -1}}
		}},
		{"date bonus without dates", func(p *loyalty.Programme) {
			p.Earning.Rules = []loyalty.Rule{{ID: "x", Kind: loyalty.DateBonus, Points: 1}}
		}},
		{"window ends before it starts", func(p *loyalty.Programme) {
			p.Earning.Rules = []loyalty.Rule{{ID: "x", Kind: loyalty.PerStay, From: date("2027-01-02"), To: date("2027-01-01")}}
		}},
		{"spend without rates", func(p *loyalty.Programme) {
			p.Earning.Rules = []loyalty.Rule{{ID: "x", Kind: loyalty.PerSpend, Basis: loyalty.BasisRoom}}
		}},
		{"spend rate per zero", func(p *loyalty.Programme) {
			p.Earning.Rules = []loyalty.Rule{{ID: "x", Kind: loyalty.PerSpend, Basis: loyalty.BasisRoom, Rates: eurRate(1, 0)}}
		}},
		{"spend rate bad currency", func(p *loyalty.Programme) {
			p.Earning.Rules = []loyalty.Rule{{ID: "x", Kind: loyalty.PerSpend, Basis: loyalty.BasisRoom, Rates: map[string]loyalty.Rate{"euro": {1, 1}}}}
		}},
		{"categories basis without categories", func(p *loyalty.Programme) {
			p.Earning.Rules = []loyalty.Rule{{ID: "x", Kind: loyalty.PerSpend, Basis: loyalty.BasisCategories, Rates: eurRate(1, 1)}}
		}},
		{"unknown tax treatment", func(p *loyalty.Programme) {
			p.Earning.Rules = []loyalty.Rule{{ID: "x", Kind: loyalty.PerSpend, Basis: loyalty.BasisRoom, Tax: "half", Rates: eurRate(1, 1)}}
		}},
		{"multiplier below ×1", func(p *loyalty.Programme) { p.Earning.TierMultipliers = map[string]int64{"gold": 9000} }},
		{"multiplier for unknown tier", func(p *loyalty.Programme) { p.Earning.TierMultipliers = map[string]int64{"diamond": 20000} }},
		{"promotion awarding nothing", func(p *loyalty.Programme) { p.Earning.Promotions = []loyalty.Promotion{{ID: "p"}} }},
		{"promotion negative budget", func(p *loyalty.Programme) {
			p.Earning.Promotions = []loyalty.Promotion{{ID: "p", PerStay: 1, Budget: -1}}
		}},
		{"negative pending days", func(p *loyalty.Programme) { p.Earning.PendingDays = -1 }},
		{"negative expiry", func(p *loyalty.Programme) { p.Expiry.Months = -1 }},
		{"property id with a slash", func(p *loyalty.Programme) { p.Properties = map[string]loyalty.PropertyOverride{"a/b": {}} }},
		{"property adds a bad rule", func(p *loyalty.Programme) {
			p.Properties = map[string]loyalty.PropertyOverride{"x": {Rules: []loyalty.Rule{{ID: "y", Kind: "nope"}}}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := programme()
			tt.change(&p)
			if _, err := loyalty.NewEngine(p); !errors.Is(err, loyalty.ErrInvalidProgramme) || !errors.Is(err, loyalty.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalidProgramme", err)
			}
		})
	}
}
