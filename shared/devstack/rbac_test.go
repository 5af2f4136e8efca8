package devstack_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/api"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/rewards"
	"github.com/hearthcrm/hearth/shared/store"
)

// rbacCase builds a request for a route acting on a property (in or out of the caller's scope). Group-wide routes
// ignore the property.
type rbacCase struct {
	groupWide bool // only group grants allow it
	brandWide bool // acts on a brand: property grants never cover it
	filtered  bool // any grant of the permission allows it; results are filtered
	build     func(c *client, property string) (method, path, body string)
}

var seq atomic.Int64

func eventAt(property string) string {
	brand := map[string]string{"hh-lisbon": "harbour", "hh-london": "harbour", "ln-kyoto": "lantern"}[property]
	return fmt.Sprintf(`{"id":"01JD4Y3Q7W5E9K2M8N6P0R%04d","type":"Consent Changed","version":1,"occurredAt":"2026-11-20T10:00:00Z",`+
		`"brandId":%q,"propertyId":%q,"guestId":"G1","idempotencyKey":"k%d","data":{"channel":"email","purpose":"marketing",`+
		`"scope":"group","status":"granted","source":"console"}}`, seq.Add(1), brand, property, seq.Load())
}

// approvalAt creates a pending approval at the property, requested by the admin, and returns its id.
func approvalAt(c *client, property string) string {
	out := c.do(ana, "POST", "/v1/approvals", `{"kind":"points_adjustment","summary":"s","propertyId":"`+property+`"}`, 202)
	return out["id"].(string)
}

// memberAt creates a member known at the property with 500 points, and returns the guest id.
func memberAt(c *client, property string) string {
	g := guestAt(c, property)
	c.do(ana, "POST", "/v1/guests/"+g+"/membership", "", 201)
	c.do(ana, "POST", "/v1/guests/"+g+"/membership/adjustments", `{"points":500,"reason":"welcome","reference":"w"}`, 201)
	return g
}

// guestAt creates a guest known at the property (as the admin) and returns its id.
func guestAt(c *client, property string) string {
	id := fmt.Sprintf("G-%s-%d", property, seq.Add(1))
	c.do(ana, "PUT", "/v1/guests/"+id+"/profile", `{"name":{"last":"Doe"},"properties":["`+property+`"]}`, 200)
	return id
}

// pairs are the merged guests made per stack and property: unmerging is idempotent, so one merge serves every
// caller (the first allowed one undoes it, the others repeat it).
var pairs sync.Map

// computed makes the loyalty dashboard once (the matrix runs on one stack).
var computed sync.Once

func pairAt(c *client, property string) (survivor, merged string) {
	key := fmt.Sprintf("%p/%s", c, property)
	if ids, ok := pairs.Load(key); ok {
		return ids.([2]string)[0], ids.([2]string)[1]
	}
	survivor, merged = mergedPairAt(c.t, c, property)
	pairs.Store(key, [2]string{survivor, merged})
	return survivor, merged
}

var propertyBody = map[string]string{
	"hh-lisbon": `{"brandId":"harbour","name":"Harbour Lisbon","kind":"hotel","code":"LISHH","timeZone":"Europe/Lisbon","currency":"EUR"}`,
	"hh-london": `{"brandId":"harbour","name":"Harbour London Docklands","kind":"hotel","code":"LONHH","timeZone":"Europe/London","currency":"GBP"}`,
	"ln-kyoto":  `{"brandId":"lantern","name":"Lantern Gion","kind":"hotel","code":"KYOLN","timeZone":"Asia/Tokyo","currency":"JPY"}`,
}

var rbacCases = map[string]rbacCase{
	"GET /v1/me":              {filtered: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/me", "" }},
	"GET /v1/hierarchy":       {filtered: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/hierarchy", "" }},
	"GET /v1/properties/{id}": {build: func(_ *client, p string) (string, string, string) { return "GET", "/v1/properties/" + p, "" }},
	"PUT /v1/properties/{id}": {build: func(_ *client, p string) (string, string, string) {
		return "PUT", "/v1/properties/" + p, propertyBody[p]
	}},
	"GET /v1/properties/{id}/arrivals": {build: func(_ *client, p string) (string, string, string) {
		return "GET", "/v1/properties/" + p + "/arrivals?from=2026-12-17&to=2026-12-19", ""
	}},
	"GET /v1/properties/{id}/reconciliation/{day}": {build: func(c *client, p string) (string, string, string) {
		c.do(ana, "POST", "/v1/properties/"+p+"/reconciliation/2026-11-20", "", 200)
		return "GET", "/v1/properties/" + p + "/reconciliation/2026-11-20", ""
	}},
	"POST /v1/properties/{id}/reconciliation/{day}": {build: func(_ *client, p string) (string, string, string) {
		return "POST", "/v1/properties/" + p + "/reconciliation/2026-11-20", ""
	}},
	"DELETE /v1/properties/{id}": {build: func(c *client, p string) (string, string, string) {
		return "DELETE", "/v1/properties/" + p + "?closedOn=2030-01-01", ""
	}},
	"PUT /v1/brands/{id}": {brandWide: true, build: func(_ *client, p string) (string, string, string) {
		return "PUT", "/v1/brands/" + brandOf(p), `{"name":"Renamed"}`
	}},
	"GET /v1/sources": {filtered: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/sources", "" }},
	"PUT /v1/sources/{id}": {build: func(_ *client, p string) (string, string, string) {
		return "PUT", "/v1/sources/pms-" + p, `{"propertyId":"` + p + `","mapping":{"currency":"EUR","timeZone":"Europe/Lisbon"}}`
	}},
	"GET /v1/sources/{id}/health": {build: func(c *client, p string) (string, string, string) {
		c.do(ana, "PUT", "/v1/sources/pms-"+p, `{"propertyId":"`+p+`","mapping":{"currency":"EUR","timeZone":"Europe/Lisbon"}}`, 200)
		return "GET", "/v1/sources/pms-" + p + "/health", ""
	}},
	"GET /v1/sources/{id}/health/days": {build: func(c *client, p string) (string, string, string) {
		c.do(ana, "PUT", "/v1/sources/pms-"+p, `{"propertyId":"`+p+`","mapping":{"currency":"EUR","timeZone":"Europe/Lisbon"}}`, 200)
		return "GET", "/v1/sources/pms-" + p + "/health/days", ""
	}},
	"POST /v1/sources/{id}/secrets": {build: func(c *client, p string) (string, string, string) {
		c.do(ana, "PUT", "/v1/sources/pms-"+p, `{"propertyId":"`+p+`","mapping":{"currency":"EUR","timeZone":"Europe/Lisbon"}}`, 200)
		return "POST", "/v1/sources/pms-" + p + "/secrets", ""
	}},
	"GET /v1/fraud/alerts": {filtered: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/fraud/alerts", "" }},
	"POST /v1/fraud/alerts/{key}/resolution": {filtered: true, build: func(c *client, _ string) (string, string, string) {
		return "POST", "/v1/fraud/alerts/" + openAlert(c) + "/resolution", `{"note":"a regular guest, checked","release":true}`
	}},
	"GET /v1/loyalty/dashboard": {filtered: true, build: func(c *client, _ string) (string, string, string) {
		computed.Do(func() { c.do(ana, "POST", "/v1/loyalty/dashboard", "", 202); c.drain() })
		return "GET", "/v1/loyalty/dashboard", ""
	}},
	"POST /v1/loyalty/dashboard": {filtered: true, build: func(*client, string) (string, string, string) { return "POST", "/v1/loyalty/dashboard", "" }},
	"GET /v1/loyalty/programme":  {filtered: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/loyalty/programme", "" }},
	"PUT /v1/loyalty/programme": {groupWide: true, build: func(c *client, _ string) (string, string, string) {
		cur := c.do(ana, "GET", "/v1/loyalty/programme", "", 200)
		body, _ := json.Marshal(map[string]any{"version": cur["version"], "programme": cur["programme"]})
		return "PUT", "/v1/loyalty/programme", string(body)
	}},
	"GET /v1/benefits": {filtered: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/benefits", "" }},
	"POST /v1/guests/{id}/certificates": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/guests/" + memberAt(c, p) + "/certificates", `{"benefitId":"late-checkout","requestId":"r1"}`
	}},
	"GET /v1/guests/{id}/certificates": {build: func(c *client, p string) (string, string, string) {
		return "GET", "/v1/guests/" + memberAt(c, p) + "/certificates", ""
	}},
	"GET /v1/certificates/{code}": {filtered: true, build: func(c *client, _ string) (string, string, string) {
		return "GET", "/v1/certificates/" + certAt(c, true), ""
	}},
	"GET /v1/certificates/{code}/pdf": {filtered: true, build: func(c *client, _ string) (string, string, string) {
		return "GET", "/v1/certificates/" + certAt(c, true) + "/pdf", ""
	}},
	"POST /v1/certificates/{code}/issue": {filtered: true, build: func(c *client, _ string) (string, string, string) {
		return "POST", "/v1/certificates/" + certAt(c, false) + "/issue", ""
	}},
	"POST /v1/certificates/{code}/cancel": {filtered: true, build: func(c *client, _ string) (string, string, string) {
		return "POST", "/v1/certificates/" + certAt(c, false) + "/cancel", ""
	}},
	"POST /v1/certificates/{code}/use": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/certificates/" + certAt(c, true) + "/use", `{"propertyId":"` + p + `","reservationId":"R-1","guest":"Walk-in friend"}`
	}},
	"POST /v1/giftcards/stock": {groupWide: true, build: func(*client, string) (string, string, string) {
		n, _ := loyalty.NewCardNumber("6035", uint64(seq.Add(1)), 16)
		return "POST", "/v1/giftcards/stock", `{"numbers":["` + string(n) + `"]}`
	}},
	"GET /v1/giftcards": {filtered: true, build: func(c *client, _ string) (string, string, string) {
		return "GET", "/v1/giftcards?buyer=Rita", ""
	}},
	"GET /v1/giftcards/liability":  {groupWide: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/giftcards/liability", "" }},
	"GET /v1/giftcards/top-buyers": {groupWide: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/giftcards/top-buyers", "" }},
	"GET /v1/giftcards/{number}":   {filtered: true, build: func(c *client, _ string) (string, string, string) { return "GET", "/v1/giftcards/" + soldCard(c), "" }},
	"POST /v1/giftcards/{number}/sale": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/giftcards/" + stockCard(c) + "/sale", `{"propertyId":"` + p + `","requestId":"s1","amount":{"amount":5000,"currency":"EUR"},"buyer":"Rita","tender":"cash"}`
	}},
	"POST /v1/giftcards/{number}/credits": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/giftcards/" + soldCard(c) + "/credits", `{"propertyId":"` + p + `","requestId":"g1","amount":{"amount":1000,"currency":"EUR"},"reason":"late room"}`
	}},
	"POST /v1/giftcards/{number}/loads":           {build: cardOp("loads", `,"tender":"cash"`)},
	"POST /v1/giftcards/{number}/redemptions":     {build: cardOp("redemptions", `,"reference":"CHK-1"`)},
	"POST /v1/giftcards/{number}/folio-transfers": {build: cardOp("folio-transfers", `,"folioId":"F-1"`)},
	"POST /v1/giftcards/{number}/prepayments":     {build: cardOp("prepayments", `,"reservationId":"R-1"`)},
	"POST /v1/giftcards/{number}/reissue": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/giftcards/" + soldCard(c) + "/reissue", `{"propertyId":"` + p + `","requestId":"x1","replacement":"` + stockCard(c) + `","reason":"lost"}`
	}},
	"POST /v1/exports/cardex": {build: func(_ *client, p string) (string, string, string) {
		return "POST", "/v1/exports/cardex", `{"propertyId":"` + p + `","format":"mailchimp"}`
	}},
	"POST /v1/exports/giftcards/gl/{day}": {groupWide: true, build: func(*client, string) (string, string, string) {
		return "POST", "/v1/exports/giftcards/gl/2026-11-20", ""
	}},
	"POST /v1/events":                {build: func(_ *client, p string) (string, string, string) { return "POST", "/v1/events", eventAt(p) }},
	"GET /v1/journal/days/{day}":     {groupWide: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/journal/days/2026-11-20", "" }},
	"GET /v1/journal/rollups/{day}":  {groupWide: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/journal/rollups/2026-11-20", "" }},
	"GET /v1/journal/guests/{id}":    {groupWide: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/journal/guests/G1", "" }},
	"POST /v1/exports/journal/{day}": {groupWide: true, build: func(*client, string) (string, string, string) { return "POST", "/v1/exports/journal/2026-11-20", "" }},
	"POST /v1/approvals": {build: func(_ *client, p string) (string, string, string) {
		return "POST", "/v1/approvals", `{"kind":"k","summary":"s","propertyId":"` + p + `"}`
	}},
	"GET /v1/approvals": {filtered: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/approvals", "" }},
	"GET /v1/approvals/{id}": {build: func(c *client, p string) (string, string, string) {
		return "GET", "/v1/approvals/" + approvalAt(c, p), ""
	}},
	"POST /v1/approvals/{id}/decision": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/approvals/" + approvalAt(c, p) + "/decision", `{"outcome":"rejected"}`
	}},
	"GET /v1/guests": {filtered: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/guests?q=doe", "" }},
	"GET /v1/guests/{id}/profile": {build: func(c *client, p string) (string, string, string) {
		return "GET", "/v1/guests/" + guestAt(c, p) + "/profile", ""
	}},
	"PUT /v1/guests/{id}/profile": {build: func(_ *client, p string) (string, string, string) {
		return "PUT", fmt.Sprintf("/v1/guests/G-NEW-%d/profile", seq.Add(1)), `{"name":{"last":"Doe"},"properties":["` + p + `"]}`
	}},
	"GET /v1/guests/{id}/360": {build: func(c *client, p string) (string, string, string) {
		return "GET", "/v1/guests/" + guestAt(c, p) + "/360", ""
	}},
	"POST /v1/guests/{id}/links": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/guests/" + guestAt(c, p) + "/links", `{"accountId":"` + accountFor(c) + `","role":"booker"}`
	}},
	"DELETE /v1/guests/{id}/links/{accountId}": {build: func(c *client, p string) (string, string, string) {
		g, a := guestAt(c, p), accountFor(c)
		c.do(ana, "POST", "/v1/guests/"+g+"/links", `{"accountId":"`+a+`","role":"traveller"}`, 200)
		return "DELETE", "/v1/guests/" + g + "/links/" + a, ""
	}},
	"GET /v1/accounts": {filtered: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/accounts?q=rbac", "" }},
	"PUT /v1/accounts/{id}": {filtered: true, build: func(*client, string) (string, string, string) {
		return "PUT", "/v1/accounts/rbac-put", `{"kind":"household","name":"RBAC family"}`
	}},
	"GET /v1/accounts/{id}": {filtered: true, build: func(c *client, _ string) (string, string, string) {
		return "GET", "/v1/accounts/" + accountFor(c), ""
	}},
	"GET /v1/accounts/{id}/stays": {filtered: true, build: func(c *client, _ string) (string, string, string) {
		return "GET", "/v1/accounts/" + accountFor(c) + "/stays", ""
	}},
	"GET /v1/merge-reviews": {filtered: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/merge-reviews", "" }},
	"POST /v1/merge-reviews/{id}/decision": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/merge-reviews/" + reviewAt(c, p) + "/decision", `{"outcome":"keep-apart"}`
	}},
	"POST /v1/guests/{id}/unmerge": {build: func(c *client, p string) (string, string, string) {
		survivor, merged := pairAt(c, p)
		return "POST", "/v1/guests/" + survivor + "/unmerge", `{"mergedId":"` + merged + `"}`
	}},
	"GET /v1/guests/{id}/export": {build: func(c *client, p string) (string, string, string) {
		return "GET", "/v1/guests/" + guestAt(c, p) + "/export", ""
	}},
	"POST /v1/guests/{id}/erasure": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/guests/" + guestAt(c, p) + "/erasure", ""
	}},
	"POST /v1/guests/{id}/membership": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/guests/" + guestAt(c, p) + "/membership", ""
	}},
	"POST /v1/guests/{id}/membership/redemptions": {build: func(c *client, p string) (string, string, string) {
		g := memberAt(c, p)
		return "POST", "/v1/guests/" + g + "/membership/redemptions", `{"points":10,"reason":"drink","reference":"r1"}`
	}},
	"POST /v1/guests/{id}/membership/holds": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/guests/" + memberAt(c, p) + "/membership/holds", `{"points":100,"reason":"spa","reference":"h1"}`
	}},
	"POST /v1/guests/{id}/membership/holds/{hold}/capture": {build: func(c *client, p string) (string, string, string) {
		g := memberAt(c, p)
		c.do(ana, "POST", "/v1/guests/"+g+"/membership/holds", `{"points":100,"reason":"spa","reference":"h1"}`, 201)
		return "POST", "/v1/guests/" + g + "/membership/holds/h1/capture", ""
	}},
	"POST /v1/guests/{id}/membership/holds/{hold}/release": {build: func(c *client, p string) (string, string, string) {
		g := memberAt(c, p)
		c.do(ana, "POST", "/v1/guests/"+g+"/membership/holds", `{"points":100,"reason":"spa","reference":"h1"}`, 201)
		return "POST", "/v1/guests/" + g + "/membership/holds/h1/release", ""
	}},
	"POST /v1/guests/{id}/membership/status": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/guests/" + memberAt(c, p) + "/membership/status", `{"status":"inactive"}`
	}},
	"POST /v1/guests/{id}/membership/tier": {build: func(c *client, p string) (string, string, string) {
		return "POST", "/v1/guests/" + memberAt(c, p) + "/membership/tier", `{"tier":"gold","reason":"ambassador"}`
	}},
	"POST /v1/guests/{id}/membership/reversals": {build: func(c *client, p string) (string, string, string) {
		g := memberAt(c, p)
		c.do(ana, "POST", "/v1/guests/"+g+"/membership/redemptions", `{"points":50,"reason":"bar","reference":"b1"}`, 201)
		return "POST", "/v1/guests/" + g + "/membership/reversals", `{"entryKey":"redeem/` + g + `/b1","reason":"bar closed"}`
	}},
	"POST /v1/guests/{id}/membership/adjustments": {build: func(c *client, p string) (string, string, string) {
		g := memberAt(c, p)
		return "POST", "/v1/guests/" + g + "/membership/adjustments", `{"points":100,"reason":"goodwill","reference":"a1"}`
	}},
	"GET /v1/guests/{id}/membership": {build: func(c *client, p string) (string, string, string) {
		g := guestAt(c, p)
		c.do(ana, "POST", "/v1/guests/"+g+"/membership", "", 201)
		return "GET", "/v1/guests/" + g + "/membership", ""
	}},
	"GET /v1/guests/{id}/consent": {filtered: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/guests/G1/consent", "" }},
	"POST /v1/guests/{id}/consent": {brandWide: true, build: func(_ *client, p string) (string, string, string) {
		return "POST", "/v1/guests/G1/consent", `{"channel":"email","purpose":"marketing","scope":"` + brandOf(p) + `","status":"granted","source":"console"}`
	}},
	"GET /v1/guests/{id}/consent/decision": {brandWide: true, build: func(_ *client, p string) (string, string, string) {
		return "GET", "/v1/guests/G1/consent/decision?channel=email&purpose=marketing&brandId=" + brandOf(p), ""
	}},
	"POST /v1/guests/{id}/unsubscribe-links": {brandWide: true, build: func(_ *client, p string) (string, string, string) {
		return "POST", "/v1/guests/G1/unsubscribe-links", `{"channel":"email","purpose":"marketing","scope":"` + brandOf(p) + `","validDays":30}`
	}},
	"GET /v1/suppressions": {groupWide: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/suppressions", "" }},
	"POST /v1/suppressions": {filtered: true, build: func(*client, string) (string, string, string) {
		return "POST", "/v1/suppressions", `{"channel":"email","address":"bounced@example.com","reason":"hard_bounce"}`
	}},
	"DELETE /v1/suppressions/{channel}/{target}": {groupWide: true, build: func(*client, string) (string, string, string) {
		return "DELETE", "/v1/suppressions/email/bounced@example.com", ""
	}},
	"GET /v1/retention": {groupWide: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/retention", "" }},
	"PUT /v1/retention": {groupWide: true, build: func(*client, string) (string, string, string) {
		return "PUT", "/v1/retention", `{"days":{"profile":1095,"stays":2555,"spend":2555,"messages":400,"surveys":730,"audit":2555}}`
	}},
	"GET /v1/audit":        {groupWide: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/audit?propertyId=hh-lisbon", "" }},
	"GET /v1/audit/verify": {groupWide: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/audit/verify", "" }},
	"GET /v1/audit/export": {groupWide: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/audit/export", "" }},
	"GET /v1/ops/queues":   {groupWide: true, build: func(*client, string) (string, string, string) { return "GET", "/v1/ops/queues", "" }},
	"GET /v1/ops/queues/{name}/dead-letters": {groupWide: true, build: func(*client, string) (string, string, string) {
		return "GET", "/v1/ops/queues/journal/dead-letters", ""
	}},
	"POST /v1/ops/queues/{name}/redrive": {groupWide: true, build: func(*client, string) (string, string, string) { return "POST", "/v1/ops/queues/journal/redrive", "" }},
}

// accountFor creates (once per stack) a company account as the admin and returns its id.
func accountFor(c *client) string {
	id := fmt.Sprintf("rbac-co-%p", c)
	if _, ok := pairs.LoadOrStore("account/"+id, true); !ok {
		c.do(ana, "PUT", "/v1/accounts/"+id[:len("rbac-co-")]+strings.TrimPrefix(id[len("rbac-co-"):], "0x"), `{"kind":"company","name":"RBAC Company"}`, 201)
	}
	return id[:len("rbac-co-")] + strings.TrimPrefix(id[len("rbac-co-"):], "0x")
}

// certAt registers (and, if issued, issues) a late-checkout certificate for a Lisbon member and returns its code.
func certAt(c *client, issued bool) string {
	g := memberAt(c, "hh-lisbon")
	c.do(ana, "POST", "/v1/guests/"+g+"/membership/adjustments", `{"points":2000,"reason":"top-up","reference":"t"}`, 201)
	code := c.do(ana, "POST", "/v1/guests/"+g+"/certificates", `{"benefitId":"late-checkout","requestId":"r1"}`, 201)["code"].(string)
	if issued {
		c.do(ana, "POST", "/v1/certificates/"+code+"/issue", "", 200)
	}
	return code
}

// openAlert raises a fraud alert as the rules would and returns its key, URL-encoded for a path.
func openAlert(c *client) string {
	key := fmt.Sprintf("fraud/early_redemption/G-%d/redeem-1", seq.Add(1))
	a := rewards.FraudAlert{Alert: loyalty.Alert{Key: key, Rule: loyalty.RuleEarlyRedemption, Hold: []string{"G-X"}, Evidence: []string{"redeem-1"},
		Detail: "redeemed 1h after enrolment", At: time.Now()}, Status: rewards.AlertOpen}
	if _, err := store.NewFraudStore(c.st.DB).Raise(context.Background(), a); err != nil {
		panic(err)
	}
	return url.PathEscape(key)
}

// stockCard registers a fresh gift card from stock (as the admin) and returns its number.
func stockCard(c *client) string {
	n, err := loyalty.NewCardNumber("6035", uint64(seq.Add(1)), 16)
	if err != nil {
		panic(err)
	}
	c.do(ana, "POST", "/v1/giftcards/stock", `{"numbers":["`+string(n)+`"]}`, 201)
	return string(n)
}

// soldCard is a stock card the admin sold at Lisbon for 200.00 EUR.
func soldCard(c *client) string {
	n := stockCard(c)
	c.do(ana, "POST", "/v1/giftcards/"+n+"/sale", `{"propertyId":"hh-lisbon","requestId":"s1","amount":{"amount":20000,"currency":"EUR"},"buyer":"Rita","tender":"cash"}`, 200)
	return n
}

// cardOp is a till operation on a sold card at property p.
func cardOp(action, extra string) func(c *client, p string) (string, string, string) {
	return func(c *client, p string) (string, string, string) {
		return "POST", "/v1/giftcards/" + soldCard(c) + "/" + action, `{"propertyId":"` + p + `","requestId":"op1","amount":{"amount":1000,"currency":"EUR"}` + extra + `}`
	}
}

func brandOf(p string) string {
	if strings.HasPrefix(p, "ln-") {
		return "lantern"
	}
	return "harbour"
}

// TestRBACMatrix calls every route as every role, granted on the group, on a brand and on a property, against a
// property in and out of that scope: out of scope is always 403 with a code, in scope always succeeds.
func TestRBACMatrix(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	type grantCase struct {
		grant     string
		in, out   string // properties inside and outside the grant
		groupWide bool   // the grant covers group-wide routes
	}
	for _, route := range api.Routes() {
		key := route.Method + " " + route.Path
		if route.Public {
			continue
		}
		rc, ok := rbacCases[key]
		if !ok {
			t.Errorf("route %s has no RBAC matrix case: add one (and declare its permission)", key)
			continue
		}
		if route.Permission == "" && key != "GET /v1/me" {
			t.Errorf("route %s declares no permission", key)
		}
		for _, role := range access.Roles() {
			for _, g := range []grantCase{
				{grant: role + "/group", in: "hh-lisbon", groupWide: true},
				{grant: role + "/brand/harbour", in: "hh-london", out: "ln-kyoto"},
				{grant: role + "/property/hh-lisbon", in: "hh-lisbon", out: "hh-london"},
			} {
				user := c.actor(t, auth.Actor{Subject: g.grant, Email: g.grant + "@test", Groups: []string{g.grant}})
				allowed := route.Permission == "" || access.Has(role, route.Permission)
				inScope := allowed && (!rc.groupWide || g.groupWide) && (!rc.brandWide || !strings.Contains(g.grant, "/property/"))
				method, path, body := rc.build(c, g.in)
				status, out := c.raw(user, method, path, body)
				if inScope && (status < 200 || status > 299) {
					t.Errorf("%s as %s on %s: %d %v, want success", key, g.grant, g.in, status, out)
				}
				if !inScope && (status != http.StatusForbidden || !strings.Contains(out, `"code":"forbidden"`)) {
					t.Errorf("%s as %s on %s: %d %v, want 403 forbidden", key, g.grant, g.in, status, out)
				}
				if g.out == "" || rc.groupWide || rc.filtered || !allowed {
					continue
				}
				method, path, body = rc.build(c, g.out)
				if status, out := c.raw(user, method, path, body); status != http.StatusForbidden || !strings.Contains(out, `"code":"forbidden"`) {
					t.Errorf("%s as %s on %s (out of scope): %d %v, want 403 forbidden", key, g.grant, g.out, status, out)
				}
			}
		}
	}
	for key := range rbacCases {
		found := false
		for _, r := range api.Routes() {
			found = found || r.Method+" "+r.Path == key
		}
		if !found {
			t.Errorf("RBAC case %s matches no route", key)
		}
	}
}

func TestListsAreFilteredToScope(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	approvalAt(c, "hh-lisbon")
	approvalAt(c, "ln-kyoto")
	paul := c.actor(t, auth.Actor{Subject: "p", Email: "p@test", Groups: []string{"property-manager/property/hh-lisbon"}})
	if _, out := c.raw(paul, "GET", "/v1/approvals", ""); strings.Count(out, `"propertyId":"hh-lisbon"`) != 1 || strings.Contains(out, "ln-kyoto") {
		t.Fatalf("property manager sees approvals %s", out)
	}
	_, out := c.raw(paul, "GET", "/v1/hierarchy", "")
	if !strings.Contains(out, `"id":"hh-lisbon"`) || strings.Contains(out, "hh-london") || strings.Contains(out, "lantern") {
		t.Fatalf("property manager sees hierarchy %s", out)
	}
}

func TestBadIdentitiesAreRefused(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	for name, tc := range map[string]struct {
		header, code string
		status       int
	}{
		"malformed JWT": {"Bearer not.a.jwt", "unauthenticated", 401},
		"not bearer":    {"Basic YTpi", "unauthenticated", 401},
		"unknown role":  {"Bearer " + c.token(t, auth.Actor{Subject: "x", Groups: []string{"wizard/group"}}), "invalid_grant", 403},
		"bad scope":     {"Bearer " + c.token(t, auth.Actor{Subject: "x", Groups: []string{"marketer/planet/mars"}}), "invalid_grant", 403},
	} {
		req, _ := http.NewRequest("GET", c.url+"/v1/hierarchy", nil)
		req.Header.Set("Authorization", tc.header)
		resp, err := c.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body strings.Builder
		_, _ = fmt.Fprint(&body, readAll(resp))
		if resp.StatusCode != tc.status || !strings.Contains(body.String(), `"code":"`+tc.code+`"`) {
			t.Errorf("%s: %d %s, want %d %s", name, resp.StatusCode, body.String(), tc.status, tc.code)
		}
	}
	if code := errorCode(c.do(ana, "GET", "/v1/properties/atlantis", "", 404)); code != "not_found" {
		t.Errorf("wrong property id: code %q", code)
	}
}
