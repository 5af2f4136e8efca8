package ingest

import (
	"encoding/json"
	"errors"
)

// Decimal is an amount as the sender wrote it, kept as text (a JSON number or string) so it converts to minor
// units exactly: "687.00", 687, "-12.5". Floats never touch money.
type Decimal string

// UnmarshalJSON keeps the literal. Anything that is not a string is kept raw too and rejected later, where the
// field path is known; null leaves the amount absent.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) >= 2 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = Decimal(s)
		return nil
	}
	*d = Decimal(b)
	return nil
}

// maxDigits bounds the significant digits of an amount: 18 always fit an int64.
const maxDigits = 18

var (
	errNotDecimal = errors.New("is not a decimal number (digits, an optional sign and decimal point)")
	errTooLarge   = errors.New("is too large")
	// errImplausible: the digits of a card number are never an amount, and must not be stored as one.
	errImplausible = errors.New("is not a plausible amount")
)

// toMinor converts decimal text to minor units of a currency with exp decimals. With a decimal point the text is
// taken literally; without one, implied decimal places apply (OTA's DecimalPlaces: "68700" with 2 means 687.00).
// When the value has more decimals than the currency, it is rounded half-even and rounded reports it, so the caller
// decides whether that is an error (canonical JSON) or a warning (OTA). Only integer arithmetic is used.
func toMinor(s string, implied, exp int) (minor int64, rounded bool, err error) {
	i := 0
	for i < len(s) && s[i] == ' ' {
		i++
	}
	j := len(s)
	for j > i && s[j-1] == ' ' {
		j--
	}
	s = s[i:j]
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" {
		return 0, false, errNotDecimal
	}
	var mant uint64
	digits, frac, seenPoint, seenDigit := 0, 0, false, false
	fracZeros := 0 // trailing zeros of the fraction, dropped so "687.000" costs no precision
	for k := 0; k < len(s); k++ {
		c := s[k]
		switch {
		case c == '.' && !seenPoint:
			seenPoint = true
		case c >= '0' && c <= '9':
			seenDigit = true
			if seenPoint {
				frac++
				if c == '0' {
					fracZeros++
					continue
				}
				// flush the zeros held back before this digit
				for ; fracZeros > 0; fracZeros-- {
					if mant, err = mul10(mant, &digits); err != nil {
						return 0, false, err
					}
				}
			}
			if mant, err = mul10(mant, &digits); err != nil {
				return 0, false, err
			}
			mant += uint64(c - '0')
		default:
			return 0, false, errNotDecimal
		}
	}
	if !seenDigit {
		return 0, false, errNotDecimal
	}
	scale := frac - fracZeros
	if !seenPoint {
		if implied < 0 || implied > maxDigits {
			return 0, false, errors.New("has an implausible number of decimal places")
		}
		scale = implied
	}
	// value = mant × 10^-scale; minor = value × 10^exp
	for scale < exp {
		if mant, err = mul10(mant, &digits); err != nil {
			return 0, false, err
		}
		scale++
	}
	if scale > exp {
		shift := scale - exp
		if shift > maxDigits {
			// everything is below the minor unit
			rounded = mant != 0
			mant = 0
		} else {
			p := pow10[shift]
			q, r := mant/p, mant%p
			if r != 0 {
				rounded = true
				if 2*r > p || (2*r == p && q%2 == 1) {
					q++
				}
			}
			mant = q
		}
	}
	if mant > 1<<63-1 {
		return 0, false, errTooLarge
	}
	v := int64(mant)
	if neg {
		v = -v
	}
	return v, rounded, nil
}

// mul10 multiplies by ten while counting significant digits, failing past maxDigits rather than overflowing.
func mul10(m uint64, digits *int) (uint64, error) {
	if m == 0 {
		return 0, nil // leading zeros are not significant
	}
	*digits++
	if *digits >= maxDigits {
		return 0, errTooLarge
	}
	return m * 10, nil
}

var pow10 = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}
