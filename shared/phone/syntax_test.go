package phone

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// The region-independent patterns must be phonenumbers' own, character for character.
func TestSyntaxPatternsArePhonenumbers(t *testing.T) {
	for _, p := range []struct{ name, ours, theirs string }{
		{"VALID_PUNCTUATION", validPunctuation, phonenumbers.VALID_PUNCTUATION},
		{"VALID_PHONE_NUMBER", validPhoneNumber, phonenumbers.VALID_PHONE_NUMBER},
		{"EXTN_PATTERNS_FOR_PARSING", extnPatternsForParsing, phonenumbers.EXTN_PATTERNS_FOR_PARSING},
		{"UNWANTED_END_CHARS", unwantedEndChars, phonenumbers.UNWANTED_END_CHARS},
		{"RFC3966_GLOBAL_NUMBER_DIGITS", rfc3966GlobalNumberDigits, phonenumbers.RFC3966_GLOBAL_NUMBER_DIGITS},
		{"RFC3966_DOMAINNAME", rfc3966Domainname, phonenumbers.RFC3966_DOMAINNAME},
		{"EXTN_PATTERN", extnPattern().String(), phonenumbers.EXTN_PATTERN.String()},
		{"VALID_PHONE_NUMBER_PATTERN", validPhoneNumberPattern().String(), phonenumbers.VALID_PHONE_NUMBER_PATTERN.String()},
	} {
		if p.ours != p.theirs {
			t.Errorf("%s differs:\n ours   %q\n theirs %q", p.name, p.ours, p.theirs)
		}
	}
}
