package loyalty_test

import (
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/money"
)

var lisbon = mustZone("Europe/Lisbon")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

func date(s string) loyalty.Date {
	d, err := loyalty.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func eur(minor int64) money.Money { return money.Money{Amount: minor, Currency: "EUR"} }
func jpy(yen int64) money.Money   { return money.Money{Amount: yen, Currency: "JPY"} }

func line(category string, amount money.Money) loyalty.Line {
	return loyalty.Line{Category: category, Amount: amount}
}

// tiers is a ladder with gaps in the order and two invite-only levels, one of them between qualifying levels.
func tiers() loyalty.TierPolicy {
	return loyalty.TierPolicy{WindowMonths: 12, Tiers: []loyalty.Tier{
		{ID: "gold", Order: 6, Qualify: loyalty.Qualification{Nights: 25, Stays: 10, Points: 25000}, Benefits: []string{"upgrade", "lounge"}},
		{ID: "member", Order: 1, Benefits: []string{"wifi"}},
		{ID: "silver", Order: 3, Qualify: loyalty.Qualification{Nights: 10, Stays: 5}, Benefits: []string{"late-checkout", "wifi"}},
		{ID: "partner", Order: 4, InviteOnly: true, Benefits: []string{"partner-rate"}},
		{ID: "platinum", Order: 9, Qualify: loyalty.Qualification{Nights: 50}, Benefits: []string{"suite"}},
		{ID: "ambassador", Order: 12, InviteOnly: true, Benefits: []string{"butler"}},
	}}
}

// programme returns a programme with the given group rules, room/F&B/spa earning and no other categories.
func programme(rules ...loyalty.Rule) loyalty.Programme {
	return loyalty.Programme{
		ID: "harbour", Zone: lisbon,
		Earning: loyalty.EarningRules{
			Rules: rules,
			Revenue: loyalty.RevenueSwitch{Categories: map[string]bool{
				events.RevenueRoom: true, events.RevenueFoodBeverage: true, events.RevenueSpa: true,
			}},
		},
		Tiers: tiers(),
	}
}

func newEngine(t testing.TB, p loyalty.Programme) *loyalty.Engine {
	t.Helper()
	e, err := loyalty.NewEngine(p)
	if err != nil {
		t.Fatalf("NewEngine: %v", err)
	}
	return e
}

func member(tier string) loyalty.Member {
	return loyalty.Member{ID: "M1", Status: loyalty.MemberActive, Tier: tier, EnrolledOn: date("2025-06-15")}
}

// stay is three nights in Lisbon, departing 2026-12-21, with a room, F&B and spa line.
func stay() loyalty.Stay {
	return loyalty.Stay{
		PropertyID: "hh-lisbon", ReservationID: "R-1", StayID: "S-1", FolioID: "F-1",
		Arrival: date("2026-12-18"), Departure: date("2026-12-21"), CheckedOut: true,
		Lines: []loyalty.Line{
			line(events.RevenueRoom, eur(68700)),
			line(events.RevenueFoodBeverage, eur(9450)),
			line(events.RevenueSpa, eur(12000)),
		},
	}
}

func eurRate(points, per int64) map[string]loyalty.Rate {
	return map[string]loyalty.Rate{"EUR": {Points: points, Per: per}}
}

// pointsByRule flattens an earning for comparison.
func pointsByRule(e loyalty.Earning) map[string]int64 {
	out := make(map[string]int64, len(e.Accruals))
	for _, a := range e.Accruals {
		out[a.Rule] += a.Points
	}
	return out
}

func equalPoints(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func cash(currency string, minor int64) money.Money {
	return money.Money{Amount: minor, Currency: currency}
}
