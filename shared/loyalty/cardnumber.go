package loyalty

import "strings"

// CardNumber is a gift card's number: 12 to 19 digits ending in a Luhn check digit, pre-encoded on the card's
// magnetic stripe or barcode when the stock is printed.
type CardNumber string

const (
	minCardDigits = 12
	maxCardDigits = 19
)

// NewCardNumber returns the number of card seq in a print run: the issuer prefix, seq zero-padded to fill
// length−1 digits, and the Luhn digit.
func NewCardNumber(prefix string, seq uint64, length int) (CardNumber, error) {
	if length < minCardDigits || length > maxCardDigits {
		return "", invalid("length", "a card number has 12 to 19 digits")
	}
	if prefix != "" && !allDigits(prefix) {
		return "", invalid("prefix", "digits only")
	}
	width := length - 1 - len(prefix)
	if width < 1 {
		return "", invalid("prefix", "leaves no room for the sequence")
	}
	s, ok := padDigits(seq, width)
	if !ok {
		return "", invalid("sequence", "does not fit the card number")
	}
	body := prefix + s
	return CardNumber(body + string(luhnDigit(body))), nil
}

// ParseCardNumber reads a card number as typed (spaces and hyphens allowed) or swiped: ISO 7813 track 2
// (";<number>=…?") or track 1 ("%B<number>^…"). The check digit must be right.
func ParseCardNumber(s string) (CardNumber, error) {
	in := strings.TrimSpace(s)
	var d string
	switch {
	case strings.HasPrefix(in, ";"):
		d = in[1:]
		if i := strings.IndexAny(d, "=?"); i >= 0 {
			d = d[:i]
		}
	case strings.HasPrefix(in, "%B"), strings.HasPrefix(in, "%b"):
		d = in[2:]
		if i := strings.IndexByte(d, '^'); i >= 0 {
			d = d[:i]
		}
	default:
		d = stripSeparators(in)
	}
	if len(d) < minCardDigits || len(d) > maxCardDigits || !allDigits(d) || !luhnValid(d) {
		return "", &NumberError{Kind: "card number", Input: quote(s)}
	}
	return CardNumber(d), nil
}

// Masked returns the number with all but the last four digits hidden, for receipts and reports.
func (n CardNumber) Masked() string {
	if len(n) <= 4 {
		return string(n)
	}
	return strings.Repeat("*", len(n)-4) + string(n[len(n)-4:])
}
