package ingest

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// A CSV schema names the columns of one import kind. Headers are matched case-insensitively with spaces and hyphens
// read as underscores, and a few aliases; unknown columns are rejected so a misspelt header fails the file instead
// of silently emptying a field. Each row is turned into the canonical request of its kind and mapped by the same
// code as canonical JSON, so both formats validate identically. Amounts are decimals in major units ("687.00");
// times may be local ("2026-12-21 11:30") and are read in the property's zone.
type csvSchema struct {
	columns []csvColumn
	build   func(c *CSVReader, v func(string) string, p *problems) (Event, bool)
	aliases map[string]string // normalised header → column
	paths   map[string]string // request JSON path → column, to name errors
}

type csvColumn struct {
	name     string
	path     string // JSON path of the request field it fills
	required bool
	aliases  []string
}

func (s *csvSchema) lookup(h string) (string, bool) {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.NewReplacer(" ", "_", "-", "_").Replace(h)
	name, ok := s.aliases[h]
	return name, ok
}

func (s *csvSchema) names() string {
	out := make([]string, len(s.columns))
	for i, c := range s.columns {
		out[i] = c.name
	}
	return strings.Join(out, ", ")
}

func newSchema(build func(c *CSVReader, v func(string) string, p *problems) (Event, bool), cols ...[]csvColumn) *csvSchema {
	s := &csvSchema{build: build, aliases: map[string]string{}, paths: map[string]string{}}
	for _, group := range cols {
		s.columns = append(s.columns, group...)
	}
	for _, c := range s.columns {
		s.aliases[c.name] = c.name
		for _, a := range c.aliases {
			s.aliases[a] = c.name
		}
		if c.path != "" {
			s.paths[c.path] = c.name
		}
	}
	return s
}

// guestColumns are the guest's columns; prefix is the request path of the guest ("guest" or "" for profiles).
func guestColumns(prefix string, idRequired bool) []csvColumn {
	path := func(p string) string {
		if prefix == "" {
			return p
		}
		return prefix + "." + p
	}
	return []csvColumn{
		{name: "guest_id", path: path("id"), required: idRequired, aliases: []string{"profile_id"}},
		{name: "first_name", path: path("firstName"), aliases: []string{"firstname", "given_name"}},
		{name: "last_name", path: path("lastName"), aliases: []string{"lastname", "surname", "family_name"}},
		{name: "email", path: path("email"), aliases: []string{"email_address", "e_mail"}},
		{name: "phone", path: path("phone"), aliases: []string{"phone_number", "mobile", "telephone"}},
		{name: "country", path: path("country"), aliases: []string{"country_code", "nationality"}},
		{name: "language", path: path("language"), aliases: []string{"lang"}},
		{name: "loyalty_number", path: path("loyaltyNumber"), aliases: []string{"loyalty", "membership_id", "member_number"}},
		{name: "card_number", path: path("card.number"), aliases: []string{"card", "pan", "credit_card"}},
		{name: "card_holder", aliases: []string{"card_holder_name", "holder"}}, // accepted, never read
	}
}

// metaColumns say which version of a record a row is (see Meta).
var metaColumns = []csvColumn{{name: "sequence", path: "sequence", aliases: []string{"seq"}}}

// revenueColumns are the stays' per-category amounts, one folio line each.
var revenueColumns = []struct{ name, category string }{
	{"room_revenue", events.RevenueRoom},
	{"food_beverage_revenue", events.RevenueFoodBeverage},
	{"spa_revenue", events.RevenueSpa},
	{"other_revenue", events.RevenueOther},
}

// posColumns are a check's per-category amounts, one item each.
var posColumns = []struct{ name, category string }{
	{"food_beverage", events.RevenueFoodBeverage},
	{"spa", events.RevenueSpa},
	{"room", events.RevenueRoom},
	{"other", events.RevenueOther},
}

// csvSchemas are built on first use, not at package init: an init-time table would make every row mapper
// reachable, and so linked into functions that never read a CSV file (the api validates sources with this package).
var (
	csvSchemasOnce sync.Once
	csvSchemaTable map[Kind]*csvSchema
)

func csvSchemas() map[Kind]*csvSchema {
	csvSchemasOnce.Do(func() { csvSchemaTable = buildCSVSchemas() })
	return csvSchemaTable
}

func buildCSVSchemas() map[Kind]*csvSchema {
	return map[Kind]*csvSchema{
		KindProfile: newSchema(buildGuestRow, metaColumns, guestColumns("", true), []csvColumn{
			{name: "updated_at", path: "updatedAt", aliases: []string{"modified_at", "last_modified"}},
			{name: "tags", path: "tags"},
		}),
		KindCheckOut: newSchema(buildStayRow, metaColumns, []csvColumn{
			{name: "reservation_id", path: "reservationId", required: true, aliases: []string{"confirmation_number", "reservation"}},
			{name: "stay_id", path: "stayId"},
			{name: "arrival", path: "arrival", required: true, aliases: []string{"arrival_date", "check_in_date"}},
			{name: "departure", path: "departure", required: true, aliases: []string{"departure_date", "check_out_date"}},
			{name: "nights", path: "nights"},
			{name: "checked_out_at", path: "checkedOutAt", aliases: []string{"checkout_time", "checked_out"}},
			{name: "currency", path: "currency"},
			{name: "room_revenue"},
			{name: "food_beverage_revenue", aliases: []string{"fb_revenue", "f&b_revenue", "food_and_beverage_revenue"}},
			{name: "spa_revenue"},
			{name: "other_revenue"},
			{name: "total", path: "total", aliases: []string{"total_revenue"}},
		}, guestColumns("guest", false)),
		KindPOSCheck: newSchema(buildCheckRow, metaColumns, []csvColumn{
			{name: "check_id", path: "checkId", required: true, aliases: []string{"check_number", "check"}},
			{name: "outlet_id", path: "outletId", required: true, aliases: []string{"outlet"}},
			{name: "revenue_center", path: "revenueCenter", aliases: []string{"revenue_centre", "rvc"}},
			{name: "closed_at", path: "closedAt", required: true, aliases: []string{"closed", "close_time"}},
			{name: "covers", path: "covers", aliases: []string{"guests", "pax"}},
			{name: "currency", path: "currency"},
			{name: "food_beverage", aliases: []string{"fb", "f&b", "food_and_beverage"}},
			{name: "spa"},
			{name: "room"},
			{name: "other"},
			{name: "revenue_code"},
			{name: "amount"},
			{name: "tax", path: "tax"},
			{name: "tip", path: "tip", aliases: []string{"tips", "gratuity"}},
			{name: "total", path: "total"},
			{name: "room_charge", path: "roomCharge", aliases: []string{"charged_to_reservation", "room_charge_reservation"}},
		}, guestColumns("guest", false)),
	}
}

// csvGuest reads the guest columns.
func csvGuest(v func(string) string) Guest {
	g := Guest{ID: v("guest_id"), FirstName: v("first_name"), LastName: v("last_name"), Email: v("email"),
		Phone: v("phone"), Country: v("country"), Language: v("language"), LoyaltyNumber: v("loyalty_number")}
	if n := v("card_number"); n != "" {
		g.Card = &Card{Number: n}
	}
	return g
}

// csvMeta reads the sequence column.
func csvMeta(v func(string) string, p *problems) Meta {
	s := v("sequence")
	if s == "" {
		return Meta{}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		p.fail("sequence", quote(s)+" is not a non-negative integer")
	}
	return Meta{Sequence: n}
}

// csvTime reads a local or RFC 3339 time and returns it in RFC 3339 for the request; "" when absent or bad (bad
// values are reported here, under the column's name).
func (c *CSVReader) csvTime(col, s string, p *problems) string {
	if s == "" {
		return ""
	}
	t, ok := c.in.instant(col, s, false, true, p)
	if !ok {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func csvInt(col, s string, p *problems) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.fail(col, quote(s)+" is not an integer")
	}
	return n
}

func buildGuestRow(c *CSVReader, v func(string) string, p *problems) (Event, bool) {
	r := ProfileRequest{Meta: csvMeta(v, p), Guest: csvGuest(v)}
	if at := v("updated_at"); at != "" {
		if r.UpdatedAt = c.csvTime("updated_at", at, p); r.UpdatedAt == "" {
			return Event{}, false
		}
	}
	if t := v("tags"); t != "" {
		r.Tags = strings.FieldsFunc(t, func(r rune) bool { return r == '|' || r == ';' })
	}
	return c.in.mapProfile(&r, p)
}

// buildStayRow maps a stay. Without checked_out_at the stay is taken to end at noon on its departure date, local
// time: deterministic, so a re-imported file yields the same keys.
func buildStayRow(c *CSVReader, v func(string) string, p *problems) (Event, bool) {
	r := CheckOutRequest{Meta: csvMeta(v, p), ReservationID: v("reservation_id"), StayID: v("stay_id"),
		Arrival: v("arrival"), Departure: v("departure"), Currency: v("currency"), Guest: csvGuest(v)}
	if n := v("nights"); n != "" {
		nights := csvInt("nights", n, p)
		r.Nights = &nights
	}
	if at := v("checked_out_at"); at != "" {
		r.CheckedOutAt = c.csvTime("checked_out_at", at, p)
	} else if d, err := time.ParseInLocation(time.DateOnly, r.Departure, c.in.loc); err == nil {
		r.CheckedOutAt = d.Add(12 * time.Hour).Format(time.RFC3339)
	}
	for _, rc := range revenueColumns {
		if s := v(rc.name); s != "" {
			r.Folio = append(r.Folio, FolioLine{Category: rc.category, Amount: Money{Amount: Decimal(s)}})
			c.lines = append(c.lines, rc.name)
		}
	}
	if t := v("total"); t != "" {
		r.Total = &Money{Amount: Decimal(t)}
	}
	if p.failedSince(0) {
		return Event{}, false
	}
	return c.in.mapCheckOut(&r, p)
}

// buildCheckRow maps a check: one item per category column, or one coded item from revenue_code and amount.
func buildCheckRow(c *CSVReader, v func(string) string, p *problems) (Event, bool) {
	g := csvGuest(v)
	r := POSCheckRequest{Meta: csvMeta(v, p), CheckID: v("check_id"), OutletID: v("outlet_id"),
		RevenueCenter: v("revenue_center"), Currency: v("currency"), RoomCharge: v("room_charge"),
		Covers: csvInt("covers", v("covers"), p)}
	if g != (Guest{}) {
		r.Guest = &g
	}
	if at := v("closed_at"); at != "" {
		if r.ClosedAt = c.csvTime("closed_at", at, p); r.ClosedAt == "" {
			return Event{}, false
		}
	}
	for _, pc := range posColumns {
		if s := v(pc.name); s != "" {
			r.Items = append(r.Items, POSItem{Name: r.RevenueCenter, Category: pc.category, Amount: Money{Amount: Decimal(s)}})
			c.lines = append(c.lines, pc.name)
		}
	}
	if code, amount := v("revenue_code"), v("amount"); code != "" || amount != "" {
		r.Items = append(r.Items, POSItem{Name: r.RevenueCenter, Code: code, Amount: Money{Amount: Decimal(amount)}})
		c.lines = append(c.lines, "amount")
	}
	for _, opt := range []struct {
		col string
		dst **Money
	}{{"tax", &r.Tax}, {"tip", &r.Tip}, {"total", &r.Total}} {
		if s := v(opt.col); s != "" {
			*opt.dst = &Money{Amount: Decimal(s)}
		}
	}
	if p.failedSince(0) {
		return Event{}, false
	}
	return c.in.mapPOSCheck(&r, p)
}
