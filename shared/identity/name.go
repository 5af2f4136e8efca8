package identity

import "strings"

// titles are honorifics dropped from the front of a name when something else remains.
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "sir": true,
	"dame": true, "mme": true, "mlle": true, "herr": true, "frau": true, "sra": true, "snr": true,
}

// suffixes are generational markers dropped from the end of a name when something else remains.
var suffixes = map[string]bool{"jr": true, "sr": true, "jnr": true, "ii": true, "iii": true, "iv": true}

// NormalizeName returns a name lower-cased, accent-folded and without punctuation, digits, leading titles
// ("Mr", "Dr") or trailing generational suffixes ("Jr", "III"): "Dr. José O'Brien-Smith Jr" → "jose obrien smith".
func NormalizeName(s string) string {
	n := foldText(s, false)
	if n == "" {
		return ""
	}
	toks := strings.Split(n, " ")
	for len(toks) > 1 && titles[toks[0]] {
		toks = toks[1:]
	}
	for len(toks) > 1 && suffixes[toks[len(toks)-1]] {
		toks = toks[:len(toks)-1]
	}
	return strings.Join(toks, " ")
}

// nameLevel compares two normalised names: exact (ignoring spaces); alias (given names only: nicknames of one
// name); initial (given names only: "j" and "john"); close (Jaro-Winkler ≥ 0.92, one typo, or one name's words contained in the
// other's); similar (Jaro-Winkler ≥ 0.80); disagree. Two given names that are both known names and not aliases
// disagree however alike they look: Mark and Mary are two people.
func nameLevel(a, b *nameForm, given bool) Level {
	if a.compact == "" || b.compact == "" {
		return Missing
	}
	if a.compact == b.compact {
		return Exact
	}
	if given && sharesGroup(a.groups, b.groups) {
		return Alias
	}
	if given && (initialFits(a.compact, b.compact) || initialFitsGroup(a, b) || initialFitsGroup(b, a)) {
		return Initial
	}
	if given && a.known && b.known {
		return Disagree
	}
	jw := jaroWinkler(a.compact, b.compact)
	if jw >= 0.92 || a.words != b.words && wordsContained(a.full, b.full) || oneTypo(a.compact, b.compact) {
		return Close
	}
	if jw >= 0.80 {
		return Similar
	}
	return Disagree
}

// nameForm is a name prepared once for many comparisons. Last names get the given-name parts too, because a
// guest may have typed the names the other way round.
type nameForm struct {
	full    string   // normalised, with spaces
	compact string   // without spaces
	groups  []uint16 // nickname groups of the first word
	known   bool     // the whole name is a known given name
	words   int
}

func newNameForm(normalised string) nameForm {
	f := nameForm{full: normalised, compact: compact(normalised), words: strings.Count(normalised, " ") + 1}
	if normalised != "" {
		first, _, _ := strings.Cut(normalised, " ")
		f.groups = nicknameGroups[first]
		f.known = knownGivenNames[normalised]
	}
	return f
}

// wordsContained reports whether every word of the shorter multi-word-or-not name appears in the longer one
// ("garcia" in "garcia lopez"), but only when the longer one has more words.
func wordsContained(a, b string) bool {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) == len(wb) {
		return false
	}
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	for _, w := range wa {
		found := false
		for _, x := range wb {
			if x == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// oneTypo reports whether two names are one edit apart and long enough for that to be a typo rather than another
// name: four letters or more, or a transposition of three ("ben", "bne").
func oneTypo(a, b string) bool {
	n := min(len(a), len(b))
	if n < 3 || editDistance(a, b, 1) > 1 {
		return false
	}
	return n >= 4 || len(a) == len(b) && a[0] == b[0] && a[1] == b[2] && a[2] == b[1]
}

// initialFitsGroup reports whether a is an initial of a formal name of b's nickname groups ("w" and "bill").
func initialFitsGroup(a, b *nameForm) bool {
	if len(a.compact) != 1 {
		return false
	}
	for _, g := range b.groups {
		if nicknameCanon[g][0] == a.compact[0] {
			return true
		}
	}
	return false
}

// initialFits reports whether one name is a single letter that starts the other ("j" and "john").
func initialFits(a, b string) bool {
	if len(a) == 1 && len(b) > 1 {
		return b[0] == a[0]
	}
	if len(b) == 1 && len(a) > 1 {
		return a[0] == b[0]
	}
	return false
}
