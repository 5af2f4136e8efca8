package identity_test

import (
	"math"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/identity"
)

func profile(t *testing.T, r identity.Record) identity.Profile {
	t.Helper()
	p, err := identity.NewNormalizer(identity.DefaultConfig()).Profile(r)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCompareLevels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		a, b    identity.Record
		field   identity.Field
		want    identity.Level
		swapped bool
	}{
		{"nickname", identity.Record{FirstName: "Bill"}, identity.Record{FirstName: "William"}, identity.FieldFirstName, identity.Alias, false},
		{"initial", identity.Record{FirstName: "J."}, identity.Record{FirstName: "John"}, identity.FieldFirstName, identity.Initial, false},
		{"typo", identity.Record{FirstName: "Jonathon"}, identity.Record{FirstName: "Jonathan"}, identity.FieldFirstName, identity.Close, false},
		{"two real names", identity.Record{FirstName: "Mark"}, identity.Record{FirstName: "Mary"}, identity.FieldFirstName, identity.Disagree, false},
		{"accents", identity.Record{LastName: "Núñez"}, identity.Record{LastName: "NUNEZ"}, identity.FieldLastName, identity.Exact, false},
		{"spaces", identity.Record{LastName: "Mac Leod"}, identity.Record{LastName: "macleod"}, identity.FieldLastName, identity.Exact, false},
		{"swapped", identity.Record{FirstName: "Smith", LastName: "John"}, identity.Record{FirstName: "John", LastName: "Smith"}, identity.FieldFirstName, identity.Exact, true},
		{"swapped nickname", identity.Record{FirstName: "Smith", LastName: "Bob"}, identity.Record{FirstName: "Robert", LastName: "Smith"}, identity.FieldFirstName, identity.Alias, true},
		{"dob swap", identity.Record{DateOfBirth: "1980-03-04"}, identity.Record{DateOfBirth: "19800403"}, identity.FieldDateOfBirth, identity.Close, false},
		{"dob year digit", identity.Record{DateOfBirth: "1980-03-04"}, identity.Record{DateOfBirth: "1990-03-04"}, identity.FieldDateOfBirth, identity.Close, false},
		{"dob other", identity.Record{DateOfBirth: "1980-03-04"}, identity.Record{DateOfBirth: "1975-11-20"}, identity.FieldDateOfBirth, identity.Disagree, false},
		{"email tag", identity.Record{Email: "ann+spa@x.com"}, identity.Record{Email: "ANN@x.com"}, identity.FieldEmail, identity.Exact, false},
		{"email typo", identity.Record{Email: "annabel.lee@x.com"}, identity.Record{Email: "anabel.lee@x.com"}, identity.FieldEmail, identity.Close, false},
		{"numbered mailboxes", identity.Record{Email: "annlee1@x.com"}, identity.Record{Email: "annlee2@x.com"}, identity.FieldEmail, identity.Disagree, false},
		{"relay email", identity.Record{Email: "a.1@guest.booking.com"}, identity.Record{Email: "a.1@guest.booking.com"}, identity.FieldEmail, identity.Missing, false},
		{"phone formats", identity.Record{Phone: "+1 (415) 555-0100"}, identity.Record{Phone: "4155550100"}, identity.FieldPhone, identity.Exact, false},
		{"phone typo", identity.Record{Phone: "4155550100"}, identity.Record{Phone: "4155550109"}, identity.FieldPhone, identity.Close, false},
		{"address abbreviations", identity.Record{Address1: "12 High St."}, identity.Record{Address1: "12 high street"}, identity.FieldAddress1, identity.Exact, false},
		{"address typo", identity.Record{Address1: "12 Highfield Crescent"}, identity.Record{Address1: "12 Highfeild Crescent"}, identity.FieldAddress1, identity.Close, false},
		{"house number", identity.Record{Address1: "12 High St"}, identity.Record{Address1: "21 High St"}, identity.FieldAddress1, identity.Similar, false},
		{"postcode typo", identity.Record{Postcode: "2602"}, identity.Record{Postcode: "2620"}, identity.FieldPostcode, identity.Close, false},
		{"id typo", identity.Record{IDNumber: "X1234567"}, identity.Record{IDNumber: "x1234568"}, identity.FieldIDNumber, identity.Close, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, b := profile(t, tc.a), profile(t, tc.b)
			c := identity.Compare(&a, &b)
			if c.Levels[tc.field] != tc.want || c.Swapped != tc.swapped {
				t.Errorf("%s: %s swapped=%v, want %s swapped=%v", tc.field, c.Levels[tc.field], c.Swapped, tc.want, tc.swapped)
			}
		})
	}
}

func TestScoreExplains(t *testing.T) {
	t.Parallel()
	m := identity.DefaultModel()
	a := profile(t, identity.Record{ID: "a", FirstName: "Bill", LastName: "Smith", Email: "bill.smith+hotel@outlook.com", Phone: "(415) 555-0188"})
	b := profile(t, identity.Record{ID: "b", FirstName: "William", LastName: "Smith", Email: "Bill.Smith@outlook.com", DateOfBirth: "1970-01-02"})
	s := m.Score(&a, &b)
	if s.Decision != identity.Merge || s.Conflict != "" {
		t.Fatalf("want merge: %s", s)
	}
	sum := s.Prior
	for _, c := range s.Fields {
		sum += c.Weight
		if c.Level == identity.Missing && c.Weight != 0 {
			t.Errorf("%s missing but weighs %v", c.Field, c.Weight)
		}
	}
	if math.Abs(sum-s.Total) > 1e-9 {
		t.Errorf("contributions sum to %v, total %v", sum, s.Total)
	}
	if s.Fields[identity.FieldFirstName].Level != identity.Alias || s.Fields[identity.FieldEmail].Level != identity.Exact {
		t.Errorf("levels: %s", s)
	}
	for _, want := range []string{"merge", "first_name:alias", "email:exact", "prior:"} {
		if !strings.Contains(s.String(), want) {
			t.Errorf("explanation %q lacks %q", s, want)
		}
	}
}

func TestScoreConflicts(t *testing.T) {
	t.Parallel()
	m := identity.DefaultModel()
	home := identity.Record{LastName: "Smith", Phone: "(415) 555-0188", Address1: "12 High St", City: "Springfield",
		Postcode: "12345", State: "IL", CardHash: "c0ffee"}
	with := func(r identity.Record, f func(*identity.Record)) identity.Record { f(&r); return r }
	tests := []struct {
		name     string
		a, b     identity.Record
		conflict string
	}{
		{"housemates", with(home, func(r *identity.Record) { r.FirstName = "John" }), with(home, func(r *identity.Record) { r.FirstName = "Mary" }), "given names differ"},
		{"housemate without a given name", with(home, func(r *identity.Record) { r.FirstName = "John" }), home, "given name is missing"},
		{"initial only", with(home, func(r *identity.Record) { r.FirstName = "John" }), with(home, func(r *identity.Record) { r.FirstName = "J" }), "given name is missing or an initial"},
		{"parent and child", with(home, func(r *identity.Record) { r.FirstName = "Bill"; r.DateOfBirth = "19600101" }),
			with(home, func(r *identity.Record) { r.FirstName = "William"; r.DateOfBirth = "19921231" }), "dates of birth differ"},
		{"colleagues", identity.Record{FirstName: "Ann", LastName: "Lee", CardHash: "corp", Phone: "2125550111"},
			identity.Record{FirstName: "Ann", LastName: "Kim", CardHash: "corp", Phone: "2125550111"}, "last names differ"},
		{"same guest, passport vouches", with(home, func(r *identity.Record) { r.FirstName = "John"; r.IDNumber = "P1234567" }),
			with(home, func(r *identity.Record) { r.FirstName = "Jack"; r.IDNumber = "P1234567" }), ""},
		{"same guest", with(home, func(r *identity.Record) { r.FirstName = "John" }), with(home, func(r *identity.Record) { r.FirstName = "Jon" }), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, b := profile(t, tc.a), profile(t, tc.b)
			s := m.Score(&a, &b)
			if tc.conflict == "" && s.Conflict != "" || !strings.Contains(s.Conflict, tc.conflict) {
				t.Errorf("conflict %q, want %q (%s)", s.Conflict, tc.conflict, s)
			}
			if s.Conflict != "" && s.Decision == identity.Merge {
				t.Errorf("a conflict may not merge: %s", s)
			}
		})
	}
}

func TestPMSRule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		a, b     identity.Record
		decision identity.Decision
		conflict bool
	}{
		{"same card", identity.Record{LastName: "Lee", CardHash: "c1", Phone: "4155550100"}, identity.Record{LastName: "LEE", CardHash: "c1", Phone: "4155550199"}, identity.Merge, false},
		{"card decides before phone", identity.Record{LastName: "Lee", CardHash: "c1", Phone: "4155550100"}, identity.Record{LastName: "Lee", CardHash: "c2", Phone: "4155550100"}, identity.New, true},
		{"phone when no card", identity.Record{LastName: "Lee", Phone: "(415) 555-0100"}, identity.Record{LastName: "Lee", CardHash: "c2", Phone: "4155550100"}, identity.Merge, false},
		{"address when no phone", identity.Record{LastName: "Lee", Address1: "1 High St"}, identity.Record{LastName: "Lee", Address1: "1 HIGH STREET"}, identity.Merge, false},
		{"other last name", identity.Record{LastName: "Lee", CardHash: "c1"}, identity.Record{LastName: "Kim", CardHash: "c1"}, identity.New, true},
		{"nothing to decide on", identity.Record{LastName: "Lee", CardHash: "c1"}, identity.Record{LastName: "Lee", Phone: "4155550100"}, identity.New, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, b := profile(t, tc.a), profile(t, tc.b)
			s := identity.PMSRule{}.Score(&a, &b)
			if s.Decision != tc.decision || (s.Conflict != "") != tc.conflict {
				t.Errorf("got %s, want %s conflict=%v", s, tc.decision, tc.conflict)
			}
		})
	}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	p := profile(t, identity.Record{ID: "1", FirstName: "Bill", LastName: "O'Neil", Email: "B.ONeil+x@GMAIL.com",
		Phone: "415-555-0100", DateOfBirth: "1970-01-02", Address1: "1 High St", Postcode: "SW1A 1AA", City: "London",
		CardHash: "ABC", LoyaltyNumber: "hh-123 456", IDNumber: "p 123"})
	got := make(map[string]bool)
	for _, k := range identity.DefaultModel().Keys(&p) {
		got[k.String()] = true
	}
	for _, want := range []string{"email#boneil@gmail.com", "phone#+14155550100", "card#abc", "loyalty#hh123456", "id#p123",
		"last-dob#oneil|19700102", "last-address#oneil|1highstreet|sw1a1aa", "name-sound#o540|w450", "dob-initial#19700102|b",
		"dob-initial#19700102|o", "address#1highstreet|sw1a1aa"} {
		if !got[want] {
			t.Errorf("missing key %s in %v", want, got)
		}
	}
	relay := profile(t, identity.Record{ID: "2", LastName: "Lee", Email: "x.1@guest.booking.com", Phone: "0000000000"})
	for _, k := range identity.DefaultModel().Keys(&relay) {
		if k.Kind == identity.KeyEmail || k.Kind == identity.KeyPhone {
			t.Errorf("relay email or placeholder phone made a key: %s", k)
		}
	}
	pms := identity.PMSRule{}.Keys(&p)
	if len(pms) != 3 || pms[0].String() != "last-card#oneil|abc" {
		t.Errorf("PMS keys %v", pms)
	}
}
