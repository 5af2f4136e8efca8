package phone

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// TestMatchesPhonenumbers reads a corpus built from phonenumbers' example numbers, written the ways people and
// systems write them and spoiled the ways they get spoiled, and requires the answer phonenumbers gives.
func TestMatchesPhonenumbers(t *testing.T) {
	cases := corpus()
	if len(cases) < 20000 {
		t.Fatalf("corpus has %d cases, want at least 20000", len(cases))
	}
	valid, failed := 0, 0
	for _, c := range cases {
		want, wantOK := reference(c.text, c.region)
		got, gotOK := Normalise(c.text, c.region)
		if got != want || gotOK != wantOK {
			failed++
			if failed <= 50 {
				t.Errorf("Normalise(%q, %q) = %q, %v; phonenumbers says %q, %v", c.text, c.region, got, gotOK, want, wantOK)
			}
		}
		if wantOK {
			valid++
		}
	}
	t.Logf("%d cases (%d valid, %d not), %d differ", len(cases), valid, len(cases)-valid, failed)
}

type testCase struct{ text, region string }

var numberTypes = []phonenumbers.PhoneNumberType{
	phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE, phonenumbers.PREMIUM_RATE,
	phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER, phonenumbers.UAN,
	phonenumbers.VOICEMAIL,
}

// corpus returns the differential cases: every example number of every region and type, and of the
// non-geographic calling codes, in many writings, each read in its own region, another region and none; junk in
// every region; and random digit strings.
func corpus() []testCase {
	regions := slices.Sorted(func(yield func(string) bool) {
		for r := range phonenumbers.GetSupportedRegions() {
			if !yield(r) {
				return
			}
		}
	})
	var cases []testCase
	add := func(texts []string, readIn ...string) {
		for _, s := range texts {
			for _, r := range readIn {
				cases = append(cases, testCase{s, r})
			}
		}
	}
	for i, region := range regions {
		other := regions[(i*7+3)%len(regions)]
		for _, typ := range numberTypes {
			if n := phonenumbers.GetExampleNumberForType(region, typ); n != nil {
				add(writings(n, region, other), region, other, "")
				add(foreignWritings(n, other), other)
			}
		}
	}
	codes := slices.Sorted(func(yield func(int) bool) {
		for c := range phonenumbers.GetSupportedGlobalNetworkCallingCodes() {
			if !yield(c) {
				return
			}
		}
	})
	for _, code := range codes {
		if n := phonenumbers.GetExampleNumberForNonGeoEntity(code); n != nil {
			add(writings(n, "001", "GB"), "001", "GB", "")
		}
	}
	add(junk(), append(regions, "", "001", "ZZ", "XX", "gb", "uk", "Pt", "ıt")...)
	add(randomDigits(), "PT", "US", "GB", "DE", "IT", "BR", "AR", "IN", "JP", "")
	return cases
}

// writings returns the ways the number gets written, valid or not.
func writings(n *phonenumbers.PhoneNumber, region, other string) []string {
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	intl := phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
	national := phonenumbers.Format(n, phonenumbers.NATIONAL)
	rfc := phonenumbers.Format(n, phonenumbers.RFC3966)
	nsn := phonenumbers.GetNationalSignificantNumber(n)
	cc := strconv.Itoa(int(n.GetCountryCode()))
	trunk := phonenumbers.GetNddPrefixForRegion(region, true)
	w := []string{
		e164, intl, national, rfc,
		"00" + e164[1:],
		"++" + e164[1:],
		e164[1:],
		nsn,
		trunk + nsn,
		trunk + trunk + nsn,
		cc + trunk + nsn,
		strings.ReplaceAll(national, " ", "."),
		strings.ReplaceAll(intl, " ", "-"),
		strings.ReplaceAll(intl, " ", ""),
		parenthesised(intl),
		"+" + cc + " (" + trunk + ") " + nsn,
		strings.Join(strings.Split(e164, ""), " "),
		intl + " ext. 12",
		national + " x123",
		national + " #45",
		e164 + ";ext=99",
		rfc + ";isub=12",
		"tel:" + nsn + ";phone-context=+" + cc,
		"tel:" + nsn + ";phone-context=example.com",
		"tel:" + nsn + ";phone-context=",
		"Tel.: " + intl + ".",
		"mobile " + national + " (home)",
		national + " / x 12",
		e164[:len(e164)-1],
		e164 + "7",
		e164 + "00",
		nsn[:len(nsn)-1],
		nsn + "0",
		trunk + nsn[:len(nsn)-1],
		trunk + nsn + "1",
		"+" + cc + "0" + nsn,
		vanity(intl),
		vanity(national),
		fullWidth(national),
		arabicIndic(e164),
		devanagari(national),
		national + "\u00a0",
		"\u202a" + intl + "\u202c",
	}
	if region != "001" {
		w = append(w, phonenumbers.FormatOutOfCountryCallingNumber(n, other))
	}
	return w
}

// foreignWritings are written to be dialled from region other.
func foreignWritings(n *phonenumbers.PhoneNumber, other string) []string {
	abroad := phonenumbers.FormatOutOfCountryCallingNumber(n, other)
	return []string{abroad, strings.ReplaceAll(abroad, " ", ""), abroad + " ext 7"}
}

// parenthesised puts the first group after the calling code in parentheses: "+351 (91) 234 5678".
func parenthesised(intl string) string {
	f := strings.Fields(intl)
	if len(f) < 3 {
		return intl
	}
	f[1] = "(" + f[1] + ")"
	return strings.Join(f, " ")
}

// vanity spells the last digits 2-9 as keypad letters: "1-800-356-9377" becomes "1-800-356-WERS".
func vanity(s string) string {
	const letters = "..ADGJMPTW"
	b := []byte(s)
	for i, spelt := len(b)-1, 0; i >= 0 && spelt < 4; i-- {
		if b[i] >= '2' && b[i] <= '9' {
			b[i] = letters[b[i]-'0']
			spelt++
		}
	}
	return string(b)
}

func fullWidth(s string) string   { return shiftDigits(s, '０') }
func arabicIndic(s string) string { return shiftDigits(s, '٠') }
func devanagari(s string) string  { return shiftDigits(s, '०') }

func shiftDigits(s string, zero rune) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			r = zero + r - '0'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// junk is what ends up in phone fields that holds no phone number, or holds a card number.
func junk() []string {
	j := []string{
		"", " ", "n/a", "N/A", "-", "+", "++", "+0", "+1", "0", "00", "000", "12", "123", "0000000000", "1111111111",
		"+999 123 456", "+000 123 456", "#", "*123#", "none", "unknown", "see email", "tel:", "tel:+",
		"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444", "4012888888881881",
		"378282246310005", "6011111111111117", "+4111111111111111", "0044", "00 44", "+44", "+44 0", "+44 (0)",
		"1-800-FLOWERS", "1-800-GOT-JUNK?", "abc", "abcdefghijk", "12abc", "x123", "ext. 12", ";ext=12",
		";phone-context=+44", "tel:123;phone-context=+", "tel:123;phone-context=-", "a&&b]]", "12&&3]", "+1 212&&x]]",
		"+351 912 345 678 a&&b]", "912345678 &&x]]", "912345678&&#]",
		"123\n456\n789", "+351 91\n2345678", "\u0661\u0662\u0663", "+\uFF13\uFF15\uFF11 912345678",
		strings.Repeat("9", 17), strings.Repeat("9", 18), strings.Repeat("1", 40), strings.Repeat("1", 41),
		"+" + strings.Repeat("1", 39), "(+351) 912 345 678", "+351 912 345 678 / 912 345 679",
		"+351 912345678 x12/x13", "+351912345678#", "+351912345678;isub=1", "tel:+351912345678;ext=1",
		"\xff\xfe912345678", "+351\xff912345678", "ı1ı2ı3456789",
	}
	return j
}

// randomDigits are seeded random digit strings of every length, some with a plus, 00, a trunk 0 or separators.
func randomDigits() []string {
	rng := rand.New(rand.NewPCG(1, 2))
	prefixes := []string{"", "", "+", "00", "0", "1", "+1", "+44", "+351", "011"}
	var out []string
	for range 3000 {
		n := 1 + rng.IntN(18)
		var b strings.Builder
		b.WriteString(prefixes[rng.IntN(len(prefixes))])
		for i := range n {
			if i > 0 && rng.IntN(5) == 0 {
				b.WriteByte(" -."[rng.IntN(3)])
			}
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		if s := b.String(); utf8.ValidString(s) {
			out = append(out, s)
		}
	}
	return out
}

func ExampleNormalise() {
	fmt.Println(Normalise("912 345 678", "PT"))
	fmt.Println(Normalise("+44 (0)20 7946 0958", ""))
	fmt.Println(Normalise("4111 1111 1111 1111", "PT"))
	// Output:
	// +351912345678 true
	// +442079460958 true
	//  false
}
