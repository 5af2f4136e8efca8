package rewards

import (
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// DemoProgramme is the programme `hearth dev` and a fresh deployment start with: room revenue earns 10 points per
// unit of currency, food, drink and spa 5, every stay 250 more; points expire at the end of the month two years
// after they were earned and become spendable two days after departure. Groups replace it with their own.
func DemoProgramme() loyalty.Programme {
	per := func(points int64) map[string]loyalty.Rate {
		return map[string]loyalty.Rate{
			"EUR": {Points: points, Per: 100}, "GBP": {Points: points, Per: 100}, "USD": {Points: points, Per: 100},
			"JPY": {Points: points, Per: 150},
		}
	}
	return loyalty.Programme{
		ID: "hearth-rewards", Zone: time.UTC,
		Earning: loyalty.EarningRules{
			Rules: []loyalty.Rule{
				{ID: "room", Kind: loyalty.PerSpend, Label: "Room revenue", Basis: loyalty.BasisRoom, Rates: per(10), Qualifying: true, Multiplied: true},
				{ID: "outlets", Kind: loyalty.PerSpend, Label: "Dining and spa", Basis: loyalty.BasisCategories,
					Categories: []string{events.RevenueFoodBeverage, events.RevenueSpa}, Rates: per(5), Qualifying: true, Multiplied: true},
				{ID: "stay", Kind: loyalty.PerStay, Label: "Stay bonus", Points: 250, Qualifying: true},
			},
			Revenue: loyalty.RevenueSwitch{Categories: map[string]bool{
				events.RevenueRoom: true, events.RevenueFoodBeverage: true, events.RevenueSpa: true,
			}},
			TierMultipliers: map[string]int64{"gold": 15000},
			PendingDays:     2,
		},
		Tiers: loyalty.TierPolicy{Tiers: []loyalty.Tier{
			{ID: "member", Name: "Member", Order: 1, Benefits: []string{"wifi"}},
			{ID: "silver", Name: "Silver", Order: 3, Qualify: loyalty.Qualification{Nights: 10}, Benefits: []string{"late-checkout"}},
			{ID: "gold", Name: "Gold", Order: 6, Qualify: loyalty.Qualification{Nights: 30, Points: 60000}, Benefits: []string{"upgrade", "lounge"}},
		}},
		Expiry: loyalty.ExpiryPolicy{Months: 24, EndOfMonth: true},
	}
}

// DemoStoredValuePolicy is the gift card terms `hearth dev` and a fresh deployment start with: no maintenance fee,
// cards valid five years after sale (an expired balance moves to the breakage house account), and a balance cap
// per currency in line with common prepaid-instrument limits.
func DemoStoredValuePolicy() loyalty.StoredValuePolicy {
	return loyalty.StoredValuePolicy{
		ExpiryYears: 5, HouseAccount: "gift-card-breakage",
		MaxBalance: map[string]int64{"EUR": 500000, "GBP": 500000, "USD": 500000, "JPY": 50000000},
	}
}
