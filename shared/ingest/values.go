package ingest

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/hearthcrm/hearth/shared/money"
)

// This file validates the scalar values every format shares: identifiers, dates, instants and money. Each helper
// records its own problem under the field name it is given and returns a usable zero value, so mapping carries on
// and reports every problem of a message at once.

// maxIDLen bounds identifiers: they become parts of DynamoDB keys and FIFO group ids.
const maxIDLen = 100

// ident validates an identifier: trimmed, printable, at most maxIDLen bytes.
func ident(field, s string, required bool, p *problems) string {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			p.required(field)
		}
		return ""
	}
	if len(s) > maxIDLen {
		p.fail(field, fmt.Sprintf("must be at most %d characters", maxIDLen))
		return ""
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			p.fail(field, "must hold printable characters only")
			return ""
		}
	}
	return s
}

// civilDate is a calendar date in the property's zone.
type civilDate struct {
	s string    // YYYY-MM-DD
	t time.Time // midnight UTC of that date, for arithmetic
}

func (d civilDate) isZero() bool { return d.s == "" }

// date validates a YYYY-MM-DD date. lenient also accepts a date-time (OTA TimeSpan often sends one) and keeps its
// date part as written, since it is already in the property's zone.
func date(field, s string, required, lenient bool, p *problems) civilDate {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			p.required(field)
		}
		return civilDate{}
	}
	if lenient && len(s) > 10 && s[10] == 'T' {
		s = s[:10]
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1970 || t.Year() >= 2200 {
		p.fail(field, fmt.Sprintf("%s is not a date (YYYY-MM-DD)", quote(s)))
		return civilDate{}
	}
	return civilDate{s: s, t: t}
}

// stayDates checks arrival ≤ departure and returns the number of nights between them.
func stayDates(arrival, departure civilDate, departureField string, p *problems) int {
	if arrival.isZero() || departure.isZero() {
		return 0
	}
	nights := int(departure.t.Sub(arrival.t).Hours() / 24)
	if nights < 0 {
		p.fail(departureField, "is before arrival")
		return 0
	}
	return nights
}

// localLayouts are the zone-less forms read in the property's zone when a format allows them.
var localLayouts = []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", time.DateOnly}

// instant validates a point in time. RFC 3339 with an offset is always accepted; local also accepts zone-less forms
// (read in the property's zone), for formats such as CSV and OTA whose senders often omit the offset.
func (in *Ingester) instant(field, s string, required, local bool, p *problems) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			p.required(field)
		}
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil && local {
		for _, layout := range localLayouts {
			if t, err = time.ParseInLocation(layout, s, in.loc); err == nil {
				break
			}
		}
	}
	if err != nil || t.Year() < 1970 || t.Year() >= 2200 {
		want := "an RFC 3339 time with an offset"
		if local {
			want = "a time (RFC 3339, or YYYY-MM-DD[ hh:mm[:ss]] in the property's zone)"
		}
		p.fail(field, fmt.Sprintf("%s is not %s", quote(s), want))
		return time.Time{}, false
	}
	return t.UTC(), true
}

// currency picks and checks the currency of an amount: its own, else the message's, else the source's.
func (in *Ingester) currency(field string, codes ...string) (string, int, error) {
	c := in.src.Mapping.Currency
	for _, code := range codes {
		if code = strings.TrimSpace(code); code != "" {
			c = strings.ToUpper(code)
			break
		}
	}
	exp, ok := minorUnits[c]
	if !ok {
		return "", 0, fmt.Errorf("%s is not an ISO 4217 currency code", quote(c))
	}
	return c, exp, nil
}

// money converts a wire amount to minor units. msgCurrency is the message's default currency. Canonical JSON is
// strict: more decimals than the currency has is an error.
func (in *Ingester) money(field string, m *Money, msgCurrency string, p *problems) (money.Money, bool) {
	cur, exp, err := in.currency(field, m.Currency, msgCurrency)
	if err != nil {
		p.fail(field+".currency", err.Error())
		return money.Money{}, false
	}
	switch {
	case m.MinorUnits != nil && m.Amount != "":
		p.fail(field, "give amount or minorUnits, not both")
		return money.Money{}, false
	case m.MinorUnits != nil:
		return money.Money{Amount: *m.MinorUnits, Currency: cur}, true
	case m.Amount == "":
		p.fail(field+".amount", reasonRequired)
		return money.Money{}, false
	}
	minor, rounded, err := toMinor(string(m.Amount), 0, exp)
	if err == nil && Scrub(string(m.Amount)) != string(m.Amount) {
		err = errImplausible
	}
	if err != nil {
		p.fail(field+".amount", fmt.Sprintf("%s %v", quote(string(m.Amount)), err))
		return money.Money{}, false
	}
	if rounded {
		p.fail(field+".amount", fmt.Sprintf("%s has more decimals than %s allows (%d)", quote(string(m.Amount)), cur, exp))
		return money.Money{}, false
	}
	return money.Money{Amount: minor, Currency: cur}, true
}

// sum adds amounts that must share one currency; field names the list for the error.
func sum(field, currency string, amounts []money.Money, p *problems) (money.Money, bool) {
	total := money.Money{Currency: currency}
	for _, a := range amounts {
		var err error
		if total, err = total.Add(a); err != nil {
			p.fail(field, fmt.Sprintf("mixes currencies (%s and %s)", currency, a.Currency))
			return money.Money{}, false
		}
	}
	return total, true
}

// show formats an amount for people: "130.00 EUR", "45000 JPY", "209.750 BHD".
func show(m money.Money) string {
	exp := minorUnits[m.Currency]
	if exp == 0 {
		return fmt.Sprintf("%d %s", m.Amount, m.Currency)
	}
	sign, a := "", m.Amount
	if a < 0 {
		sign, a = "-", -a
	}
	p := int64(pow10[exp])
	return fmt.Sprintf("%s%d.%0*d %s", sign, a/p, exp, a%p, m.Currency)
}
