package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/shared/money"
)

// stamp is the version part of an OTA idempotency key: every version marker the sender gave (SequenceNmbr,
// EchoToken, then the record's own stamps), joined. A resent message repeats them all; a modification changes at
// least one. Taking all of them, not the first, protects against senders that send a constant EchoToken. When the
// message carries none, "" asks for a content hash.
func (m *OTAMessage) stamp(extra ...string) string {
	parts := make([]string, 0, 4)
	if s := strings.TrimSpace(m.SequenceNmbr); s != "" {
		parts = append(parts, "s"+s)
	}
	if e := strings.TrimSpace(m.EchoToken); e != "" {
		parts = append(parts, "e"+e)
	}
	for _, x := range extra {
		if x != "" {
			parts = append(parts, x)
		}
	}
	return strings.Join(parts, ".")
}

// otaMoney converts an OTA amount attribute. With DecimalPlaces and no decimal point the amount has implied decimals
// ("68700", 2 → 687.00), as the OTA specification describes; it is then expressed in the currency's own minor unit.
// Amounts finer than the currency are rounded half-even with a warning: channel managers send tax-inclusive rates to
// four decimals and rejecting a booking for a fraction of a cent would lose it.
func (in *Ingester) otaMoney(elem, attr, amount, currency, decimalPlaces string, p *problems) (money.Money, bool) {
	field := elem + "/@" + attr
	cur, exp, err := in.currency(field, currency)
	if err != nil {
		p.fail(elem+"/@CurrencyCode", err.Error())
		return money.Money{}, false
	}
	implied := 0
	if dp := strings.TrimSpace(decimalPlaces); dp != "" {
		n, err := strconv.Atoi(dp)
		if err != nil || n < 0 || n > 9 {
			p.fail(elem+"/@DecimalPlaces", quote(dp)+" is not a number of decimal places (0-9)")
			return money.Money{}, false
		}
		implied = n
	}
	minor, rounded, err := toMinor(amount, implied, exp)
	if err == nil && Scrub(amount) != amount {
		err = errImplausible
	}
	if err != nil {
		p.fail(field, fmt.Sprintf("%s %v", quote(amount), err))
		return money.Money{}, false
	}
	if rounded {
		p.warn(field, WarnRounded, fmt.Sprintf("%s has more decimals than %s (%d); rounded half-even", quote(amount), cur, exp))
	}
	return money.Money{Amount: minor, Currency: cur}, true
}

// total maps an OTA Total: after tax when given, else before tax. ok is false when the element holds no amount.
func (in *Ingester) otaTotal(field string, t *otaTotal, p *problems) (money.Money, bool) {
	if t == nil {
		return money.Money{}, false
	}
	switch {
	case strings.TrimSpace(t.AmountAfterTax) != "":
		return in.otaMoney(field, "AmountAfterTax", t.AmountAfterTax, t.CurrencyCode, t.DecimalPlaces, p)
	case strings.TrimSpace(t.AmountBeforeTax) != "":
		return in.otaMoney(field, "AmountBeforeTax", t.AmountBeforeTax, t.CurrencyCode, t.DecimalPlaces, p)
	}
	return money.Money{}, false
}

// span reads a TimeSpan: Start and End dates (date-times keep their date), or Start and an ISO 8601 Duration in
// nights or days ("P3N", "P3D").
func (in *Ingester) span(field string, ts *otaTimeSpan, p *problems) (civilDate, civilDate) {
	if ts == nil {
		p.required(field)
		return civilDate{}, civilDate{}
	}
	start := date(field+"/@Start", ts.Start, true, true, p)
	if strings.TrimSpace(ts.End) != "" || ts.Duration == "" {
		end := date(field+"/@End", ts.End, true, true, p)
		return start, end
	}
	d := strings.ToUpper(strings.TrimSpace(ts.Duration))
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(d, "P"), "N"), "D"))
	if !strings.HasPrefix(d, "P") || err != nil || n < 0 || n > 3650 {
		p.fail(field+"/@Duration", quote(ts.Duration)+" is not a duration in nights (P3N) or days (P3D)")
		return start, civilDate{}
	}
	if start.isZero() {
		return start, civilDate{}
	}
	t := start.t.AddDate(0, 0, n)
	return start, civilDate{s: t.Format(time.DateOnly), t: t}
}

// checkHotel rejects a message addressed to another hotel than the source's.
func (in *Ingester) checkHotel(field, code string, p *problems) {
	code = strings.TrimSpace(code)
	if in.src.HotelCode != "" && code != "" && code != in.src.HotelCode {
		p.fail(field, fmt.Sprintf("hotel %s is not this source's hotel", quote(code)))
	}
}

// messageTime is the request's TimeStamp, or zero when absent or unreadable (it is advisory: a bad TimeStamp is
// flagged, not fatal).
func (in *Ingester) messageTime(m *OTAMessage, p *problems) time.Time {
	if strings.TrimSpace(m.TimeStamp) == "" {
		return time.Time{}
	}
	var q problems
	t, ok := in.instant("@TimeStamp", m.TimeStamp, false, true, &q)
	if !ok {
		p.warn("@TimeStamp", WarnDropped, "not a date-time; ignored")
	}
	return t
}

// indexed returns "path[i]" with a 1-based index, XPath style.
func indexed(path string, i int) string { return path + "[" + strconv.Itoa(i+1) + "]" }

// truthy reads an XML boolean.
func truthy(s string) bool { s = strings.TrimSpace(s); return s == "true" || s == "1" }
