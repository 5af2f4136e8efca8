package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// latinFold maps lower-case Latin letters with diacritics to their ASCII spelling, so "José" and "Jose" agree.
// Combining marks (decomposed accents) are dropped separately.
var latinFold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae", 'ç': "c", 'è': "e", 'é': "e",
	'ê': "e", 'ë': "e", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ð': "d", 'ñ': "n", 'ò': "o", 'ó': "o",
	'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'þ': "th",
	'ÿ': "y", 'ß': "ss", 'ā': "a", 'ă': "a", 'ą': "a", 'ć': "c", 'ĉ': "c", 'ċ': "c", 'č': "c", 'ď': "d",
	'đ': "d", 'ē': "e", 'ĕ': "e", 'ė': "e", 'ę': "e", 'ě': "e", 'ĝ': "g", 'ğ': "g", 'ġ': "g", 'ģ': "g",
	'ĥ': "h", 'ħ': "h", 'ĩ': "i", 'ī': "i", 'ĭ': "i", 'į': "i", 'ı': "i", 'ĳ': "ij", 'ĵ': "j", 'ķ': "k",
	'ĺ': "l", 'ļ': "l", 'ľ': "l", 'ŀ': "l", 'ł': "l", 'ń': "n", 'ņ': "n", 'ň': "n", 'ŋ': "n", 'ō': "o",
	'ŏ': "o", 'ő': "o", 'œ': "oe", 'ŕ': "r", 'ŗ': "r", 'ř': "r", 'ś': "s", 'ŝ': "s", 'ş': "s", 'š': "s",
	'ţ': "t", 'ť': "t", 'ŧ': "t", 'ũ': "u", 'ū': "u", 'ŭ': "u", 'ů': "u", 'ű': "u", 'ų': "u", 'ŵ': "w",
	'ŷ': "y", 'ź': "z", 'ż': "z", 'ž': "z", 'ș': "s", 'ț': "t",
}

// foldText lower-cases s, folds accents, removes apostrophes and turns every other non-letter (and non-digit when
// keepDigits) into a single space. The result has no leading, trailing or repeated spaces.
func foldText(s string, keepDigits bool) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false // a separator is pending
	write := func(r rune) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', keepDigits && '0' <= c && c <= '9':
				write(rune(c))
			case 'A' <= c && c <= 'Z':
				write(rune(c + 'a' - 'A'))
			case c == '\'' || c == '`':
			default:
				space = true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		r = unicode.ToLower(r)
		switch {
		case r == '’' || r == 'ʼ' || r == '‘' || unicode.Is(unicode.Mn, r):
		case latinFold[r] != "":
			for _, f := range latinFold[r] {
				write(f)
			}
		case unicode.IsLetter(r), keepDigits && unicode.IsDigit(r):
			write(r)
		default:
			space = true
		}
	}
	return b.String()
}

// compact returns s without spaces, so "jac ob" and "jacob" or "gar butt" and "garbutt" compare equal.
func compact(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	return strings.ReplaceAll(s, " ", "")
}
