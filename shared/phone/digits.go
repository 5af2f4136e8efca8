package phone

import (
	"strings"
	"unicode"
)

// normalize drops punctuation and converts digits to ASCII, as libphonenumber's normalize: a number with three or
// more letters is a vanity number ("1-800-FLOWERS") whose letters become keypad digits; otherwise letters are noise.
func normalize(s string) string {
	if isVanity(s) {
		return normalizeVanity(s)
	}
	return normalizeDigits(s)
}

// isVanity is libphonenumber's VALID_ALPHA_PHONE_PATTERN, ^(?:.*?[A-Za-z]){3}.*$: three ASCII letters on one line.
func isVanity(s string) bool {
	if strings.IndexByte(s, '\n') >= 0 {
		return false
	}
	letters := 0
	for i := 0; i < len(s) && letters < 3; i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			letters++
		}
	}
	return letters >= 3
}

// normalizeVanity keeps ASCII digits and turns letters into the digit of their key; anything else, including
// non-ASCII digits, is dropped. Letters are upper-cased first, so the dotless ı counts as I, as in phonenumbers.
func normalizeVanity(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToUpper(r)
		switch {
		case r >= '0' && r <= '9':
			b.WriteByte(byte(r))
		case r >= 'A' && r <= 'Z':
			b.WriteByte(keypad[r-'A'])
		}
	}
	return b.String()
}

// keypad is the ITU E.161 letter layout, A to Z.
const keypad = "22233344455566677778889999"

// normalizeDigits keeps only decimal digits, converting the Arabic-Indic, Eastern Arabic-Indic and full-width ones
// to ASCII. Other scripts' digits are kept as they are, as phonenumbers keeps them (and such a number is then not
// valid anywhere).
func normalizeDigits(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteByte(byte(r))
		case r < 0x80 || !unicode.IsDigit(r):
		case r >= '\u0660' && r <= '\u0669':
			b.WriteByte(byte('0' + r - '\u0660'))
		case r >= '\u06F0' && r <= '\u06F9':
			b.WriteByte(byte('0' + r - '\u06F0'))
		case r >= '\uFF10' && r <= '\uFF19':
			b.WriteByte(byte('0' + r - '\uFF10'))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isZero reports whether a decimal digit rune normalises to '0'.
func isZero(r rune) bool {
	return r == '0' || r == '\u0660' || r == '\u06F0' || r == '\uFF10'
}
