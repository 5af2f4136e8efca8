package accounts

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/shared/guest360"
)

// Stay is one stay in an account's history: for a company or an agency a stay booked through it, for a household
// a stay of one of its members.
type Stay struct {
	Key        string           `json:"key"` // the source fact's idempotency key: a stay counts once
	GuestID    string           `json:"guestId,omitempty"`
	PropertyID string           `json:"propertyId"`
	Reference  string           `json:"reference"`
	Arrival    string           `json:"arrival,omitempty"`
	Departure  string           `json:"departure"`
	Nights     int              `json:"nights"`
	Revenue    map[string]int64 `json:"revenue"` // by revenue category, minor units of Currency
	Currency   string           `json:"currency"`
}

// StayFromVisit is a guest's visit as an account's history shows it.
func StayFromVisit(v guest360.Visit, guestID string) Stay {
	return Stay{Key: v.Key, GuestID: guestID, PropertyID: v.PropertyID, Reference: v.Reference, Arrival: v.Arrival,
		Departure: v.Departure, Nights: v.Nights, Revenue: v.Revenue, Currency: v.Currency}
}

// Total is the stay's revenue over every category.
func (s Stay) Total() int64 {
	var n int64
	for _, v := range s.Revenue {
		n += v
	}
	return n
}

// Stats summarise an account's history.
type Stats struct {
	Stays      int                         `json:"stays"`
	Nights     int                         `json:"nights"`
	Revenue    map[string]map[string]int64 `json:"revenue"` // currency → category → minor units
	FirstStay  string                      `json:"firstStay,omitempty"`
	LastStay   string                      `json:"lastStay,omitempty"`
	ByProperty map[string]PropertyStats    `json:"byProperty"`
}

// PropertyStats are an account's figures at one property.
type PropertyStats struct {
	Stays   int              `json:"stays"`
	Nights  int              `json:"nights"`
	Revenue map[string]int64 `json:"revenue"` // currency → minor units
}

// Summarise computes an account's statistics from its stays.
func Summarise(stays []Stay) Stats {
	s := Stats{Revenue: map[string]map[string]int64{}, ByProperty: map[string]PropertyStats{}}
	for _, st := range stays {
		s.Stays++
		s.Nights += st.Nights
		if s.Revenue[st.Currency] == nil {
			s.Revenue[st.Currency] = map[string]int64{}
		}
		for cat, n := range st.Revenue {
			s.Revenue[st.Currency][cat] += n
		}
		if first := firstNonEmpty(st.Arrival, st.Departure); s.FirstStay == "" || first < s.FirstStay {
			s.FirstStay = first
		}
		if st.Departure > s.LastStay {
			s.LastStay = st.Departure
		}
		p := s.ByProperty[st.PropertyID]
		if p.Revenue == nil {
			p.Revenue = map[string]int64{}
		}
		p.Stays++
		p.Nights += st.Nights
		p.Revenue[st.Currency] += st.Total()
		s.ByProperty[st.PropertyID] = p
	}
	return s
}

// Totals adds up revenue over categories, per currency.
func Totals(byCategory map[string]map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for cur, cats := range byCategory {
		for _, n := range cats {
			out[cur] += n
		}
	}
	return out
}

// BasisPoints is the whole: 10000 basis points are 100 %.
const BasisPoints = 10000

// Share is part's fraction of whole per currency, in basis points (rounded half up). A currency whole has none of
// is left out: there is nothing to share.
func Share(part, whole map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for cur, w := range whole {
		if w <= 0 {
			continue
		}
		p := part[cur]
		out[cur] = (p*BasisPoints + w/2) / w
	}
	return out
}

// Member is a guest linked to an account, as the account's member list shows them: merged guests' links show
// under the guest they were merged into, so Origins lists every guest whose link (and stays) this row stands for.
type Member struct {
	GuestID    string
	Name       string
	Role       string
	Since      time.Time
	Origins    []string
	Properties []string // where the link was made or a stay through the account was
}

// MemberFigures is a member with their part of the account's history.
type MemberFigures struct {
	GuestID string           `json:"guestId"`
	Name    string           `json:"name,omitempty"`
	Role    string           `json:"role"`
	Since   time.Time        `json:"since"`
	Stays   int              `json:"stays"`
	Revenue map[string]int64 `json:"revenue"` // currency → minor units, every category
	// Share is the member's fraction of the account's revenue per currency, in basis points.
	Share map[string]int64 `json:"share"`
}

// Members computes each member's stays, revenue and share of the account's revenue, from the account's stays.
// Members are listed by stays, most first, then name.
func Members(members []Member, stays []Stay) []MemberFigures {
	whole := Totals(Summarise(stays).Revenue)
	out := make([]MemberFigures, 0, len(members))
	for _, m := range members {
		f := MemberFigures{GuestID: m.GuestID, Name: m.Name, Role: m.Role, Since: m.Since.UTC(), Revenue: map[string]int64{}}
		for _, s := range stays {
			if s.GuestID != "" && slices.Contains(m.Origins, s.GuestID) {
				f.Stays++
				f.Revenue[s.Currency] += s.Total()
			}
		}
		f.Share = Share(f.Revenue, whole)
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Stays != out[j].Stays {
			return out[i].Stays > out[j].Stays
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out
}

// Link is a guest's link to an account as Guest 360 shows it.
type Link struct {
	AccountID string           `json:"accountId"`
	Kind      string           `json:"kind"`
	Name      string           `json:"name"`
	Role      string           `json:"role"`
	Since     time.Time        `json:"since"`
	Stays     int              `json:"stays"`
	Revenue   map[string]int64 `json:"revenue"` // currency → minor units of the guest's stays through the account
	// ShareOfGuestRevenue is the fraction of the guest's own revenue that came through the account, per currency,
	// in basis points.
	ShareOfGuestRevenue map[string]int64 `json:"shareOfGuestRevenue"`
}

// GuestLink computes a guest's link figures: the stays of origins (the guest and those merged into them) in the
// account's history, against the guest's own revenue per currency.
func GuestLink(a Account, role string, since time.Time, origins []string, stays []Stay, guestRevenue map[string]int64) Link {
	l := Link{AccountID: a.ID, Kind: a.Kind, Name: a.Name, Role: role, Since: since.UTC(), Revenue: map[string]int64{}}
	for _, s := range stays {
		if s.GuestID != "" && slices.Contains(origins, s.GuestID) {
			l.Stays++
			l.Revenue[s.Currency] += s.Total()
		}
	}
	l.ShareOfGuestRevenue = Share(l.Revenue, guestRevenue)
	return l
}

// SortLinks puts households first, then companies and agencies by name.
func SortLinks(links []Link) {
	sort.SliceStable(links, func(i, j int) bool {
		hi, hj := links[i].Kind == KindHousehold, links[j].Kind == KindHousehold
		if hi != hj {
			return hi
		}
		return strings.ToLower(links[i].Name) < strings.ToLower(links[j].Name)
	})
}

// HouseholdStays is a household's history: its members' stays (from Guest 360), each once however many members
// show it (a merged member's stays show under the survivor too).
func HouseholdStays(visits map[string][]guest360.Visit) []Stay {
	seen := map[string]bool{}
	var out []Stay
	for _, guest := range slices.Sorted(maps.Keys(visits)) {
		for _, v := range visits[guest] {
			if v.Kind != "stay" || seen[v.Key] {
				continue
			}
			seen[v.Key] = true
			out = append(out, StayFromVisit(v, guest)) // the member it shows under, merged-in stays included
		}
	}
	return out
}

// Filter keeps the stays at properties visible says yes to (a property-scoped reader sees only theirs).
func Filter(stays []Stay, visible func(propertyID string) bool) []Stay {
	out := make([]Stay, 0, len(stays))
	for _, s := range stays {
		if visible(s.PropertyID) {
			out = append(out, s)
		}
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
