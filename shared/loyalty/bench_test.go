package loyalty_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// benchProgramme is a realistic group programme: base points per night and per spend (room net, F&B and spa
// gross), a stay bonus, a date-range bonus, tier multipliers, a budgeted promotion and a property override.
func benchProgramme() loyalty.Programme {
	rates := map[string]loyalty.Rate{"EUR": {Points: 10, Per: 100}, "JPY": {Points: 10, Per: 150}, "GBP": {Points: 12, Per: 100}}
	p := programme(
		loyalty.Rule{ID: "nights", Kind: loyalty.PerNight, Points: 100, Qualifying: true, Multiplied: true},
		loyalty.Rule{ID: "room", Kind: loyalty.PerSpend, Basis: loyalty.BasisRoom, Tax: loyalty.Net, Rates: rates, Qualifying: true, Multiplied: true},
		loyalty.Rule{ID: "outlets", Kind: loyalty.PerSpend, Basis: loyalty.BasisCategories, Categories: []string{events.RevenueFoodBeverage, events.RevenueSpa}, Rates: rates, Qualifying: true, Multiplied: true},
		loyalty.Rule{ID: "stay", Kind: loyalty.PerStay, Points: 250, MinNights: 2},
		loyalty.Rule{ID: "y2027", Kind: loyalty.DateBonus, Points: 500, From: date("2027-01-01"), To: date("2027-12-31")},
	)
	p.Earning.Revenue.Codes = map[string]bool{"MINIBAR": true, "TOBACCO": false}
	p.Earning.TierMultipliers = map[string]int64{"silver": 12500, "gold": 15000, "platinum": 20000}
	p.Earning.Unbundled = map[string]bool{"BB-SPA": true}
	p.Earning.PendingDays = 3
	p.Expiry = loyalty.ExpiryPolicy{Months: 24, EndOfMonth: true}
	p.Earning.Promotions = []loyalty.Promotion{{ID: "winter", From: date("2026-12-01"), To: date("2027-02-28"), PerNight: 200, Budget: 1 << 40, MemberCap: 10000}}
	p.Properties = map[string]loyalty.PropertyOverride{"hh-tokyo": {Zone: mustZone("Asia/Tokyo"), Rules: []loyalty.Rule{{ID: "stay", Kind: loyalty.PerStay, Points: 400}}}}
	return p
}

// benchStays returns n stays of 5 to 10 folio lines (room nights, F&B, spa, minibar, a package, an occasional
// refund) in EUR or JPY, departing across 2026 and 2027.
func benchStays(n int) []loyalty.Stay {
	r := rand.New(rand.NewPCG(42, 7))
	out := make([]loyalty.Stay, n)
	for i := range out {
		cur, scale, prop := "EUR", int64(1), "hh-lisbon"
		if i%4 == 0 {
			cur, scale, prop = "JPY", 1, "hh-tokyo"
		}
		amt := func(eurCents int64) loyalty.Line {
			if cur == "JPY" {
				return loyalty.Line{Amount: cash(cur, eurCents*scale*16/10)}
			}
			return loyalty.Line{Amount: cash(cur, eurCents)}
		}
		nightsN := 1 + r.IntN(6)
		arr := date("2026-06-01").AddDays(r.IntN(540))
		s := loyalty.Stay{
			PropertyID: prop, ReservationID: fmt.Sprintf("R-%d", i), StayID: fmt.Sprintf("S-%d", i), FolioID: fmt.Sprintf("F-%d", i),
			Arrival: arr, Departure: arr.AddDays(nightsN), CheckedOut: true,
		}
		lines := 5 + r.IntN(6)
		for j := 0; j < lines; j++ {
			var l loyalty.Line
			switch k := j % 6; {
			case k == 0 || k == 3:
				l = amt(15000 + int64(r.IntN(30000)))
				l.Category, l.Tax = events.RevenueRoom, cash(cur, l.Amount.Amount/10)
			case k == 1:
				l = amt(2000 + int64(r.IntN(8000)))
				l.Category = events.RevenueFoodBeverage
			case k == 2:
				l = amt(int64(r.IntN(12000)))
				l.Category, l.Code = events.RevenueSpa, "SPA60"
			case k == 4 && j%2 == 0:
				l = amt(-2000)
				l.Category = events.RevenueRoom
			case k == 4:
				l = amt(600)
				l.Category, l.Code = events.RevenueOther, "MINIBAR"
			default:
				l = amt(30000)
				room, fb := amt(24000), amt(6000)
				room.Category, fb.Category = events.RevenueRoom, events.RevenueFoodBeverage
				l.Category, l.Package, l.Components = events.RevenueRoom, "BB-SPA", []loyalty.Line{room, fb}
			}
			s.Lines = append(s.Lines, l)
		}
		out[i] = s
	}
	return out
}

// BenchmarkEarn earns realistic stays (5–10 folio lines, seven rules, tier bonus and a promotion) and reports
// postings/s: accruals computed per second on one goroutine (the target is ≥ 50,000/s per core).
func BenchmarkEarn(b *testing.B) {
	e := newEngine(b, benchProgramme())
	stays := benchStays(1024)
	members := []loyalty.Member{member("member"), member("silver"), member("gold"), member("platinum")}
	usage := map[string]loyalty.PromotionUsage{"winter": {BudgetUsed: 1000, MemberUsed: 800}}
	var accruals, n int
	b.ReportAllocs()
	for b.Loop() {
		got, err := e.EarnStay(members[n%len(members)], stays[n%len(stays)], usage)
		if err != nil {
			b.Fatal(err)
		}
		accruals += len(got.Accruals)
		n++
	}
	b.ReportMetric(float64(accruals)/b.Elapsed().Seconds(), "postings/s")
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "stays/s")
	b.ReportMetric(float64(accruals)/float64(n), "postings/stay")
}
