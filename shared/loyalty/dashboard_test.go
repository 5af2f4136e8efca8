package loyalty_test

import (
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

func TestBuildDashboard(t *testing.T) {
	t.Parallel()
	e := newEngine(t, programme())
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	today := date("2026-11-24")
	m := func(id, tier, enrolled, since string, status loyalty.MemberStatus) loyalty.Member {
		return loyalty.Member{ID: id, GuestID: "G-" + id, Number: loyalty.MembershipNumber("HH" + id), Status: status, Tier: tier,
			EnrolledOn: date(enrolled), TierSince: date(since)}
	}
	merged := m("5", "gold", "2026-10-01", "2026-10-01", loyalty.MemberActive)
	merged.MergedInto = "G-1"
	facts := []loyalty.MemberFacts{
		{Member: m("1", "member", "2024-03-01", "2024-03-01", loyalty.MemberActive), Available: 1000, Pending: 200, Held: 100,
			Lots:     []loyalty.ExpiringLot{{Points: 300, ExpiresOn: date("2026-12-31")}, {Points: 700, ExpiresOn: date("2027-06-30")}},
			Progress: loyalty.Progress{Next: "silver", Have: loyalty.Totals{Nights: 8}, Need: loyalty.Qualification{Nights: 10, Stays: 5}, Missing: loyalty.Totals{Nights: 2, Stays: 5}}},
		{Member: m("2", "silver", "2026-02-10", "2026-05-01", loyalty.MemberActive), Available: 500,
			Lots:     []loyalty.ExpiringLot{{Points: 500, ExpiresOn: date("2027-01-15")}},
			Progress: loyalty.Progress{Next: "gold", Have: loyalty.Totals{Nights: 5}, Need: loyalty.Qualification{Nights: 25}}},
		{Member: m("3", "gold", "2025-01-10", "2025-02-01", loyalty.MemberActive)}, // upgraded before the window
		{Member: m("4", "member", "2026-11-02", "2026-11-02", loyalty.MemberInactive)},
		{Member: merged, Available: 99999}, // merged away: its points moved, it is not counted
	}
	d := e.BuildDashboard(facts, at, today)
	if d.Members != (loyalty.MemberCounts{Total: 4, Active: 3, Inactive: 1}) {
		t.Errorf("members %+v", d.Members)
	}
	if d.Points != (loyalty.PointsOwed{InCirculation: 1800, Available: 1500, Pending: 200, Held: 100}) {
		t.Errorf("points %+v", d.Points)
	}
	if len(d.Trend) != 12 || d.Trend[0].Month != "2025-12" || d.Trend[11].Month != "2026-11" || d.Trend[0].Members != 2 ||
		d.Trend[2].Enrolled != 1 || d.Trend[11].Members != 4 || d.Trend[11].Enrolled != 1 {
		t.Errorf("trend %+v", d.Trend)
	}
	counts := map[string]int{}
	for _, tc := range d.Tiers {
		counts[tc.Tier] = tc.Members
	}
	if len(d.Tiers) != 6 || d.Tiers[0].Tier != "member" || counts["member"] != 2 || counts["silver"] != 1 || counts["gold"] != 1 {
		t.Errorf("tiers %+v", d.Tiers)
	}
	if len(d.CloseToNext) != 1 || d.CloseToNext[0].GuestID != "G-1" || d.CloseToNext[0].Percent != 80 || d.CloseToNext[0].Next != "silver" {
		t.Errorf("close to next %+v", d.CloseToNext)
	}
	if d.Expiring.Points != 800 || d.Expiring.Members != 2 || len(d.Expiring.ByMonth) != 2 || d.Expiring.ByMonth[0] != (loyalty.MonthlyPoints{Month: "2026-12", Points: 300}) {
		t.Errorf("expiring %+v", d.Expiring)
	}
	if d.Upgrades.Upgraded != 1 || d.Upgrades.Members != 3 || d.Upgrades.BasisPoints != 3333 {
		t.Errorf("upgrades %+v", d.Upgrades)
	}
}
