package phone

import "regexp"

// The region-independent patterns of libphonenumber, spelled exactly as phonenumbers v1.8.1 spells them: several are
// quirky under Go's regexp syntax (unwantedEnd in particular) and answering like phonenumbers means keeping the quirks.
// The simple ones (plus signs, the start of a number, a second number) are hand-written in parse.go instead.
const (
	digits = `\p{Nd}`
	// validPunctuation is what may separate digits; 'x' is in it because some carriers' codes are written as x.
	validPunctuation = "-x\u2010-\u2015\u2212\u30FC\uFF0D-\uFF0F \u00A0\u00AD\u200B\u2060\u3000()" +
		"\uFF08\uFF09\uFF3B\uFF3D.\\[\\]/~\u2053\u223C\uFF5E"
	validAlpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	plusChars  = "+\uFF0B"

	// A viable number is two digits alone, or three or more digits among punctuation, letters and leading pluses.
	validPhoneNumber = digits + "{2}|[" + plusChars + "]*(?:[" + validPunctuation + "*]*" + digits + "){3,}[" +
		validPunctuation + "*" + validAlpha + digits + "]*"

	// Every extension needs a label, ";", "," or "#": mayHaveExtension relies on it.
	extnPatternsForMatching = ";ext=(" + digits + "{1,20})|" +
		"[ \u00A0\\t,]*(?:e?xt(?:ensi(?:o\u0301?|\u00F3))?n?|\uFF45?\uFF58\uFF54\uFF4E?|\u0434\u043E\u0431|anexo)" +
		"[:\\.\uFF0E]?[ \u00A0\\t,-]*(" + digits + "{1,20})#?|" +
		"[ \u00A0\\t,]*(?:[x\uFF58#\uFF03~\uFF5E]|int|\uFF49\uFF4E\uFF54)" +
		"[:\\.\uFF0E]?[ \u00A0\\t,-]*(" + digits + "{1,9})#?|" +
		"[- ]+(" + digits + "{1,6})#"
	extnPatternsForParsing = extnPatternsForMatching + "|" +
		"[ \u00A0\\t]*(?:,{2}|;)[:\\.\uFF0E]?[ \u00A0\\t,-]*(" + digits + "{1,15})#?|" +
		"[ \u00A0\\t]*(?:,)+[:\\.\uFF0E]?[ \u00A0\\t,-]*(" + digits + "{1,9})#?"

	// Java meant "trailing characters that are neither letters, digits nor #" but Go reads the class intersection
	// as: any character, "&&", a character other than #, then one or more ']' at the end.
	unwantedEndChars = "[[\\P{N}&&\\P{L}]&&[^#]]+$"

	rfc3966PhoneDigit         = "(" + digits + "|[\\-\\.\\(\\)]?)"
	rfc3966GlobalNumberDigits = "^\\+" + rfc3966PhoneDigit + "*" + digits + rfc3966PhoneDigit + "*$"
	alphanum                  = validAlpha + digits
	rfc3966Domainname         = "^([" + alphanum + "]+((\\-)*[" + alphanum + "])*\\.)*[" + validAlpha + "]+((\\-)*[" +
		alphanum + "])*\\.?$"
)

// Compiled on first use so that importing the package costs nothing at init.
var (
	extnRE, validPhoneNumberRE, unwantedEndRE, rfc3966GlobalNumberRE, rfc3966DomainnameRE lazyRegexp
)

func extnPattern() *regexp.Regexp {
	return extnRE.get(func() string { return "(?i)(?:" + extnPatternsForParsing + ")$" })
}

func validPhoneNumberPattern() *regexp.Regexp {
	return validPhoneNumberRE.get(func() string {
		return "(?i)^(" + validPhoneNumber + "(?:" + extnPatternsForParsing + ")?)$"
	})
}

func unwantedEndPattern() *regexp.Regexp {
	return unwantedEndRE.get(func() string { return unwantedEndChars })
}

func rfc3966GlobalNumberPattern() *regexp.Regexp {
	return rfc3966GlobalNumberRE.get(func() string { return rfc3966GlobalNumberDigits })
}

func rfc3966DomainnamePattern() *regexp.Regexp {
	return rfc3966DomainnameRE.get(func() string { return rfc3966Domainname })
}
