package accounts_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/accounts"
	"github.com/hearthcrm/hearth/shared/guest360"
)

var at = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func TestNormaliseChecksEveryRule(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		a     accounts.Account
		field string
	}{
		{"unknown kind", accounts.Account{Kind: "club", Name: "X"}, "kind"},
		{"no name", accounts.Account{Kind: "company", Name: "   "}, "name"},
		{"long name", accounts.Account{Kind: "company", Name: string(make([]rune, 151))}, "name"},
		{"bad IATA", accounts.Account{Kind: "agency", Name: "X", Codes: []accounts.Code{{Context: "iata", Value: "12AB"}}}, "codes[0].value"},
		{"empty code", accounts.Account{Kind: "agency", Name: "X", Codes: []accounts.Code{{Context: "CRS"}}}, "codes[0]"},
		{"hash in context", accounts.Account{Kind: "agency", Name: "X", Codes: []accounts.Code{{Context: "A#B", Value: "1"}}}, "codes[0]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := c.a.Normalise()
			var fe *accounts.FieldError
			if !errors.Is(err, accounts.ErrInvalid) || !errors.As(err, &fe) || fe.Field != c.field {
				t.Fatalf("err = %v, want ErrInvalid on %s", err, c.field)
			}
		})
	}
	a := accounts.Account{Kind: "agency", Name: "  Wanderlust   Travel ", Codes: []accounts.Code{{Context: "iata", Value: "12345678"}, {Context: "IATA", Value: "12345678"}}}
	if err := a.Normalise(); err != nil {
		t.Fatal(err)
	}
	if a.Name != "Wanderlust Travel" || !reflect.DeepEqual(a.Codes, []accounts.Code{{Context: "IATA", Value: "12345678"}}) {
		t.Fatalf("normalised = %+v", a)
	}
}

func TestRolesBelongToKinds(t *testing.T) {
	t.Parallel()
	for _, ok := range [][2]string{{"company", "traveller"}, {"agency", "client"}, {"household", "partner"}, {"household", "child"}, {"household", "member"}} {
		if err := accounts.ValidRole(ok[0], ok[1]); err != nil {
			t.Errorf("%v: %v", ok, err)
		}
	}
	for _, bad := range [][2]string{{"company", "child"}, {"household", "traveller"}, {"agency", ""}, {"club", "member"}} {
		if err := accounts.ValidRole(bad[0], bad[1]); !errors.Is(err, accounts.ErrInvalidRole) {
			t.Errorf("%v: %v, want ErrInvalidRole", bad, err)
		}
	}
}

// TestSnapshotsAreFoundByIATAThenSourceIDThenName: an agency's IATA number finds it from any hotel; a company's
// profile id only within its PMS; the derived id is the same for the same best key.
func TestSnapshotsAreFoundByIATAThenSourceIDThenName(t *testing.T) {
	t.Parallel()
	agency, keys := accounts.FromSnapshot("agency", "hh-lisbon-pms", events.AccountSnapshot{SourceAccountID: "TA-77", Name: "Wanderlust", IATA: "12345678"}, at)
	if !reflect.DeepEqual(keys, []string{"IATA#12345678", "hh-lisbon-pms#TA-77"}) {
		t.Fatalf("keys = %v", keys)
	}
	elsewhere, _ := accounts.FromSnapshot("agency", "hh-london-pms", events.AccountSnapshot{SourceAccountID: "9", Name: "Wanderlust Ltd", IATA: "12345678"}, at)
	if agency.ID != elsewhere.ID {
		t.Fatalf("one IATA number, two ids: %s, %s", agency.ID, elsewhere.ID)
	}
	c1, _ := accounts.FromSnapshot("company", "hh-lisbon-pms", events.AccountSnapshot{SourceAccountID: "C-1", Name: "Acme"}, at)
	c2, _ := accounts.FromSnapshot("company", "hh-london-pms", events.AccountSnapshot{SourceAccountID: "C-1", Name: "Acme"}, at)
	if c1.ID == c2.ID {
		t.Fatal("two PMSs' profile ids are not the same account")
	}
	named, keys := accounts.FromSnapshot("company", "hh-lisbon-pms", events.AccountSnapshot{Name: "Açme  Lda"}, at)
	if !reflect.DeepEqual(keys, []string{"NAME#hh-lisbon-pms#company#acme lda"}) || named.Name != "Açme Lda" || len(named.Codes) != 0 {
		t.Fatalf("by name: %v %+v", keys, named)
	}
	noName, _ := accounts.FromSnapshot("company", "s", events.AccountSnapshot{SourceAccountID: "C-9"}, at)
	if noName.Name != "C-9" {
		t.Fatalf("unnamed account shows as %q", noName.Name)
	}
}

func stay(key, guest, property, cur string, nights int, dep string, rev map[string]int64) accounts.Stay {
	return accounts.Stay{Key: key, GuestID: guest, PropertyID: property, Reference: key, Arrival: "2026-01-01", Departure: dep, Nights: nights, Revenue: rev, Currency: cur}
}

// TestFiguresKeepCurrenciesApartAndShareInBasisPoints: revenue per currency and category, per property, and each
// member's share of each currency's revenue; merged-in guests' stays count for the row they show under.
func TestFiguresKeepCurrenciesApartAndShareInBasisPoints(t *testing.T) {
	t.Parallel()
	stays := []accounts.Stay{
		stay("s1", "A", "hh-lisbon", "EUR", 2, "2026-03-02", map[string]int64{"room": 20000, "food_beverage": 1000}),
		stay("s2", "B", "hh-lisbon", "EUR", 1, "2026-05-01", map[string]int64{"room": 9000}),
		stay("s3", "C", "hh-london", "GBP", 3, "2026-04-01", map[string]int64{"room": 30000}),
		stay("s4", "", "hh-london", "GBP", 1, "2026-06-01", map[string]int64{"room": 10000}), // an unmatched guest
	}
	s := accounts.Summarise(stays)
	if s.Stays != 4 || s.Nights != 7 || s.FirstStay != "2026-01-01" || s.LastStay != "2026-06-01" {
		t.Fatalf("stats = %+v", s)
	}
	if !reflect.DeepEqual(s.Revenue, map[string]map[string]int64{"EUR": {"room": 29000, "food_beverage": 1000}, "GBP": {"room": 40000}}) {
		t.Fatalf("revenue = %v", s.Revenue)
	}
	if p := s.ByProperty["hh-london"]; p.Stays != 2 || p.Nights != 4 || p.Revenue["GBP"] != 40000 || len(p.Revenue) != 1 {
		t.Fatalf("london = %+v", p)
	}
	members := accounts.Members([]accounts.Member{
		{GuestID: "C", Name: "Carla", Role: "traveller", Origins: []string{"C"}},
		{GuestID: "A", Name: "Ana", Role: "traveller", Origins: []string{"A", "B"}}, // B was merged into A
	}, stays)
	if members[1].GuestID != "C" || members[1].Share["GBP"] != 7500 || members[1].Revenue["GBP"] != 30000 {
		t.Fatalf("second member = %+v", members[1])
	}
	if a := members[0]; a.Stays != 2 || a.Revenue["EUR"] != 30000 || a.Share["EUR"] != 10000 || a.Share["GBP"] != 0 {
		t.Fatalf("Ana = %+v", a)
	}
	if got := accounts.Share(map[string]int64{"EUR": 1}, map[string]int64{"EUR": 3, "JPY": 0}); !reflect.DeepEqual(got, map[string]int64{"EUR": 3333}) {
		t.Fatalf("share = %v", got)
	}
	if got := accounts.Share(map[string]int64{"EUR": 2}, map[string]int64{"EUR": 3}); got["EUR"] != 6667 {
		t.Fatalf("share rounds half up: %v", got)
	}
	link := accounts.GuestLink(accounts.Account{ID: "AC-1", Kind: "company", Name: "Acme"}, "traveller", at, []string{"A", "B"}, stays,
		map[string]int64{"EUR": 60000, "USD": 5000})
	if link.Stays != 2 || link.Revenue["EUR"] != 30000 || !reflect.DeepEqual(link.ShareOfGuestRevenue, map[string]int64{"EUR": 5000, "USD": 0}) {
		t.Fatalf("link = %+v", link)
	}
	visible := accounts.Filter(stays, func(p string) bool { return p == "hh-lisbon" })
	if len(visible) != 2 || accounts.Summarise(visible).Revenue["GBP"] != nil {
		t.Fatalf("filtered = %v", visible)
	}
}

func TestHouseholdHistoryIsItsMembersStaysOnce(t *testing.T) {
	t.Parallel()
	v := func(key, kind string) guest360.Visit {
		return guest360.Visit{Key: key, Kind: kind, PropertyID: "hh-lisbon", Departure: "2026-02-02", Nights: 1, Revenue: map[string]int64{"room": 100}, Currency: "EUR"}
	}
	stays := accounts.HouseholdStays(map[string][]guest360.Visit{
		"A": {v("k1", "stay"), v("k2", "check"), v("k3", "stay")},
		"B": {v("k3", "stay"), v("k4", "stay")}, // k3: both were on it (shown once)
	})
	keys := []string{}
	for _, s := range stays {
		keys = append(keys, s.Key+"/"+s.GuestID)
	}
	if !reflect.DeepEqual(keys, []string{"k1/A", "k3/A", "k4/B"}) {
		t.Fatalf("household stays = %v", keys)
	}
}

func TestLinksListHouseholdsFirst(t *testing.T) {
	t.Parallel()
	links := []accounts.Link{{Kind: "company", Name: "Zeta"}, {Kind: "agency", Name: "alpha"}, {Kind: "household", Name: "Sousa family"}}
	accounts.SortLinks(links)
	if links[0].Kind != "household" || links[1].Name != "alpha" || links[2].Name != "Zeta" {
		t.Fatalf("links = %+v", links)
	}
}

func TestTokensFoldNamesAndCodes(t *testing.T) {
	t.Parallel()
	got := accounts.Tokens(accounts.Account{Name: "Acme Logística", Codes: []accounts.Code{{Context: "IATA", Value: "12345678"}, {Context: "CRS", Value: "ACME-01"}}})
	if !reflect.DeepEqual(got, []string{"acme logistica", "acme", "logistica", "12345678", "acme01"}) {
		t.Fatalf("tokens = %v", got)
	}
}
