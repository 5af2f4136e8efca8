package loyalty

import (
	"slices"
	"time"
)

// Dashboard is the programme at a glance, as loyalty managers follow it: membership and its growth, points owed,
// the tier mix, who is close to the next tier, points about to expire and how many members moved up.
type Dashboard struct {
	AsOf        time.Time      `json:"asOf"`
	Members     MemberCounts   `json:"members"`
	Trend       []MonthMembers `json:"trend"` // the last 12 months, oldest first
	Points      PointsOwed     `json:"points"`
	Tiers       []TierCount    `json:"tiers"` // every tier of the programme, lowest first
	CloseToNext []NearNextTier `json:"closeToNext"`
	Expiring    ExpiringPoints `json:"expiring"`
	Upgrades    UpgradeRate    `json:"upgrades"`
}

// MemberCounts counts memberships; those merged into another guest's are not counted (their points moved).
type MemberCounts struct {
	Total    int `json:"total"`
	Active   int `json:"active"`
	Inactive int `json:"inactive"`
}

// MonthMembers is one month of the trend: members enrolled by its end, and how many enrolled in it.
type MonthMembers struct {
	Month    string `json:"month"` // YYYY-MM
	Members  int    `json:"members"`
	Enrolled int    `json:"enrolled"`
}

// PointsOwed is the points liability: everything on members' accounts, of which some is pending (not yet
// spendable) and some reserved by holds.
type PointsOwed struct {
	InCirculation int64 `json:"inCirculation"`
	Available     int64 `json:"available"`
	Pending       int64 `json:"pending"`
	Held          int64 `json:"held"`
}

// TierCount is how many members hold a tier.
type TierCount struct {
	Tier    string `json:"tier"`
	Name    string `json:"name"`
	Members int    `json:"members"`
}

// NearNextTier is a member who has done most of what the next tier asks.
type NearNextTier struct {
	GuestID string `json:"guestId"`
	Number  string `json:"number"`
	Tier    string `json:"tier"`
	Next    string `json:"next"`
	Percent int    `json:"percent"` // of the closest threshold, 0-99
	Missing Totals `json:"missing"`
}

// ExpiringPoints are the points whose lots expire within Days of the dashboard's day.
type ExpiringPoints struct {
	Days    int             `json:"days"`
	Points  int64           `json:"points"`
	Members int             `json:"members"`
	ByMonth []MonthlyPoints `json:"byMonth"`
}

// MonthlyPoints are points expiring in one month.
type MonthlyPoints struct {
	Month  string `json:"month"`
	Points int64  `json:"points"`
}

// UpgradeRate is the share of active members who reached their tier above the base level within the window.
type UpgradeRate struct {
	WindowMonths int `json:"windowMonths"`
	Upgraded     int `json:"upgraded"`
	Members      int `json:"members"`
	BasisPoints  int `json:"basisPoints"` // Upgraded / Members × 10,000
}

// MemberFacts is what the dashboard needs of one member.
type MemberFacts struct {
	Member    Member
	Available int64
	Pending   int64
	Held      int64
	Lots      []ExpiringLot
	Progress  Progress
}

// ExpiringLot is a remainder of points and its expiry day.
type ExpiringLot struct {
	Points    int64
	ExpiresOn Date
}

// Dashboard limits.
const (
	DashboardExpiryDays  = 90 // "expiring soon", as the membership shows it
	DashboardNearPercent = 75 // members this far or further towards the next tier are "close"
	DashboardNearMax     = 20
	dashboardMonths      = 12
)

// BuildDashboard sums the members' facts as of today (the programme's business day).
func (e *Engine) BuildDashboard(facts []MemberFacts, at time.Time, today Date) Dashboard {
	d := Dashboard{AsOf: at.UTC(), Trend: []MonthMembers{}, CloseToNext: []NearNextTier{}, Expiring: ExpiringPoints{Days: DashboardExpiryDays, ByMonth: []MonthlyPoints{}}}
	counts := map[string]int{}
	months := make([]string, dashboardMonths)
	y, m, _ := today.Civil()
	for i := range months {
		months[i] = time.Date(y, m-time.Month(dashboardMonths-1-i), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	}
	enrolled := map[string]int{}
	horizon := today.AddDays(DashboardExpiryDays)
	windowStart := time.Date(y, m-dashboardMonths, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	expiring := map[string]int64{}
	base := ""
	if len(e.tiers.tiers) > 0 {
		base = e.tiers.tiers[0].ID
	}
	for _, f := range facts {
		mb := f.Member
		if mb.MergedInto != "" {
			continue
		}
		d.Members.Total++
		if mb.Status == MemberInactive {
			d.Members.Inactive++
		} else {
			d.Members.Active++
		}
		if on := mb.EnrolledOn.String(); on != "" {
			enrolled[on[:7]]++
		}
		counts[mb.Tier]++
		d.Points.Available += f.Available
		d.Points.Pending += f.Pending
		d.Points.Held += f.Held
		d.Points.InCirculation += f.Available + f.Pending + f.Held // Available is net of holds; held points are owed too
		soon := int64(0)
		for _, l := range f.Lots {
			if !l.ExpiresOn.IsZero() && l.ExpiresOn <= horizon && l.ExpiresOn >= today {
				soon += l.Points
				expiring[l.ExpiresOn.String()[:7]] += l.Points
			}
		}
		if soon > 0 {
			d.Expiring.Points += soon
			d.Expiring.Members++
		}
		if mb.Status != MemberInactive && mb.Tier != base && mb.TierSince.String() >= windowStart {
			d.Upgrades.Upgraded++
		}
		if p := progressPercent(f.Progress); f.Progress.Next != "" && p >= DashboardNearPercent {
			d.CloseToNext = append(d.CloseToNext, NearNextTier{GuestID: mb.GuestID, Number: string(mb.Number), Tier: mb.Tier,
				Next: f.Progress.Next, Percent: p, Missing: f.Progress.Missing})
		}
	}
	running := 0
	for k, n := range enrolled {
		if k < months[0] {
			running += n
		}
	}
	for _, month := range months {
		running += enrolled[month]
		d.Trend = append(d.Trend, MonthMembers{Month: month, Members: running, Enrolled: enrolled[month]})
	}
	for _, t := range e.tiers.tiers {
		name := t.Name
		if name == "" {
			name = t.ID
		}
		d.Tiers = append(d.Tiers, TierCount{Tier: t.ID, Name: name, Members: counts[t.ID]})
	}
	for _, month := range sortedKeys(expiring) {
		d.Expiring.ByMonth = append(d.Expiring.ByMonth, MonthlyPoints{Month: month, Points: expiring[month]})
	}
	slices.SortStableFunc(d.CloseToNext, func(a, b NearNextTier) int { return b.Percent - a.Percent })
	d.CloseToNext = d.CloseToNext[:min(len(d.CloseToNext), DashboardNearMax)]
	d.Upgrades.WindowMonths, d.Upgrades.Members = dashboardMonths, d.Members.Active
	if d.Members.Active > 0 {
		d.Upgrades.BasisPoints = d.Upgrades.Upgraded * 10000 / d.Members.Active
	}
	return d
}

// progressPercent is how far the member is towards the closest threshold of the next tier, below 100.
func progressPercent(p Progress) int {
	best := 0
	for _, pair := range [][2]int64{{p.Have.Nights, p.Need.Nights}, {p.Have.Stays, p.Need.Stays}, {p.Have.Points, p.Need.Points}} {
		if pair[1] > 0 {
			best = max(best, int(min(pair[0]*100/pair[1], 99)))
		}
	}
	return best
}
