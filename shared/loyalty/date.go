package loyalty

import (
	"time"
)

// Date is a calendar (business) date, stored as a day count so comparisons and spans are integer arithmetic.
// The zero Date means "not set"; valid dates run from 0001-01-01 to 9999-12-31.
type Date int32

// epochDate is the Date of 1970-01-01: 719,162 days after 0001-01-01, plus one so that zero stays "not set".
const epochDate = 719163

// NewDate returns the date y-m-d, normalising out-of-range months and days as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400 + epochDate)
}

// DateOf returns the calendar date of t in zone (UTC when zone is nil): the business date a hotel would write.
func DateOf(t time.Time, zone *time.Location) Date {
	if zone == nil {
		zone = time.UTC
	}
	y, m, d := t.In(zone).Date()
	return NewDate(y, m, d)
}

// ParseDate reads a strict YYYY-MM-DD date, the format of every date in the event catalogue.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, invalid("date", "want YYYY-MM-DD, got "+quote(s))
	}
	y, ok1 := digitsValue(s[0:4])
	m, ok2 := digitsValue(s[5:7])
	d, ok3 := digitsValue(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return 0, invalid("date", "not a calendar date: "+quote(s))
	}
	return NewDate(y, time.Month(m), d), nil
}

// Civil returns the year, month and day.
func (d Date) Civil() (int, time.Month, int) {
	return time.Unix((int64(d)-epochDate)*86400, 0).UTC().Date()
}

// IsZero reports whether the date is not set.
func (d Date) IsZero() bool { return d == 0 }

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns the same day n months later, clamped to the month's last day (31 January + 1 month is the
// last day of February), which is how anniversaries and expiry dates are counted.
func (d Date) AddMonths(n int) Date {
	y, m, day := d.Civil()
	total := int(m) - 1 + n
	y += total / 12
	total %= 12
	if total < 0 {
		total += 12
		y--
	}
	mm := time.Month(total + 1)
	return NewDate(y, mm, min(day, daysIn(y, mm)))
}

// AddYears returns the same day n years later; 29 February becomes 28 February in common years.
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }

// EndOfMonth returns the last day of d's month.
func (d Date) EndOfMonth() Date {
	y, m, _ := d.Civil()
	return NewDate(y, m, daysIn(y, m))
}

// Start returns the instant the date begins in zone (UTC when nil), in UTC.
func (d Date) Start(zone *time.Location) time.Time {
	if zone == nil {
		zone = time.UTC
	}
	y, m, day := d.Civil()
	return time.Date(y, m, day, 0, 0, 0, 0, zone).UTC()
}

// String formats the date as YYYY-MM-DD, or "" when not set.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	y, m, day := d.Civil()
	b := make([]byte, 10)
	put := func(at, width, v int) {
		for i := at + width - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, 4, y)
	b[4] = '-'
	put(5, 2, int(m))
	b[7] = '-'
	put(8, 2, day)
	return string(b)
}

// MarshalText writes YYYY-MM-DD (empty when not set), so dates read naturally in JSON and DynamoDB.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Moment is an instant together with the zone whose calendar gives its business date: a certificate used at
// 23:30 in Lisbon is used on that Lisbon day, whatever the UTC date.
type Moment struct {
	Now  time.Time
	Zone *time.Location // nil means UTC
}

// At returns the Moment now in zone.
func At(now time.Time, zone *time.Location) Moment { return Moment{Now: now, Zone: zone} }

// Today returns the business date of the moment.
func (m Moment) Today() Date { return DateOf(m.Now, m.Zone) }

// UTC returns the instant in UTC, the only form timestamps are stored in.
func (m Moment) UTC() time.Time { return m.Now.UTC() }

func daysIn(y int, m time.Month) int { return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day() }

// digitsValue parses a short all-digit string; strconv.Atoi would accept signs.
func digitsValue(s string) (int, bool) {
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, len(s) > 0
}

// quote bounds what user input an error message repeats.
func quote(s string) string {
	const max = 40
	if len(s) > max {
		s = s[:max] + "…"
	}
	return `"` + s + `"`
}
