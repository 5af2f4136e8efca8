package loyalty_test

import (
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

func FuzzParseCardNumber(f *testing.F) {
	for _, s := range []string{"6035710000012344", "6035 7100 0001 2344", ";6035710000012344=2912?", "%B6035710000012344^X^", ";=?", "%B^", "--", "٣٣٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := loyalty.ParseCardNumber(s)
		if err != nil {
			return
		}
		if len(n) < 12 || len(n) > 19 || strings.Trim(string(n), "0123456789") != "" {
			t.Fatalf("%q parsed to %q", s, n)
		}
		if again, err := loyalty.ParseCardNumber(string(n)); err != nil || again != n {
			t.Fatalf("%q does not round-trip: %q, %v", n, again, err)
		}
	})
}

func FuzzParseMembershipNumber(f *testing.F) {
	for _, s := range []string{"0000005724", "000 000 572-4", "9999999990", "", "- - -"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := loyalty.ParseMembershipNumber(s)
		if err != nil {
			return
		}
		if len(n) != 10 {
			t.Fatalf("%q parsed to %q", s, n)
		}
		if again, err := loyalty.ParseMembershipNumber(string(n)); err != nil || again != n {
			t.Fatalf("%q does not round-trip", n)
		}
		if _, err := loyalty.ParseCertificateCode(s); err == nil && len(stripped(s)) == 10 {
			t.Fatalf("a 10-digit membership number parsed as a 12-digit certificate code")
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-21", "2024-02-29", "0001-01-01", "9999-12-31", "2025-02-29", "0000-00-00", "-001-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := loyalty.ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("%q round-trips to %q", s, d)
		}
		y, m, day := d.Civil()
		if loyalty.NewDate(y, m, day) != d || d.AddDays(1)-d != 1 {
			t.Fatalf("%q: civil conversion disagrees", s)
		}
	})
}

// FuzzEarnStay feeds arbitrary amounts, taxes and nights: earning never panics, never awards negative points,
// and gives the same keys and points on a second run.
func FuzzEarnStay(f *testing.F) {
	f.Add(int64(68700), int64(11000), int64(-500), int64(900), 3, 15000)
	f.Add(int64(1<<62), int64(-1<<62), int64(0), int64(1<<50), 0, 10000)
	f.Add(int64(-1), int64(1), int64(99), int64(-99), 400, 99999)
	e := newEngine(f, benchProgramme())
	f.Fuzz(func(t *testing.T, room, fb, spa, tax int64, n int, tierBP int) {
		s := stay()
		s.Nights = n
		if n < 0 {
			s.Nights = -n % 1000
		}
		s.Lines = []loyalty.Line{
			{Category: events.RevenueRoom, Amount: eur(room), Tax: eur(tax)},
			line(events.RevenueFoodBeverage, eur(fb)),
			line(events.RevenueSpa, eur(spa)),
		}
		first, err1 := e.EarnStay(member("gold"), s, nil)
		second, err2 := e.EarnStay(member("gold"), s, nil)
		if (err1 == nil) != (err2 == nil) || len(first.Accruals) != len(second.Accruals) {
			t.Fatalf("two runs differ: %v / %v", err1, err2)
		}
		for i, a := range first.Accruals {
			if a.Points <= 0 || a.Key != second.Accruals[i].Key || a.Points != second.Accruals[i].Points {
				t.Fatalf("accrual %d: %+v vs %+v", i, a, second.Accruals[i])
			}
		}
	})
}

func stripped(s string) string { return strings.NewReplacer(" ", "", "-", "").Replace(s) }
