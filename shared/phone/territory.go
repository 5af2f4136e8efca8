package phone

import (
	"regexp"
	"sync"
)

//go:generate go run ./internal/gen

// territory is the numbering plan of a region, or of a non-geographic calling code (region "001"): the fields of
// libphonenumber's PhoneMetadata that parsing and validation read. Patterns are kept as source text and compiled on
// first use (see compiled), so that package init does no work.
type territory struct {
	region      string
	callingCode int
	// mainForCode marks the region that owns a calling code shared by several (US for +1); it is listed first.
	mainForCode                 bool
	internationalPrefix         string
	nationalPrefixForParsing    string
	nationalPrefixTransformRule string
	// leadingDigits tells the regions of a shared calling code apart without full validation.
	leadingDigits string
	general       desc
	// localOnly are the lengths of numbers dialable only within an area (subscriber numbers without area code).
	localOnly []int8
	// types are the number types (fixed line, mobile, toll free, ...) that have numbers, in the order
	// libphonenumber tests them. Mobile is left out where it shares the fixed-line pattern: libphonenumber does not
	// test it then.
	types []desc
}

// desc describes the national numbers of one type: a pattern and, when they differ from the general ones, the
// possible lengths.
type desc struct {
	pattern string
	lengths []int8
}

// plan is a territory together with its compiled regexps.
type plan struct {
	*territory
	re *compiledTerritory
}

func planAt(i int) plan {
	return plan{&territories[i], &compiled[i]}
}

// forRegion returns the plan of a geographic region (upper-case). "001" is not a region here, as in libphonenumber.
func forRegion(region string) (plan, bool) {
	if i := territoryIndex(region); i >= 0 {
		return planAt(i), true
	}
	return plan{}, false
}

// forCallingCode returns the indexes [first, end) in territories of the plans sharing a calling code, main one
// first; first == end when the code is not assigned.
func forCallingCode(code int) (first, end int) {
	lo, hi := 0, len(territories)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if territories[m].callingCode < code {
			lo = m + 1
		} else {
			hi = m
		}
	}
	end = lo
	for end < len(territories) && territories[end].callingCode == code {
		end++
	}
	return lo, end
}

// isCallingCode reports whether code is an assigned country calling code.
func isCallingCode(code int) bool {
	first, end := forCallingCode(code)
	return first < end
}

// The most types a territory has: premium rate, toll free, shared cost, voip, personal number, pager, UAN,
// voicemail, fixed line and mobile.
const maxTypes = 10

// compiledTerritory holds a territory's regexps, each compiled the first time it is needed: a Lambda that reads
// Portuguese numbers never compiles the German patterns.
type compiledTerritory struct {
	internationalPrefix, nationalPrefix, leadingDigits, general lazyRegexp
	types                                                       [maxTypes]lazyRegexp
}

// compiled parallels territories; kept apart so that it is zeroed memory rather than data in the binary.
var compiled [len(territories)]compiledTerritory

type lazyRegexp struct {
	once sync.Once
	re   *regexp.Regexp
}

// get compiles the expression on the first call. The generator has checked that every pattern compiles.
func (l *lazyRegexp) get(expr func() string) *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(expr()) })
	return l.re
}

// The patterns are anchored at the start because libphonenumber only accepts matches there, and full-match patterns
// at both ends too, as its matches() is.

func (p plan) internationalPrefixRE() *regexp.Regexp {
	return p.re.internationalPrefix.get(func() string { return "^(?:" + p.internationalPrefix + ")" })
}

func (p plan) nationalPrefixRE() *regexp.Regexp {
	return p.re.nationalPrefix.get(func() string { return "^(?:" + p.nationalPrefixForParsing + ")" })
}

func (p plan) leadingDigitsRE() *regexp.Regexp {
	return p.re.leadingDigits.get(func() string { return "^(?:" + p.leadingDigits + ")" })
}

func (p plan) generalRE() *regexp.Regexp {
	return p.re.general.get(func() string { return "^(?:" + p.general.pattern + ")$" })
}

func (p plan) typeRE(i int) *regexp.Regexp {
	return p.re.types[i].get(func() string { return "^(?:" + p.types[i].pattern + ")$" })
}
