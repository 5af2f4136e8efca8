package devstack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/money"
)

// seedActor files the demo guests: a group admin of its own, so the audit log tells seeding from people's work.
var seedActor = auth.Actor{Subject: "demo-seed", Email: "seed@hearth.local", Name: "Demo seed", Groups: []string{"group-admin/group"}}

// demoGuest is a guest the console can show under hearth dev: a profile, maybe a membership, stays and checks,
// and a consent record.
type demoGuest struct {
	id, first, last, property, brand, currency string // currency: the home property's
	member                                     bool
	profile                                    map[string]any
	visits                                     []demoVisit
	consent                                    map[string]string
}

// demoVisit is a stay (nights > 0) or an outlet check, daysAgo days before today.
type demoVisit struct {
	property, reference string
	daysAgo, nights     int
	lines               map[string]int64 // category → minor units
}

func demoGuests() []demoGuest {
	return []demoGuest{
		{id: "G-DEMO-VERA", first: "Vera", last: "Vista", property: "hh-lisbon", brand: "harbour", currency: "EUR", member: true,
			profile: map[string]any{
				"dietary":     []map[string]string{{"kind": "allergy", "item": "peanuts", "severity": "severe"}},
				"preferences": []map[string]string{{"category": "room", "value": "high floor"}},
				"vip":         map[string]any{"level": 1, "tags": []string{"anniversary"}},
				"contacts":    []map[string]any{{"type": "email", "value": "vera.vista@example.com", "primary": true}},
			},
			visits: []demoVisit{
				{property: "hh-lisbon", reference: "LIS-4101", daysAgo: 64, nights: 3, lines: map[string]int64{"room": 68700, "food_beverage": 9450, "spa": 12000}},
				{property: "hh-lisbon-tasca", reference: "TAS-771", daysAgo: 65, lines: map[string]int64{"food_beverage": 8200}},
				{property: "hh-london", reference: "LON-2207", daysAgo: 18, nights: 2, lines: map[string]int64{"room": 52000, "food_beverage": 6400}},
			},
			consent: map[string]string{"channel": "email", "purpose": "marketing", "scope": "group", "status": "granted"}},
		{id: "G-DEMO-OLIVER", first: "Oliver", last: "Quay", property: "hh-london", brand: "harbour", currency: "GBP", member: true,
			visits: []demoVisit{
				{property: "hh-london", reference: "LON-2311", daysAgo: 9, nights: 4, lines: map[string]int64{"room": 98000, "food_beverage": 15500}},
				{property: "hh-london-spa", reference: "SPA-88", daysAgo: 10, lines: map[string]int64{"spa": 14000}},
			},
			consent: map[string]string{"channel": "sms", "purpose": "marketing", "scope": "harbour", "status": "denied"}},
		{id: "G-DEMO-NORA", first: "Nora", last: "York", property: "ln-newyork", brand: "lantern", currency: "USD", member: true,
			visits: []demoVisit{
				{property: "ln-newyork", reference: "NYC-5120", daysAgo: 30, nights: 2, lines: map[string]int64{"room": 89000, "food_beverage": 12050}},
			},
			consent: map[string]string{"channel": "email", "purpose": "marketing", "scope": "lantern", "status": "granted"}},
		{id: "G-DEMO-KENJI", first: "Kenji", last: "Mori", property: "ln-kyoto", brand: "lantern", currency: "JPY",
			visits: []demoVisit{
				{property: "ln-kyoto", reference: "KYO-3303", daysAgo: 5, nights: 3, lines: map[string]int64{"room": 126000, "food_beverage": 18000}},
				{property: "ln-kyoto-bar", reference: "BAR-19", daysAgo: 6, lines: map[string]int64{"food_beverage": 7400}},
			}},
	}
}

// SeedDemoGuests files a few guests of each brand through the API, as a seeding actor would: profiles, loyalty
// memberships, stays and outlet checks (as check-out and check-closed events, some booked through a company or a
// travel agent), consent, one large points adjustment waiting for approval, and a household. Guests that already exist (a persistent DynamoDB endpoint) are left alone.
// The consumers file the visits and points once the runtime runs.
func (st *Stack) SeedDemoGuests(ctx context.Context, now time.Time) error {
	token, err := st.Token(seedActor)
	if err != nil {
		return err
	}
	call := func(method, path string, body any, want int) error {
		var raw []byte
		if body != nil {
			if raw, err = json.Marshal(body); err != nil {
				return err
			}
		}
		req := httptest.NewRequestWithContext(ctx, method, path, strings.NewReader(string(raw)))
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		st.Handler.ServeHTTP(rec, req)
		if rec.Code != want {
			return fmt.Errorf("seed demo guests: %s %s = %d %s", method, path, rec.Code, strings.TrimSpace(rec.Body.String()))
		}
		return nil
	}
	today := now.UTC().Truncate(24 * time.Hour)
	for _, g := range demoGuests() {
		if call("GET", "/v1/guests/"+g.id+"/profile", nil, http.StatusOK) == nil {
			continue // seeded by an earlier run
		}
		profile := map[string]any{"name": map[string]string{"first": g.first, "last": g.last}, "properties": []string{g.property}}
		for k, v := range g.profile {
			profile[k] = v
		}
		if err := call("PUT", "/v1/guests/"+g.id+"/profile", profile, http.StatusOK); err != nil {
			return err
		}
		if g.member {
			if err := call("POST", "/v1/guests/"+g.id+"/membership", nil, http.StatusCreated); err != nil {
				return err
			}
		}
		for _, v := range g.visits {
			env, err := demoVisitEvent(g, v, today)
			if err != nil {
				return err
			}
			if err := call("POST", "/v1/events", env, http.StatusAccepted); err != nil {
				return err
			}
		}
		if g.consent != nil {
			c := map[string]string{"source": "console", "textVersion": "v1"}
			for k, v := range g.consent {
				c[k] = v
			}
			if err := call("POST", "/v1/guests/"+g.id+"/consent", c, http.StatusCreated); err != nil {
				return err
			}
		}
		if g.id == "G-DEMO-VERA" {
			adjustment := map[string]any{"kind": "points_adjustment", "summary": "adjust guest G-DEMO-VERA by 2500 points: anniversary stay goodwill",
				"brandId": g.brand, "propertyId": g.property, "payload": map[string]any{"guestId": g.id, "points": 2500, "reason": "anniversary stay goodwill"}}
			if err := call("POST", "/v1/approvals", adjustment, http.StatusAccepted); err != nil {
				return err
			}
		}
	}
	if err := seedDemoAccounts(call); err != nil {
		return err
	}
	if err := st.seedDemoReview(ctx, now); err != nil {
		return err
	}
	// The loyalty dashboard is computed nightly; ask for it now so the loyalty screen has figures from the start.
	return call("POST", "/v1/loyalty/dashboard", nil, http.StatusAccepted)
}

// demoVisitEvent is a stay's check-out or an outlet's closed check, as a PMS or POS would report it.
func demoVisitEvent(g demoGuest, v demoVisit, today time.Time) (events.Envelope, error) {
	departure := today.AddDate(0, 0, -v.daysAgo)
	currency := g.currency
	for _, b := range hierarchy.Demo().Brands {
		for _, p := range b.Properties {
			if p.ID == v.property {
				currency = p.Currency // a guest spends in each hotel's own currency
			}
		}
	}
	var lines []events.FolioLine
	var total int64
	for _, c := range []string{"room", "food_beverage", "spa", "other"} {
		if amount, ok := v.lines[c]; ok {
			lines = append(lines, events.FolioLine{Category: c, Amount: money.Money{Amount: amount, Currency: currency}, Date: departure.Format(time.DateOnly)})
			total += amount
		}
	}
	guest := events.GuestSnapshot{SourceGuestID: "P-" + g.id, FirstName: g.first, LastName: g.last}
	scope := events.Scope{BrandID: g.brand, PropertyID: v.property, GuestID: g.id}
	source := events.SourceRef{System: v.property + "-pms", RecordID: v.reference}
	at := departure.Add(11 * time.Hour)
	if v.nights == 0 {
		return events.New(events.POSCheckClosed{Source: source, CheckID: v.reference, OutletID: v.property, ClosedAt: at.Format(time.RFC3339),
			Lines: lines, Total: money.Money{Amount: total, Currency: currency}, Guest: guest}, scope, "demo/"+v.reference, at)
	}
	stay := events.StayCheckedOut{Source: source, ReservationID: v.reference, StayID: "S-" + v.reference,
		Arrival: departure.AddDate(0, 0, -v.nights).Format(time.DateOnly), Departure: departure.Format(time.DateOnly), Nights: v.nights,
		Folio: lines, Total: money.Money{Amount: total, Currency: currency}, Guest: guest}
	bookedThrough(&stay)
	return events.New(stay, scope, "demo/"+v.reference, at)
}
