package loyalty_test

import (
	"errors"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

func TestMembershipNumbers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		seq  uint64
		want loyalty.MembershipNumber
	}{
		{1, "0000000013"},
		{572, "0000005724"}, // Damm's textbook example: 572 → 4
		{999999999, "9999999990"},
	}
	for _, tt := range tests {
		got, err := loyalty.NewMembershipNumber(tt.seq)
		if err != nil || got != tt.want {
			t.Fatalf("NewMembershipNumber(%d) = %s, %v; want %s", tt.seq, got, err, tt.want)
		}
		if back, err := loyalty.ParseMembershipNumber(string(got)); err != nil || back != got {
			t.Fatalf("parse %s = %s, %v", got, back, err)
		}
	}
	for _, seq := range []uint64{0, 1_000_000_000} {
		if _, err := loyalty.NewMembershipNumber(seq); !errors.Is(err, loyalty.ErrInvalid) {
			t.Fatalf("sequence %d: err = %v", seq, err)
		}
	}
}

func TestParseMembershipNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want loyalty.MembershipNumber
		err  bool
	}{
		{"0000005724", "0000005724", false},
		{"000 000 572-4", "0000005724", false},
		{"0000005725", "", true},  // wrong digit
		{"0000007524", "", true},  // adjacent transposition
		{"000000572", "", true},   // too short
		{"00000057240", "", true}, // too long
		{"00000O5724", "", true},  // a letter O
		{"", "", true},
	}
	for _, tt := range tests {
		got, err := loyalty.ParseMembershipNumber(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Fatalf("ParseMembershipNumber(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, loyalty.ErrInvalidNumber) {
			t.Fatalf("err = %v, want ErrInvalidNumber", err)
		}
	}
}

// TestDammCatchesTypos checks the property the check digit was chosen for: every single-digit error and every
// adjacent transposition of a membership number is refused.
func TestDammCatchesTypos(t *testing.T) {
	t.Parallel()
	for seq := uint64(1); seq < 5000; seq += 37 {
		n, _ := loyalty.NewMembershipNumber(seq * 104729)
		s := []byte(n)
		for i := range s {
			for d := byte('0'); d <= '9'; d++ {
				if d == s[i] {
					continue
				}
				typo := append([]byte(nil), s...)
				typo[i] = d
				if _, err := loyalty.ParseMembershipNumber(string(typo)); err == nil {
					t.Fatalf("%s accepted for %s", typo, n)
				}
			}
			if i+1 < len(s) && s[i] != s[i+1] {
				swap := append([]byte(nil), s...)
				swap[i], swap[i+1] = swap[i+1], swap[i]
				if _, err := loyalty.ParseMembershipNumber(string(swap)); err == nil {
					t.Fatalf("transposition %s accepted for %s", swap, n)
				}
			}
		}
	}
}

func TestCertificateCodes(t *testing.T) {
	t.Parallel()
	c, err := loyalty.NewCertificateCode(123)
	if err != nil || len(c) != 12 {
		t.Fatalf("code = %q, %v", c, err)
	}
	if got, err := loyalty.ParseCertificateCode(c[:4] + "-" + c[4:8] + "-" + c[8:]); err != nil || got != c {
		t.Fatalf("parse = %q, %v", got, err)
	}
	if _, err := loyalty.ParseCertificateCode(c[:11] + string('0'+(c[11]-'0'+1)%10)); !errors.Is(err, loyalty.ErrInvalidNumber) {
		t.Fatalf("a wrong check digit: %v", err)
	}
}

func TestCardNumbers(t *testing.T) {
	t.Parallel()
	n, err := loyalty.NewCardNumber("603571", 1234, 16)
	if err != nil {
		t.Fatal(err)
	}
	if n != "6035710000012344" {
		t.Fatalf("number = %s", n)
	}
	tests := []struct {
		in   string
		want loyalty.CardNumber
	}{
		{"6035710000012344", n},
		{"6035 7100 0001 2344", n},
		{"6035-7100-0001-2344", n},
		{";6035710000012344=29121010000?", n},        // track 2 swipe
		{"%B6035710000012344^GIFT/CARD^2912101?", n}, // track 1 swipe
		{"79927398713", ""},                          // valid Luhn, too short for a card
		{"4111111111111111", "4111111111111111"},     // the classic test number
		{"4111111111111112", ""},                     // wrong check digit
		{"6035710000021344", ""},                     // transposed digits
		{";6035710000012344", n},                     // track 2 without separator
		{"6035 7100 0001 2344 0000 000", ""},         // too long
		{"", ""},
	}
	for _, tt := range tests {
		got, err := loyalty.ParseCardNumber(tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Fatalf("ParseCardNumber(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if err != nil && !errors.Is(err, loyalty.ErrInvalidNumber) {
			t.Fatalf("err = %v", err)
		}
	}
	if m := n.Masked(); m != "************2344" {
		t.Fatalf("masked = %s", m)
	}
	for _, bad := range []struct {
		prefix string
		seq    uint64
		length int
	}{{"6035", 1, 11}, {"6035", 1, 20}, {"60a5", 1, 16}, {"603571000000000", 1, 16}, {"603571", 1e9, 16}} {
		if _, err := loyalty.NewCardNumber(bad.prefix, bad.seq, bad.length); !errors.Is(err, loyalty.ErrInvalid) {
			t.Fatalf("NewCardNumber(%+v): err = %v", bad, err)
		}
	}
}

func TestEnrol(t *testing.T) {
	t.Parallel()
	at := loyalty.At(time.Date(2026, 6, 14, 23, 30, 0, 0, time.UTC), mustZone("Europe/Madrid"))
	tests := []struct {
		name        string
		requireStay bool
		stays       int
		want        error
	}{
		{"open enrolment", false, 0, nil},
		{"after a first stay: none yet", true, 0, loyalty.ErrStayRequired},
		{"after a first stay: has one", true, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := programme()
			p.Enrolment.RequireStay = tt.requireStay
			m, err := newEngine(t, p).Enrol(loyalty.Enrolment{MemberID: "M1", GuestID: "G1", Sequence: 572, CompletedStays: tt.stays, At: at})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err != nil {
				return
			}
			// 23:30 UTC is already 15 June in Madrid: that is the anniversary.
			if m.Number != "0000005724" || m.Status != loyalty.MemberActive || m.Tier != "member" || m.EnrolledOn != date("2026-06-15") {
				t.Fatalf("member = %+v", m)
			}
		})
	}
	if _, err := newEngine(t, programme()).Enrol(loyalty.Enrolment{Sequence: 1, At: at}); !errors.Is(err, loyalty.ErrInvalid) {
		t.Fatalf("no member id: %v", err)
	}
}

func TestMemberStatus(t *testing.T) {
	t.Parallel()
	m := member("gold")
	off, err := m.Deactivate()
	if err != nil || off.Active() {
		t.Fatalf("deactivate = %+v, %v", off, err)
	}
	if _, err := off.Deactivate(); !errors.Is(err, loyalty.ErrInvalidTransition) {
		t.Fatalf("deactivate twice: %v", err)
	}
	on, err := off.Reactivate()
	if err != nil || !on.Active() {
		t.Fatalf("reactivate = %+v, %v", on, err)
	}
	if _, err := on.Reactivate(); !errors.Is(err, loyalty.ErrInvalidTransition) {
		t.Fatalf("reactivate an active member: %v", err)
	}
}
