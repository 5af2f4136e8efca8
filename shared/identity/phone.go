package identity

import "strings"

// PhoneStatus says whether a normalised phone number can be matched on.
type PhoneStatus uint8

const (
	// PhoneEmpty means no number was given.
	PhoneEmpty PhoneStatus = iota
	// PhoneOK is a usable number in E.164.
	PhoneOK
	// PhonePlaceholder is a dummy: all one digit, a counting run (123456…), or too short to dial.
	PhonePlaceholder
	// PhoneSwitchboard is one of the hotel group's own numbers, typed when the guest gave none.
	PhoneSwitchboard
	// PhoneInvalid is text that does not make a number in the default region or in international form.
	PhoneInvalid
)

// Phone is a normalised phone number.
type Phone struct {
	E164   string // "+14155550100"; "" unless Status is PhoneOK
	Status PhoneStatus
}

// region is what a national number needs to become international: the country calling code and the trunk
// prefix dialled before national numbers inside the country.
type region struct {
	code     string
	trunk    string
	national []int // accepted national significant number lengths (nil: 6 to 12)
}

// regions covers the hotel groups' usual default regions. A national number in an unknown region is invalid;
// international numbers (+… or 00…) need no region.
var regions = map[string]region{
	"US": {"1", "1", []int{10}}, "CA": {"1", "1", []int{10}}, "GB": {"44", "0", []int{9, 10}},
	"IE": {"353", "0", nil}, "AU": {"61", "0", []int{9}}, "NZ": {"64", "0", nil}, "FR": {"33", "0", []int{9}},
	"DE": {"49", "0", nil}, "ES": {"34", "", []int{9}}, "IT": {"39", "", nil}, "PT": {"351", "", []int{9}},
	"NL": {"31", "0", []int{9}}, "BE": {"32", "0", []int{8, 9}}, "CH": {"41", "0", []int{9}}, "AT": {"43", "0", nil},
	"SE": {"46", "0", nil}, "NO": {"47", "", []int{8}}, "DK": {"45", "", []int{8}}, "FI": {"358", "0", nil},
	"JP": {"81", "0", []int{9, 10}}, "CN": {"86", "0", nil}, "HK": {"852", "", []int{8}}, "SG": {"65", "", []int{8}},
	"AE": {"971", "0", nil}, "IN": {"91", "0", []int{10}}, "MX": {"52", "", []int{10}}, "BR": {"55", "0", nil},
	"ZA": {"27", "0", []int{9}}, "TH": {"66", "0", nil}, "GR": {"30", "", []int{10}},
}

// KnownRegion reports whether NormalizePhone knows the calling code of an ISO 3166 alpha-2 region.
func KnownRegion(r string) bool {
	_, ok := regions[strings.ToUpper(r)]
	return ok
}

// NormalizePhone turns a phone number as typed into E.164. Numbers starting with + or 00 are international;
// others are national numbers of defaultRegion (ISO 3166 alpha-2, "US"), whose trunk prefix is dropped.
// Extensions (x123, ext. 123) are cut off, and so is the "(0)" of "+44 (0)20 …". Placeholders are reported as PhonePlaceholder; switchboards are the
// Normalizer's business.
func NormalizePhone(s, defaultRegion string) Phone {
	s = strings.TrimSpace(s)
	if s == "" {
		return Phone{}
	}
	lower := strings.ReplaceAll(strings.TrimPrefix(strings.ToLower(s), "tel:"), "(0)", "")
	for _, ext := range []string{"ext", "x", "#", ";"} {
		if i := strings.Index(lower, ext); i > 0 {
			lower = lower[:i]
		}
	}
	international := false
	digits := make([]byte, 0, 16)
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		switch {
		case '0' <= c && c <= '9':
			digits = append(digits, c)
		case c == '+' && len(digits) == 0:
			international = true
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\t':
		default:
			return Phone{Status: PhoneInvalid}
		}
	}
	if len(digits) == 0 {
		return Phone{Status: PhoneInvalid}
	}
	reg, known := regions[strings.ToUpper(defaultRegion)]
	num := string(digits)
	switch {
	case international:
	case strings.HasPrefix(num, "00"):
		num = num[2:]
	case reg.code == "1" && strings.HasPrefix(num, "011"):
		num = num[3:]
	case !known:
		return Phone{Status: PhoneInvalid}
	default:
		national := num
		if reg.trunk != "" && strings.HasPrefix(national, reg.trunk) && (reg.code != "1" || len(national) == 11) {
			national = national[len(reg.trunk):]
		}
		if placeholderDigits(national) {
			return Phone{Status: PhonePlaceholder}
		}
		if !lengthFits(len(national), reg.national) {
			return Phone{Status: PhoneInvalid}
		}
		num = reg.code + national
	}
	if len(num) < 8 || len(num) > 15 || num[0] == '0' {
		if placeholderDigits(num) {
			return Phone{Status: PhonePlaceholder}
		}
		return Phone{Status: PhoneInvalid}
	}
	if placeholderDigits(num) || placeholderDigits(num[nationalStart(num):]) {
		return Phone{Status: PhonePlaceholder}
	}
	return Phone{E164: "+" + num, Status: PhoneOK}
}

// nationalStart guesses where the national part of an international number begins: the North American plan and
// Russia have one-digit codes, the rest two or three (good enough to spot a dummy national number).
func nationalStart(num string) int {
	switch num[0] {
	case '1', '7':
		return 1
	}
	if twoDigitCodes[num[:2]] {
		return 2
	}
	return min(3, len(num))
}

// twoDigitCodes are the two-digit country calling codes among regions.
var twoDigitCodes = func() map[string]bool {
	m := make(map[string]bool)
	for _, r := range regions {
		if len(r.code) == 2 {
			m[r.code] = true
		}
	}
	return m
}()

func lengthFits(n int, allowed []int) bool {
	if allowed == nil {
		return n >= 6 && n <= 12
	}
	for _, a := range allowed {
		if n == a {
			return true
		}
	}
	return false
}

// placeholderDigits reports a dummy number: all one digit, a counting run up or down of seven or more digits
// (0123456789, 9876543), or fewer than six digits.
func placeholderDigits(d string) bool {
	if len(d) < 6 {
		return true
	}
	same, up, down := true, true, true
	for i := 1; i < len(d); i++ {
		same = same && d[i] == d[0]
		up = up && d[i] == '0'+(d[i-1]-'0'+1)%10
		down = down && d[i-1] == '0'+(d[i]-'0'+1)%10
	}
	return same || ((up || down) && len(d) >= 7) || strings.Trim(d[1:], "0") == ""
}

// phoneLevel compares two E.164 numbers: exact; close when one typo apart (same length, one digit changed or two
// transposed); similar when the last eight digits agree (the same line written with another country or area
// code); disagree.
func phoneLevel(a, b string) Level {
	if a == "" || b == "" {
		return Missing
	}
	if a == b {
		return Exact
	}
	if len(a) == len(b) && editDistance(a, b, 1) <= 1 {
		return Close
	}
	if len(a) >= 9 && len(b) >= 9 && a[len(a)-8:] == b[len(b)-8:] {
		return Similar
	}
	return Disagree
}
