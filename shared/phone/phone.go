// Package phone normalises phone numbers to E.164 the way github.com/nyaruka/phonenumbers does, on metadata
// generated from it, without linking it: phonenumbers brings in protobuf, whose use of reflect.Value.MethodByName
// turns off the linker's dead-method elimination and doubles the size of every Lambda that links an AWS SDK client.
package phone

import (
	"strconv"
	"strings"
)

// maxLength bounds the text Normalise reads; longer input is not a phone number but free text or an attack on the
// regexps.
const maxLength = 40

// Normalise returns the number in E.164 ("+351912345678"). Numbers without an international prefix are read in
// region (ISO 3166 alpha-2, case-insensitive). ok is false when the text is not a valid number.
//
// The answers are phonenumbers v1.8.1's for Parse, IsValidNumber and Format(E164), with a leading "00" read as "+"
// in every region (phonenumbers reads it so only where 00 is the international prefix).
func Normalise(s, region string) (e164 string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxLength {
		return "", false
	}
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:]
	}
	cc, nsn, ok := parse(s, strings.ToUpper(region))
	if !ok || !isValid(cc, nsn) {
		return "", false
	}
	return "+" + strconv.Itoa(cc) + nsn, true
}
