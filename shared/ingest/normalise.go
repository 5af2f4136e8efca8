package ingest

import (
	"net/mail"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/hearthcrm/hearth/shared/phone"
)

// This file holds the display-form normalisers of guest data: the values a GuestSnapshot carries. They differ from
// shared/identity's matching keys (which fold accents, drop +tags and punctuation): here a name stays readable and
// an email stays deliverable. Kept in one file so they can be folded into shared/identity later.

// NormaliseName trims and collapses whitespace and, when a PMS sent the name in one case ("SOUSA", "ana maria"),
// title-cases it ("Sousa", "Ana Maria", "O'Brien", "Jean-Pierre", "van der Berg"). Mixed-case names are kept as sent
// because their casing is deliberate ("McDonald", "DeVries").
func NormaliseName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	hasUpper, hasLower := false, false
	for _, r := range s {
		hasUpper = hasUpper || unicode.IsUpper(r)
		hasLower = hasLower || unicode.IsLower(r)
	}
	if hasUpper && hasLower {
		return s
	}
	words := strings.Split(strings.ToLower(s), " ")
	for i, w := range words {
		if i > 0 && nameParticles[w] {
			continue
		}
		words[i] = titleWord(w)
	}
	return strings.Join(words, " ")
}

// nameParticles stay lower-case inside a name ("Ludwig van Beethoven", "Maria da Silva").
var nameParticles = map[string]bool{
	"da": true, "das": true, "de": true, "del": true, "della": true, "der": true, "di": true, "do": true,
	"dos": true, "du": true, "la": true, "le": true, "van": true, "von": true, "y": true, "e": true,
}

// titleWord upper-cases the first letter and every letter after a hyphen or apostrophe.
func titleWord(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	upNext := true
	for _, r := range w {
		if upNext && unicode.IsLetter(r) {
			r = unicode.ToUpper(r)
			upNext = false
		}
		if r == '-' || r == '\'' || r == '’' {
			upNext = true
		}
		b.WriteRune(r)
	}
	return b.String()
}

// NormaliseEmail lower-cases and trims an address and checks it is one bare address (no display name, exactly one
// @, a dotted domain). ok is false for anything else; the caller drops the value with a warning rather than store an
// address nobody can write to or match on.
func NormaliseEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "mailto:")
	if s == "" || len(s) > 254 || strings.Count(s, "@") != 1 || Scrub(s) != s {
		return "", false
	}
	at := strings.IndexByte(s, '@')
	if at == 0 || !strings.Contains(s[at+1:], ".") || strings.HasSuffix(s, ".") {
		return "", false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", false
	}
	return s, true
}

// NormalisePhone returns a number in E.164 ("+351912345678"). Numbers without an international prefix are read in
// region (ISO 3166 alpha-2: the guest's country when known, else the source's default region). ok is false when
// the text is not a valid number there. Validity also keeps card numbers out: E.164 numbers have at most 15 digits
// and a card number typed into a phone field does not fit any numbering plan. Package phone answers exactly as
// libphonenumber does, from metadata generated out of github.com/nyaruka/phonenumbers, without linking it.
func NormalisePhone(s, region string) (string, bool) { return phone.Normalise(s, region) }

//go:generate go run ./internal/gencountries -o countries_gen.go

// NormaliseCountry returns the ISO 3166-1 alpha-2 code of a country given as an alpha-2, alpha-3 or numeric code
// ("PT", "PRT", "620") or an English name ("Portugal", "United Kingdom"). Obsolete codes are canonicalised (UK →
// GB); regions that are not countries (EU, 419) are refused.
func NormaliseCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 60 {
		return "", false
	}
	if len(s) <= 3 {
		if c, ok := lookupCountry(countryCodes[:], strings.ToUpper(s)); ok {
			return c, true
		}
	}
	folded := foldCountryName(s)
	if c, ok := countryAliasIndex()[folded]; ok {
		return c, true
	}
	return lookupCountry(countryNameIndex[:], folded)
}

// countryEntry is one row of the generated country tables.
type countryEntry struct{ key, country string }

func lookupCountry(table []countryEntry, key string) (string, bool) {
	i, found := slices.BinarySearchFunc(table, key, func(e countryEntry, k string) int { return strings.Compare(e.key, k) })
	if !found {
		return "", false
	}
	return table[i].country, true
}

// countryAliasIndex folds countryAliases once.
var countryAliasIndex = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(countryAliases))
	for name, code := range countryAliases {
		m[foldCountryName(name)] = code
	}
	return m
})

// countryAliases are names PMSs send that differ from the CLDR English names.
var countryAliases = map[string]string{
	"USA": "US", "United States of America": "US", "UK": "GB", "Great Britain": "GB", "England": "GB",
	"Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB", "Holland": "NL", "The Netherlands": "NL",
	"Czech Republic": "CZ", "Russia": "RU", "South Korea": "KR", "Korea": "KR", "Republic of Korea": "KR",
	"UAE": "AE", "Turkey": "TR", "Turkiye": "TR", "Ivory Coast": "CI", "Vatican": "VA", "Macao": "MO",
	"Hong Kong": "HK", "Brasil": "BR", "Deutschland": "DE", "España": "ES", "Espana": "ES", "Italia": "IT",
	"Schweiz": "CH", "Suisse": "CH", "Österreich": "AT",
}

// foldCountryName lower-cases and keeps only letters, so "Bosnia & Herzegovina" and "bosnia and herzegovina" differ
// only in the "and", which is dropped too.
func foldCountryName(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, " and ", " ")
	s = strings.ReplaceAll(s, "&", " ")
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NormaliseLanguage returns a canonical BCP 47 tag ("pt-PT", "en") for a language code as PMSs send it ("PT-pt",
// "en_GB", "eng").
func NormaliseLanguage(s string) (string, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
	if s == "" || len(s) > 35 {
		return "", false
	}
	t, err := language.Parse(s)
	if err != nil || t == language.Und {
		return "", false
	}
	return t.String(), true
}

// cleanText collapses whitespace, drops control characters, truncates to max runes and scrubs card numbers: the
// treatment of every free-text field copied into an event.
func cleanText(s string, max int) (string, bool) {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	truncated := false
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max])
		truncated = true
	}
	return Scrub(s), truncated
}
