package identity

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Date is a date of birth as written: year, month and day. It may not be on the calendar (19371233): source
// systems store typos, and a typo still agrees partially with the true date. The zero Date means unknown.
type Date struct {
	Year, Month, Day int
}

// ErrMalformedDate is returned by ParseDate for text that is neither YYYYMMDD nor ISO 8601.
var ErrMalformedDate = errors.New("malformed date")

// ParseDate reads a date of birth written YYYYMMDD or ISO 8601 (YYYY-MM-DD, optionally followed by a time,
// "1980-03-04T00:00:00Z"). Blank text and the placeholders 00000000 and 1900-01-01 give the zero Date. The shape
// is checked, not the calendar: month 13 is kept as the typo it is and still compares partially.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	var digits string
	switch {
	case s == "":
		return Date{}, nil
	case len(s) == 8 && allDigits(s):
		digits = s
	case len(s) >= 10 && s[4] == '-' && s[7] == '-' && allDigits(s[:4]) && allDigits(s[5:7]) && allDigits(s[8:10]) &&
		(len(s) == 10 || s[10] == 'T' || s[10] == ' '):
		digits = s[:4] + s[5:7] + s[8:10]
	default:
		return Date{}, fmt.Errorf("%w %q: want YYYYMMDD or YYYY-MM-DD", ErrMalformedDate, s)
	}
	y, _ := strconv.Atoi(digits[:4])
	m, _ := strconv.Atoi(digits[4:6])
	d, _ := strconv.Atoi(digits[6:])
	if y == 0 || (y == 1900 && m == 1 && d == 1) {
		return Date{}, nil
	}
	if y < 1000 {
		return Date{}, fmt.Errorf("%w %q: year %d", ErrMalformedDate, s, y)
	}
	return Date{Year: y, Month: m, Day: d}, nil
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d == Date{} }

// String returns the date as YYYY-MM-DD, or "" when unknown.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// digits returns the date as eight digits, YYYYMMDD.
func (d Date) digits() [8]byte {
	var b [8]byte
	n := datePacked(d)
	for i := 7; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return b
}

// dateLevel compares two dates: exact; close when day and month are swapped or the eight digits differ by one
// typo (one digit changed, or two neighbours transposed: 1978 for 1987, a year off by one digit); disagree.
func dateLevel(a, b Date) Level {
	if a.IsZero() || b.IsZero() {
		return Missing
	}
	if a == b {
		return Exact
	}
	if a.Year == b.Year && a.Month == b.Day && a.Day == b.Month {
		return Close
	}
	da, db := a.digits(), b.digits()
	if editDistance(string(da[:]), string(db[:]), 1) <= 1 {
		return Close
	}
	return Disagree
}

// datePacked returns the date as the number YYYYMMDD.
func datePacked(d Date) int { return d.Year*10000 + d.Month*100 + d.Day }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}
