package privacy

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hearthcrm/hearth/shared/profile"
)

// redaction removes one erased guest from an archived message that also concerns other guests. A CSV message is
// redacted row by row: a row is the guest's if it holds one of their identifiers (email, phone, loyalty number,
// document, address line) or one of their full names, and then every value of theirs in it goes, names and birth
// date included; in the other rows only their identifiers go, so another guest who shares a first name keeps it.
// A JSON or XML message is one record. Values match case-insensitively as whole words (whatever the spacing
// between a name's words); phones match by their digits, whatever the separators, national or international.
type redaction struct {
	identifiers []*regexp.Regexp
	phones      []string // digits without leading zeros
	fullNames   [][2]*regexp.Regexp
	others      []*regexp.Regexp // names, birth date, postcode
}

// minPhoneDigits is the shortest digit run taken for a phone number.
const minPhoneDigits = 7

func newRedaction(identities []profile.Profile) redaction {
	var r redaction
	seen := map[string]bool{}
	word := func(dst *[]*regexp.Regexp, v string) *regexp.Regexp {
		re := wordPattern(v)
		if re != nil && !seen[re.String()] {
			seen[re.String()] = true
			*dst = append(*dst, re)
		}
		return re
	}
	for _, p := range identities {
		for _, c := range p.Contacts {
			if c.Type == "email" {
				word(&r.identifiers, c.Value)
			} else if d := phoneDigits(c.Value); len(d) >= minPhoneDigits { // shorter: not a number to look for
				r.phones = append(r.phones, d)
			}
		}
		if p.Loyalty != nil {
			word(&r.identifiers, p.Loyalty.Number)
		}
		for _, d := range p.Documents {
			word(&r.identifiers, d.Reference)
		}
		for _, a := range p.Addresses {
			word(&r.identifiers, a.Line1)
			word(&r.identifiers, a.Line2)
			word(&r.others, a.Postcode)
		}
		first, last := word(&r.others, p.Name.First), word(&r.others, p.Name.Last)
		if first == nil {
			first = wordPattern(p.Name.First) // already listed by another identity
		}
		if last == nil {
			last = wordPattern(p.Name.Last)
		}
		if first != nil && last != nil {
			r.fullNames = append(r.fullNames, [2]*regexp.Regexp{first, last})
		}
		word(&r.others, p.Name.Middle)
		word(&r.others, p.Name.Preferred)
		word(&r.others, p.BirthDate)
	}
	return r
}

// apply returns body without the guest's values.
func (r redaction) apply(body []byte) []byte {
	trimmed := bytes.TrimLeft(body, "\ufeff \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '<' || trimmed[0] == '{' || trimmed[0] == '[') {
		return []byte(r.record(string(body)))
	}
	var out strings.Builder
	for _, line := range strings.SplitAfter(string(body), "\n") {
		out.WriteString(r.record(line))
	}
	return []byte(out.String())
}

// record redacts one record: identifiers always, the rest only if the record is the guest's.
func (r redaction) record(s string) string {
	mine := false
	for _, re := range r.identifiers {
		if matchWord(re, s) {
			mine = true
		}
	}
	for _, n := range r.fullNames {
		if matchWord(n[0], s) && matchWord(n[1], s) {
			mine = true
		}
	}
	s, hadPhone := r.replacePhones(s)
	for _, re := range r.identifiers {
		s = replaceWord(re, s)
	}
	if mine || hadPhone {
		for _, re := range r.others {
			s = replaceWord(re, s)
		}
	}
	return s
}

// phoneRun is a run of digits with the separators phone numbers are written with.
var phoneRun = regexp.MustCompile(`\+?\d[\d \t().\-/]*\d`)

func (r redaction) replacePhones(s string) (string, bool) {
	if len(r.phones) == 0 {
		return s, false
	}
	found := false
	s = phoneRun.ReplaceAllStringFunc(s, func(run string) string {
		d := phoneDigits(run)
		for _, p := range r.phones {
			if samePhone(d, p) {
				found = true
				return Erased
			}
		}
		return run
	})
	return s, found
}

// samePhone reports whether two digit strings are one number, one perhaps with its country code: the shorter is
// the end of the longer (leading zeros, a trunk prefix, already dropped).
func samePhone(a, b string) bool {
	if len(a) < minPhoneDigits || len(b) < minPhoneDigits {
		return false
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	return strings.HasSuffix(a, b)
}

func phoneDigits(s string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	return strings.TrimLeft(d, "0")
}

// wordPattern matches v case-insensitively, with any spacing between its words; nil for values too short to be
// personal (a single letter) or already erased.
func wordPattern(v string) *regexp.Regexp {
	fields := strings.Fields(v)
	if len(fields) == 0 || (len(fields) == 1 && utf8.RuneCountInString(fields[0]) < 2) || strings.EqualFold(v, Erased) {
		return nil
	}
	for i, f := range fields {
		fields[i] = regexp.QuoteMeta(f)
	}
	return regexp.MustCompile(`(?i)` + strings.Join(fields, `\s+`))
}

// matchWord reports a whole-word match: no letter or digit right before or after (Go's \b knows only ASCII).
func matchWord(re *regexp.Regexp, s string) bool {
	for _, m := range re.FindAllStringIndex(s, -1) {
		if wordBounded(s, m[0], m[1]) {
			return true
		}
	}
	return false
}

func replaceWord(re *regexp.Regexp, s string) string {
	var out strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		if !wordBounded(s, m[0], m[1]) {
			continue
		}
		out.WriteString(s[last:m[0]])
		out.WriteString(Erased)
		last = m[1]
	}
	if last == 0 {
		return s
	}
	out.WriteString(s[last:])
	return out.String()
}

func wordBounded(s string, start, end int) bool {
	inWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	if before, _ := utf8.DecodeLastRuneInString(s[:start]); start > 0 && inWord(before) {
		return false
	}
	if after, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && inWord(after) {
		return false
	}
	return true
}
