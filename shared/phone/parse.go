package phone

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file follows phonenumbers v1.8.1's parseHelper step by step (the function names in comments are its own), down
// to the corners where it differs from Java's libphonenumber: the aim is the same answer for every input.

const (
	minLengthForNSN     = 2
	maxLengthForNSN     = 17
	maxInputLength      = 250
	rfc3966PhoneContext = ";phone-context="
)

// parse reads text as a phone number, in region when it has no international prefix; it returns the country calling
// code and the national significant number. ok is false where phonenumbers.Parse returns an error. cc is 0 when the
// number has no calling code (region unknown), which no number is valid with.
func parse(text, region string) (cc int, nsn string, ok bool) {
	if text == "" || len(text) > maxInputLength {
		return 0, "", false
	}
	number, ok := buildNationalNumberForParsing(text)
	if !ok || !isViablePhoneNumber(number) {
		return 0, "", false
	}
	home, homeOK := forRegion(region)
	// checkRegionForParsing: without a known region, only a number with a plus sign (anywhere) can say where it is from.
	if !homeOK && !strings.ContainsAny(number, plusChars) {
		return 0, "", false
	}
	number = stripExtension(number)

	cc, national, err := maybeExtractCountryCode(number, home, homeOK)
	if err == errInvalidCountryCode {
		// phonenumbers tries again after the first plus sign, wherever it is ("1 +351 ..." read in PT).
		end := endOfFirstPlusRun(number)
		if end < 0 {
			return 0, "", false
		}
		cc, national, err = maybeExtractCountryCode(number[end:], home, homeOK)
		if err != nil || cc == 0 {
			return 0, "", false
		}
	} else if err != nil {
		return 0, "", false
	}

	meta, metaOK := home, homeOK
	if cc != 0 {
		// The metadata is the calling code's main region's, unless that is the region given: then it stays the
		// region's, which for "001" means none.
		if first, _ := forCallingCode(cc); territories[first].region != region {
			meta, metaOK = planAt(first), true
		}
	} else {
		national = normalize(number)
		if homeOK {
			cc = home.callingCode
		}
	}
	if len(national) < minLengthForNSN {
		return 0, "", false
	}
	if metaOK {
		// Strip the national prefix only if what is left has a possible length: otherwise the number may be a
		// short number that merely starts like the prefix.
		stripped := maybeStripNationalPrefix(national, meta)
		if r := testNumberLength(stripped, meta); r != tooShort && r != isPossibleLocalOnly && r != invalidLength {
			national = stripped
		}
	}
	if len(national) < minLengthForNSN || len(national) > maxLengthForNSN {
		return 0, "", false
	}
	return cc, significantNumber(national), true
}

// buildNationalNumberForParsing takes the number out of RFC 3966 syntax ("tel:+351-912;phone-context=...") or, for
// other text, extracts the part that can be a number. ok is false for an invalid phone-context.
func buildNationalNumberForParsing(s string) (string, bool) {
	var number string
	at := strings.Index(s, rfc3966PhoneContext)
	if at >= 0 {
		context := phoneContext(s, at)
		if !isPhoneContextValid(context) {
			return "", false
		}
		if at > 0 {
			if context[0] == '+' {
				number = context // a prefix such as +351 the number is local to
			}
			start := 0
			if tel := strings.Index(s, "tel:"); tel >= 0 && tel < at {
				start = tel + len("tel:")
			}
			number += s[start:at]
		} else {
			number = extractPossibleNumber(s)
		}
	} else {
		number = extractPossibleNumber(s)
	}
	// Drop an ISDN subaddress and what follows it.
	if i := strings.Index(number, ";isub="); i > 0 {
		number = number[:i]
	}
	return number, true
}

// phoneContext returns the value of the phone-context parameter starting at at (extractPhoneContext).
func phoneContext(s string, at int) string {
	start := at + len(rfc3966PhoneContext)
	if start >= len(s) {
		return ""
	}
	if end := strings.IndexByte(s[start:], ';'); end >= 0 {
		return s[start : start+end]
	}
	return s[start:]
}

func isPhoneContextValid(context string) bool {
	return context != "" &&
		(rfc3966GlobalNumberPattern().MatchString(context) || rfc3966DomainnamePattern().MatchString(context))
}

// extractPossibleNumber drops what precedes the first plus sign or digit, trailing junk, and a second number
// ("(530) 583-6985 x302/x2303").
func extractPossibleNumber(s string) string {
	start := -1
	for i, r := range s {
		if r == '+' || r == '\uFF0B' || unicode.IsDigit(r) {
			start = i
			break
		}
	}
	if start < 0 {
		return ""
	}
	s = s[start:]
	// The pattern needs a literal "&&" (see unwantedEndChars); checking for it first saves a regexp scan per call.
	if strings.Contains(s, "&&") {
		if loc := unwantedEndPattern().FindStringIndex(s); loc != nil {
			s = s[:loc[0]]
		}
	}
	if i := secondNumberStart(s); i >= 0 {
		s = s[:i]
	}
	return s
}

// secondNumberStart returns the index of the first `[\\/] *x`, or -1.
func secondNumberStart(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' && s[i] != '/' {
			continue
		}
		j := i + 1
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j < len(s) && s[j] == 'x' {
			return i
		}
	}
	return -1
}

// isViablePhoneNumber checks that the text has the shape of a number: enough digits, only punctuation, letters and
// an extension besides.
func isViablePhoneNumber(s string) bool {
	return len(s) >= minLengthForNSN && validPhoneNumberPattern().MatchString(s)
}

// stripExtension removes an extension (" ext. 12", " x12", ";ext=12") when what precedes it is a viable number.
func stripExtension(s string) string {
	if !mayHaveExtension(s) {
		return s
	}
	m := extnPattern().FindStringSubmatchIndex(s)
	if m == nil || !isViablePhoneNumber(s[:m[0]]) {
		return s
	}
	for g := 2; g < len(m); g += 2 {
		if m[g] >= 0 && m[g+1] > m[g] {
			return s[:m[0]]
		}
	}
	return s
}

// mayHaveExtension is false when s has no character the extension pattern needs: every way of writing an extension
// has a label (letters, "x", "#", "~"), ";" or ",". Most numbers are only digits and separators, and the unanchored
// search would otherwise be half of Normalise's time.
func mayHaveExtension(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == ' ' || c == '-' || c == '+' || c == '.' || c == '(' || c == ')' || c == '/' || c == '[' || c == ']':
		default:
			return true
		}
	}
	return false
}

// endOfFirstPlusRun returns the index after the first run of plus signs, or -1 when there is none.
func endOfFirstPlusRun(s string) int {
	i := strings.IndexAny(s, plusChars)
	if i < 0 {
		return -1
	}
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != '+' && r != '\uFF0B' {
			break
		}
		i += size
	}
	return i
}

type parseError int

const (
	errInvalidCountryCode parseError = iota + 1
	errTooShortAfterIDD
)

func (e parseError) Error() string {
	if e == errInvalidCountryCode {
		return "invalid country calling code"
	}
	return "too short after the international prefix"
}

// maybeExtractCountryCode finds the country calling code after a plus sign or the home region's international
// prefix, or, for a number written with its own calling code but no prefix ("351912345678" read in PT), when taking
// the code off makes the number fit the region better. It returns the calling code (0 when there is none) and the
// normalised digits after it.
func maybeExtractCountryCode(number string, home plan, homeOK bool) (int, string, error) {
	if number == "" {
		return 0, "", nil
	}
	full, international := maybeStripInternationalPrefixAndNormalize(number, home, homeOK)
	if international {
		if len(full) <= minLengthForNSN {
			return 0, "", errTooShortAfterIDD
		}
		if cc, rest := extractCountryCode(full); cc != 0 {
			return cc, rest, nil
		}
		return 0, "", errInvalidCountryCode
	}
	if homeOK {
		code := strconv.Itoa(home.callingCode)
		if potential, found := strings.CutPrefix(full, code); found {
			potential = maybeStripNationalPrefix(potential, home)
			general := home.generalRE()
			if (!general.MatchString(full) && general.MatchString(potential)) || testNumberLength(full, home) == tooLong {
				return home.callingCode, potential, nil
			}
		}
	}
	return 0, "", nil
}

// maybeStripInternationalPrefixAndNormalize removes leading plus signs or the region's international prefix and
// normalises the rest; international tells whether either was there.
func maybeStripInternationalPrefixAndNormalize(number string, home plan, homeOK bool) (string, bool) {
	if rest := strings.TrimLeft(number, plusChars); len(rest) < len(number) {
		return normalize(rest), true
	}
	number = normalize(number)
	if homeOK {
		if rest, ok := parsePrefixAsIdd(home, number); ok {
			return rest, true
		}
	}
	return number, false
}

// parsePrefixAsIdd strips the region's international prefix from the start of number, unless a 0 follows it:
// calling codes do not start with 0.
func parsePrefixAsIdd(home plan, number string) (string, bool) {
	loc := home.internationalPrefixRE().FindStringIndex(number)
	if loc == nil {
		return "", false
	}
	rest := number[loc[1]:]
	for _, r := range rest {
		if unicode.IsDigit(r) {
			if isZero(r) {
				return "", false
			}
			break
		}
	}
	return rest, true
}

// extractCountryCode splits the calling code (one to three digits, not starting with 0) off a number without
// international prefix; cc is 0 when none is assigned.
func extractCountryCode(full string) (cc int, rest string) {
	if full == "" || full[0] == '0' {
		return 0, ""
	}
	for i := 1; i <= 3 && i <= len(full); i++ {
		c := full[i-1]
		if c < '0' || c > '9' {
			return 0, "" // strconv.Atoi fails on this and any longer prefix
		}
		cc = cc*10 + int(c-'0')
		if isCallingCode(cc) {
			return cc, full[i:]
		}
	}
	return 0, ""
}

// maybeStripNationalPrefix is maybeStripNationalPrefixAndCarrierCode, less the carrier code it reports: it removes
// the national (trunk) prefix, and a carrier code with it, or applies the region's transform rule (Argentina's
// "0 11 15 ..." to "9 11 ..."). It keeps the number as it is if it was a valid national number and stripping would
// make it invalid.
func maybeStripNationalPrefix(number string, p plan) string {
	if number == "" || p.nationalPrefixForParsing == "" {
		return number
	}
	prefix := p.nationalPrefixRE()
	groups := prefix.FindStringSubmatchIndex(number)
	if groups == nil {
		return number
	}
	general := p.generalRE()
	viable := general.MatchString(number)
	last := len(groups)/2 - 1
	if p.nationalPrefixTransformRule == "" || groups[last*2] < 0 {
		if viable && !general.MatchString(number[groups[1]:]) {
			return number
		}
		return number[groups[1]:]
	}
	transformed := prefix.ReplaceAllString(number, p.nationalPrefixTransformRule)
	if viable && !general.MatchString(transformed) {
		return number
	}
	return transformed
}

// significantNumber returns the national significant number as phonenumbers prints it: it stores the number as an
// integer plus a count of leading zeros (Italy), so digits outside ASCII, which do not parse, leave only the zeros
// and a 0.
func significantNumber(national string) string {
	for i := 0; i < len(national); i++ {
		if national[i] < '0' || national[i] > '9' {
			zeros := 0
			if len(national) >= 2 && national[0] == '0' {
				zeros = 1
				for zeros < len(national)-1 && national[zeros] == '0' {
					zeros++
				}
			}
			return strings.Repeat("0", zeros) + "0"
		}
	}
	return national
}
