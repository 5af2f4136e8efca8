package ingest

import (
	"bytes"
	"regexp"
	"strings"
)

// redacted replaces a card field's whole value in the archived payload.
const redacted = "REDACTED"

// Redact returns the payload as it may be archived: card numbers, CVVs and card holder names removed, everything
// else kept so the archive can be replayed through the same parsers. It recognises the format by its first byte:
//   - XML (OTA, bare or SOAP): PaymentCard's CardNumber, SeriesCode and CardHolderName, as attributes or elements,
//     become REDACTED wherever they appear, and so do WS-Security passwords;
//   - JSON: values under card-ish keys (card, cardNumber, cvv, holder...) become "REDACTED";
//   - CSV: columns with card-ish headers (card_number, cvv, card_holder...) become REDACTED.
//
// In every format, all other text is passed through Scrub, except fields that are identifiers or phone numbers
// (ID, MembershipID, EchoToken, reservationId, loyalty_number...), whose long digit strings are often Luhn-valid by
// chance and must survive for replay. Input that does not parse is scrubbed as text and card-ish "key: value" pairs
// are blanked by pattern, so even a malformed message is safe to archive.
func Redact(raw []byte) []byte {
	body := bytes.TrimLeft(bytes.TrimPrefix(raw, utf8BOM), " \t\r\n")
	var out []byte
	var ok bool
	switch {
	case len(body) == 0:
		return append([]byte(nil), raw...)
	case body[0] == '<':
		out, ok = redactXML(raw)
	case body[0] == '{' || body[0] == '[':
		out, ok = redactJSON(raw)
	default:
		out, ok = redactCSV(raw)
	}
	if !ok {
		return redactText(raw)
	}
	return out
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// cardishPattern finds "name: value", name="value" and <name>value pairs whose name says card data, for input too
// broken to parse.
// The names are secretKeys' (and "plaintext"), so a message redacted as text and again as JSON ends the same.
var cardishPattern = regexp.MustCompile(`(?i)(card_?holder_?name|card_?holder|holder_?name|holder|cvv2?|cvc2?|series_?code|security_?code|card_?number|card_?security_?code|credit_?card|payment_?card|card|pan|cid|password|passwd|client_?secret|secret|plaintext)("?\s*[:=>]\s*["']?)([^"'<,;\r\n}\]]*)`)

// redactText is the fallback for unparseable input: scrub card numbers, blank card-ish pairs.
func redactText(raw []byte) []byte {
	s := Scrub(string(raw))
	s = cardishPattern.ReplaceAllStringFunc(s, func(m string) string {
		sub := cardishPattern.FindStringSubmatchIndex(m)
		if sub[6] == sub[7] {
			return m
		}
		return m[:sub[6]] + redacted + m[sub[7]:]
	})
	return []byte(s)
}

// normKey folds a field name for comparison: lower case, without '_', '-' and spaces.
func normKey(s string) string {
	s = strings.ToLower(s)
	if strings.ContainsAny(s, "_- ") {
		s = strings.NewReplacer("_", "", "-", "", " ", "").Replace(s)
	}
	return s
}

// secretKeys are field names (normKey form) whose values are card data in any format, plus the credentials some
// senders put in the payload (WS-Security passwords), which have no place in an archive either.
var secretKeys = map[string]bool{
	"password": true, "passwd": true, "secret": true, "clientsecret": true,
	"cardnumber": true, "pan": true, "cvv": true, "cvv2": true, "cvc": true, "cvc2": true, "cid": true,
	"securitycode": true, "seriescode": true, "cardholder": true, "cardholdername": true, "holdername": true,
	"holder": true, "cardsecuritycode": true, "card": true, "creditcard": true, "paymentcard": true,
}

// keepKey reports whether a field (normKey form) is an identifier that Redact leaves untouched. Identifiers are not
// card data by contract, and scrubbing them would corrupt keys and replays: a 13-digit millisecond timestamp used as
// an EchoToken is Luhn-valid one time in ten. Phone numbers are not exempt; a valid phone number is never
// Luhn-masked unless it also looks like a card number, and then safety wins.
func keepKey(k string) bool {
	switch k {
	case "id", "loyaltynumber", "membershipid", "idempotencykey", "residvalue",
		"sequence", "sequencenmbr", "sequencenumber", "echotoken", "rph", "resguestrph", "roomstayrph":
		return true
	}
	return strings.HasSuffix(k, "id")
}
