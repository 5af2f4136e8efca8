package ingest

import (
	"fmt"
	"strings"

	"github.com/hearthcrm/hearth/events"
)

// Mapping translates one source's codes into Hearth's and says how to read its values. Each source has its own,
// because one hotel's "DLX" is another's "DBL-SEA".
type Mapping struct {
	// RoomTypes, RatePlans, MarketCodes and SourceCodes map source codes to Hearth's. A nil table means the source
	// is not mapped for that code and codes pass through unflagged; once a table exists, a code missing from it is
	// kept as sent and flagged with WarnUnknownCode, so a new rate plan shows up in data-quality reports instead of
	// vanishing.
	RoomTypes   map[string]string
	RatePlans   map[string]string
	MarketCodes map[string]string
	// SourceCodes maps a source-of-business code to the reservation's Channel.
	SourceCodes map[string]string
	// RevenueCodes maps revenue, transaction or POS category codes to a Hearth revenue category (room,
	// food_beverage, spa, other). Revenue categories drive earning rules, so an unknown code is always flagged and
	// filed under "other", whether or not the table exists.
	RevenueCodes map[string]string
	// Currency is the property's ISO 4217 currency, used when a message names none. Required.
	Currency string
	// DefaultRegion is the ISO 3166 alpha-2 region for phone numbers written without an international prefix when
	// the guest's own country is unknown.
	DefaultRegion string
	// TimeZone is the property's IANA zone ("Europe/Lisbon"): local times without an offset (CSV, some OTA
	// timestamps) are read in it. Empty means UTC.
	TimeZone string
	// LoyaltyProgram is the OTA CustLoyalty ProgramID of the brand's own programme. When set, memberships of other
	// programmes (airline miles) are not taken as the guest's loyalty number.
	LoyaltyProgram string
}

// revenueCategories are the categories of events.FolioLine.
var revenueCategories = map[string]bool{
	events.RevenueRoom: true, events.RevenueFoodBeverage: true, events.RevenueSpa: true, events.RevenueOther: true,
}

// validate checks the mapping once, when the Ingester is built, so a typo in configuration fails the deploy and not
// every message.
func (m Mapping) validate(p *problems) {
	if m.Currency == "" {
		p.required("Mapping.Currency")
	} else if _, ok := minorUnits[m.Currency]; !ok {
		p.fail("Mapping.Currency", fmt.Sprintf("%q is not an ISO 4217 currency with a minor unit", m.Currency))
	}
	if m.DefaultRegion != "" {
		if c, ok := NormaliseCountry(m.DefaultRegion); !ok || c != strings.ToUpper(m.DefaultRegion) {
			p.fail("Mapping.DefaultRegion", fmt.Sprintf("%q is not an ISO 3166 alpha-2 code", m.DefaultRegion))
		}
	}
	for code, cat := range m.RevenueCodes {
		if !revenueCategories[cat] {
			p.fail("Mapping.RevenueCodes["+code+"]", fmt.Sprintf("%q is not a revenue category (room, food_beverage, spa, other)", cat))
		}
	}
}

// code maps one code through table, flagging codes the table does not know; what names the code in warnings.
func code(table map[string]string, raw, what, field string, p *problems) string {
	raw = strings.TrimSpace(raw)
	if raw == "" || table == nil {
		return Scrub(raw)
	}
	if v, ok := table[raw]; ok {
		return v
	}
	p.warn(field, WarnUnknownCode, fmt.Sprintf("%s code %s is not in the source mapping; kept as sent", what, quote(raw)))
	return Scrub(raw) // kept as sent, but a card number typed into a code field is not a code
}

// revenue maps revenue codes to a Hearth category: the first code the table knows wins (a PMS transaction code is
// more specific than its category); none known means "other" and a warning.
func revenue(table map[string]string, field string, p *problems, codes ...string) string {
	seen := ""
	for _, c := range codes {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if cat, ok := table[c]; ok {
			return cat
		}
		if seen == "" {
			seen = c
		}
	}
	if seen == "" {
		p.warn(field, WarnUnknownCode, "no revenue code; filed under other")
	} else {
		p.warn(field, WarnUnknownCode, fmt.Sprintf("revenue code %s is not in the source mapping; filed under other", quote(seen)))
	}
	return events.RevenueOther
}

// quote echoes a sender's value in a message: truncated, scrubbed of card numbers, quoted.
func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("%q", Scrub(s))
}
