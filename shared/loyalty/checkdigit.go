package loyalty

import "strings"

// luhnDigit returns the check digit that makes body followed by it pass the Luhn test. Card-style numbers use
// Luhn because every POS and swipe reader already validates it.
func luhnDigit(body string) byte {
	sum, double := 0, true // the digit next to the check digit is doubled
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

// luhnValid reports whether an all-digit s ends with its Luhn check digit.
func luhnValid(s string) bool { return len(s) >= 2 && luhnDigit(s[:len(s)-1]) == s[len(s)-1] }

// damm is the Damm quasigroup of order 10; unlike Luhn it catches every single-digit error and every adjacent
// transposition (including 09/90), which matters for numbers staff type from a card or a phone call.
var damm = [10][10]byte{
	{0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
	{7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
	{4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
	{1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
	{6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
	{3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
	{5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
	{8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
	{9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
	{2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
}

// dammInterim folds the digits of s through the quasigroup.
func dammInterim(s string) byte {
	var x byte
	for i := 0; i < len(s); i++ {
		x = damm[x][s[i]-'0']
	}
	return x
}

// dammDigit returns the check digit for body.
func dammDigit(body string) byte { return '0' + dammInterim(body) }

// dammValid reports whether an all-digit s ends with its Damm check digit.
func dammValid(s string) bool { return len(s) >= 2 && dammInterim(s) == 0 }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// stripSeparators removes the spaces and hyphens people type to group digits.
func stripSeparators(s string) string {
	if !strings.ContainsAny(s, " -") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
}

// padDigits writes v as exactly width digits, or reports that it does not fit.
func padDigits(v uint64, width int) (string, bool) {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b), v == 0
}
