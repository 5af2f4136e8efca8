package identity_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hearthcrm/hearth/shared/identity"
)

func FuzzReadRecords(f *testing.F) {
	for _, name := range []string{"testdata/febrl1.csv"} {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw[:2000])
	}
	f.Add([]byte("id,first_name,date_of_birth\n1,ann,19800304\n2,\"b\"\"ob\",1980-03-04\n"))
	f.Add([]byte("\ufeffID, email\n1, a@b.c\n1, x\n"))
	f.Add([]byte("id\n\xff\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := identity.ReadRecords(bytes.NewReader(data))
		if err != nil {
			var le *identity.LineError
			if !errors.As(err, &le) || le.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		seen := make(map[string]bool)
		for _, r := range recs {
			if r.ID == "" || seen[r.ID] || !utf8.ValidString(r.ID) {
				t.Fatalf("bad id %q", r.ID)
			}
			seen[r.ID] = true
			if _, err := identity.ParseDate(r.DateOfBirth); err != nil {
				t.Fatalf("accepted a malformed date: %v", err)
			}
		}
	})
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"Dr. José O'Brien-Smith Jr", "ŁUKASZ", "李小龍", "e\u0301", "Mr Mr", "İstanbul", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := identity.NormalizeName(s)
		if !utf8.ValidString(n) || strings.Contains(n, "  ") || strings.TrimSpace(n) != n {
			t.Fatalf("NormalizeName(%q) = %q", s, n)
		}
		if again := identity.NormalizeName(n); again != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, again)
		}
		identity.NormalizeAddress(s)
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"Ann.Lee+x@GMAIL.com", "a@guest.booking.com", "noemail@x.com", "@", "a@b@c.d", "mailto:<x@y.z>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := identity.NormalizeEmail(s, nil)
		if (e.Status == identity.EmailOK) != (e.Address != "") {
			t.Fatalf("status %d with address %q", e.Status, e.Address)
		}
		if e.Address == "" {
			return
		}
		if strings.Count(e.Address, "@") != 1 || strings.ToLower(e.Address) != e.Address {
			t.Fatalf("NormalizeEmail(%q) = %q", s, e.Address)
		}
		if again := identity.NormalizeEmail(e.Address, nil); again.Address != e.Address {
			t.Fatalf("not idempotent: %q → %q → %q", s, e.Address, again.Address)
		}
	})
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"(415) 555-0100", "+44 (0)20 7946 0958", "0000000000", "011 33 6 12 34 56 78", "x", "+"} {
		f.Add(s, "US")
		f.Add(s, "GB")
	}
	f.Fuzz(func(t *testing.T, s, region string) {
		p := identity.NormalizePhone(s, region)
		if (p.Status == identity.PhoneOK) != (p.E164 != "") {
			t.Fatalf("status %d with %q", p.Status, p.E164)
		}
		if p.E164 == "" {
			return
		}
		if !e164.MatchString(p.E164) {
			t.Fatalf("NormalizePhone(%q, %q) = %q is not E.164", s, region, p.E164)
		}
		if again := identity.NormalizePhone(p.E164, region); again.E164 != p.E164 {
			t.Fatalf("not idempotent: %q → %q → %q", s, p.E164, again.E164)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"19800304", "1980-03-04", "1980-03-04T00:00:00Z", "19371233", "00000000", "1980-3-4", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := identity.ParseDate(s)
		if err != nil {
			if !errors.Is(err, identity.ErrMalformedDate) {
				t.Fatalf("error %v is not ErrMalformedDate", err)
			}
			return
		}
		if d.IsZero() {
			return
		}
		if again, err := identity.ParseDate(d.String()); err != nil || again != d {
			t.Fatalf("%q → %v → %q → %v, %v", s, d, d.String(), again, err)
		}
	})
}

func FuzzCompare(f *testing.F) {
	f.Add("Bill", "O'Neil", "b@x.com", "4155550100", "19800304", "1 High St", "William", "ONeil", "B@X.COM", "+1 415 555 0100", "1980-04-03", "1 high street")
	f.Add("", "", "", "", "", "", "J", "李", "x@guest.booking.com", "000", "19371233", "")
	n := identity.NewNormalizer(identity.DefaultConfig())
	m := identity.DefaultModel()
	f.Fuzz(func(t *testing.T, f1, l1, e1, p1, d1, a1, f2, l2, e2, p2, d2, a2 string) {
		a, err1 := n.Profile(identity.Record{ID: "a", FirstName: f1, LastName: l1, Email: e1, Phone: p1, DateOfBirth: d1, Address1: a1})
		b, err2 := n.Profile(identity.Record{ID: "b", FirstName: f2, LastName: l2, Email: e2, Phone: p2, DateOfBirth: d2, Address1: a2})
		if err1 != nil || err2 != nil {
			return
		}
		s := m.Score(&a, &b)
		sum := s.Prior
		for _, c := range s.Fields {
			ok := c.Level == identity.Missing
			for _, l := range identity.FieldLevels[c.Field] {
				ok = ok || l == c.Level
			}
			if !ok {
				t.Fatalf("%s has level %s", c.Field, c.Level)
			}
			sum += c.Weight
		}
		if math.IsNaN(s.Total) || math.Abs(sum-s.Total) > 1e-6 {
			t.Fatalf("total %v, contributions %v", s.Total, sum)
		}
		if back := m.Score(&b, &a); math.Abs(back.Total-s.Total) > 1e-6 {
			t.Fatalf("not symmetric: %s / %s", s, back)
		}
		identity.PMSRule{}.Score(&a, &b)
	})
}
