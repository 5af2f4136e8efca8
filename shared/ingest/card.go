package ingest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
)

// CardHashPrefix starts every card hash, naming the scheme so a future key or algorithm change is recognisable.
const CardHashPrefix = "hmac-sha256:"

// CardHash returns the keyed hash Hearth stores instead of a card number: HMAC-SHA256 of the digits under key,
// hex-encoded with CardHashPrefix. Spaces and hyphens are ignored, so "4111 1111 1111 1111" and "4111111111111111"
// hash alike. ok is false when number is not a 13-19 digit Luhn-valid card number (masked, tokenised, mistyped), in
// which case nothing can be matched on and nothing is returned. Matching and console search use the same function
// with the same key, so a number typed by staff finds the guest.
func CardHash(key []byte, number string) (hash string, ok bool) {
	var buf [19]byte
	digits, ok := cardDigits(number, buf[:0])
	if !ok {
		return "", false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(digits)
	var sum [sha256.Size]byte
	return CardHashPrefix + hex.EncodeToString(mac.Sum(sum[:0])), true
}

// cardDigits extracts the digits of a card number written with optional spaces or hyphens, appending them to buf,
// and reports whether they form a plausible card number.
func cardDigits(s string, buf []byte) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if len(buf) == 19 {
				return nil, false
			}
			buf = append(buf, c)
		case c == ' ' || c == '-':
		default:
			return nil, false
		}
	}
	return buf, len(buf) >= 13 && luhn(buf)
}

// luhn reports whether digits pass the Luhn (mod 10) check that every payment card number carries.
func luhn(digits []byte) bool {
	sum, double := 0, false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// Scrub masks card data in free text. Every sequence in s that looks like a payment card number: 13 to 19 digits, optionally
// grouped by single spaces or hyphens, passing the Luhn check and starting with a card industry digit (1-6: airline,
// travel and entertainment, banking, merchandising; 0 and 7-9 are telephone, petroleum, health and national numbers)
// has its digits replaced by X. Digit groups are tried from each group boundary, so a card number typed after a
// phone number is still found; a run of more than 19 digits without separators is an identifier and is kept. Then
// a holder name or security code written out after its label ("card holder: Zelda Quixote", "CVV 737", "name on
// card ...") is replaced by REDACTED up to the next comma, semicolon, bracket or line end (not a full stop: names
// have initials); a bare name with no label cannot be told from any
// other name. Scrub is what every free-text field and every echoed value passes through; text without card data is
// returned unchanged and unallocated.
func Scrub(s string) string {
	return scrubCardWords(scrubPANs(s))
}

func scrubPANs(s string) string {
	if countDigits(s) < 13 {
		return s
	}
	var out []byte
	i := 0
	for i < len(s) {
		if !isDigit(s[i]) || (i > 0 && (isDigit(s[i-1]) || s[i-1] == '+')) {
			i++
			continue
		}
		// collect the groups of this run: [start,end) of each digit group
		var groups [24][2]int
		n, j := 0, i
		for n < len(groups) {
			k := j
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			groups[n] = [2]int{j, k}
			n++
			if k+1 < len(s) && (s[k] == ' ' || s[k] == '-') && isDigit(s[k+1]) {
				j = k + 1
				continue
			}
			j = k
			break
		}
		for g := 0; g < n; g++ {
			first := s[groups[g][0]]
			if first < '1' || first > '6' {
				continue
			}
			var buf [19]byte
			digits := buf[:0]
			for h := g; h < n; h++ {
				part := s[groups[h][0]:groups[h][1]]
				if len(digits)+len(part) > 19 {
					break
				}
				digits = append(digits, part...)
				if len(digits) >= 13 && luhn(digits) {
					if out == nil {
						out = []byte(s)
					}
					for p := groups[g][0]; p < groups[h][1]; p++ {
						if isDigit(out[p]) {
							out[p] = 'X'
						}
					}
					g = h // continue after the masked span
					break
				}
			}
		}
		i = j
	}
	if out == nil {
		return s
	}
	return string(out)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// cardHasher hashes card numbers under the source's key.
type cardHasher struct{ key []byte }

// hash returns the card hash of the first plausible card number among numbers.
func (h cardHasher) hash(numbers ...string) (string, bool) {
	for _, n := range numbers {
		if n == "" {
			continue
		}
		if s, ok := CardHash(h.key, n); ok {
			return s, true
		}
	}
	return "", false
}

// cardWords finds labelled holder names and security codes in free text.
var cardWords = regexp.MustCompile(`(?i)\b((?:(?:card|cc|credit\s*card)\s*holder(?:\s*name)?|name\s+on\s+(?:the\s+)?card|cvv2?|cvc2?|(?:card\s+)?security\s+code)\b|holder(?:\s*name)?\s*:)(\s*[:=#]?\s*)([^,;\n\r<>"()]*[^,;\n\r<>"()\s])`)

// cardLabels are the lower-case words that must occur before cardWords is worth running.
var cardLabels = []string{"holder", "cvv", "cvc", "security code", "on card", "on the card"}

func scrubCardWords(s string) string {
	found := false
	for _, l := range cardLabels {
		if containsFold(s, l) {
			found = true
			break
		}
	}
	if !found {
		return s
	}
	return cardWords.ReplaceAllString(s, "${1}${2}"+redacted)
}

// containsFold reports whether s contains the lower-case ASCII word w, ignoring ASCII case, without allocating.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[j] {
				break
			}
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}
