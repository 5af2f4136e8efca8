package ingest_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/ingest"
	"github.com/hearthcrm/hearth/shared/money"
)

func eur(n int64) money.Money { return money.Money{Amount: n, Currency: "EUR"} }

// jsonSamples are canonical messages of every kind, each checked for the event it must produce.
var jsonSamples = []struct {
	file  string
	kind  ingest.Kind
	check func(t *testing.T, res ingest.Result)
}{
	{"reservation_booked.json", ingest.KindReservation, func(t *testing.T, res ingest.Result) {
		d := decode[*events.ReservationUpserted](t, res)
		equal(t, d, &events.ReservationUpserted{
			Source: events.SourceRef{System: "opera-lis", RecordID: "R-88123"}, ReservationID: "R-88123", Status: "booked",
			Arrival: "2026-12-18", Departure: "2026-12-21", RoomType: "deluxe-king", RatePlan: "best-available",
			Channel: "direct-web", Total: eur(68700),
			Guest: events.GuestSnapshot{SourceGuestID: "P-5521", FirstName: "Ana Maria", LastName: "Sousa",
				Email: "ana.sousa@example.com", Phone: "+351912345678", LoyaltyNumber: "HH-0042-7731",
				CardHash: cardHash(t, "4111111111111111")},
		})
		equal(t, res.Events[0].Envelope.IdempotencyKey, "opera-lis/reservation/R-88123/booked/s1")
		equal(t, res.Events[0].GroupKey, "opera-lis/res/R-88123")
	}},
	{"reservation_modified.json", ingest.KindReservation, func(t *testing.T, res ingest.Result) {
		d := decode[*events.ReservationUpserted](t, res)
		equal(t, [3]any{d.Status, d.RoomType, d.Total}, [3]any{"modified", "junior-suite", eur(119600)}) // minorUnits, source currency
		equal(t, res.Events[0].Envelope.IdempotencyKey, "opera-lis/reservation/R-88123/modified/s2")
	}},
	{"reservation_cancelled.json", ingest.KindReservation, func(t *testing.T, res ingest.Result) {
		d := decode[*events.ReservationUpserted](t, res)
		equal(t, [2]any{d.Status, d.Total}, [2]any{"cancelled", eur(0)})
	}},
	{"check_in.json", ingest.KindCheckIn, func(t *testing.T, res ingest.Result) {
		d := decode[*events.StayCheckedIn](t, res)
		equal(t, [4]string{d.StayID, d.Room, d.Guest.Phone, d.Departure}, [4]string{"S-88123", "412", "+351912345678", "2026-12-22"})
		equal(t, res.Events[0].Envelope.IdempotencyKey, "opera-lis/check_in/S-88123/checked_in/t2026-12-18T15:21:50Z")
	}},
	{"check_out.json", ingest.KindCheckOut, func(t *testing.T, res ingest.Result) {
		d := decode[*events.StayCheckedOut](t, res)
		equal(t, d.Folio, []events.FolioLine{
			{Category: "room", Description: "Room 412", Amount: eur(91600), Date: "2026-12-21"},
			{Category: "food_beverage", Description: "Tasca dinner", Amount: eur(9450), Date: "2026-12-19"},
			{Category: "spa", Description: "Massage 60", Amount: eur(12000), Date: "2026-12-20"},
			{Category: "other", Description: "Parking", Amount: eur(6000)},
		})
		equal(t, [3]any{d.Total, d.Nights, d.Guest.CardHash}, [3]any{eur(119050), 4, cardHash(t, "5555555555554444")})
		warned(t, res.Warnings, "folio[3]", ingest.WarnUnknownCode)
	}},
	{"check_out_company.json", ingest.KindCheckOut, func(t *testing.T, res ingest.Result) {
		d := decode[*events.StayCheckedOut](t, res)
		equal(t, d.Company, &events.AccountSnapshot{SourceAccountID: "C-1001", Name: "Acme Logística, S.A.",
			Codes:   []events.AccountCode{{Context: "CRS", Value: "ACME01"}},
			Address: &events.AccountAddress{Lines: []string{"Avenida da Liberdade 110"}, City: "Lisboa", Country: "PT"}})
		equal(t, d.TravelAgent, &events.AccountSnapshot{Name: "Wanderlust Travel", IATA: "12345678"})
		equal(t, [2]any{d.Total, d.StayID}, [2]any{eur(37250), "R-88310"})
	}},
	{"pos_check.json", ingest.KindPOSCheck, func(t *testing.T, res ingest.Result) {
		d := decode[*events.POSCheckClosed](t, res)
		equal(t, d.Lines, []events.FolioLine{
			{Category: "food_beverage", Description: "Bacalhau à Brás", Amount: eur(4800), Date: "2026-12-19"},
			{Category: "food_beverage", Description: "Pastéis de nata", Amount: eur(700), Date: "2026-12-19"}, // revenue centre's code
			{Category: "food_beverage", Description: "Alvarinho 2022", Amount: eur(3950), Date: "2026-12-19"},
		})
		equal(t, d.Total, eur(9450)) // revenue: items only; tax and tip checked against tenders, not earned on
		equal(t, [4]any{d.RoomCharge, d.ClosedAt, d.Covers, d.Guest.CardHash}, [4]any{"R-88123", "2026-12-19T21:40:00Z", 2, cardHash(t, "4111111111111111")})
		equal(t, res.Events[0].GroupKey, "opera-lis/res/R-88123") // charged to the room: ordered with the stay
	}},
	{"profile.json", ingest.KindProfile, func(t *testing.T, res ingest.Result) {
		d := decode[*events.GuestProfileUpserted](t, res)
		equal(t, d, &events.GuestProfileUpserted{FirstName: "Ana Maria", LastName: "Sousa", Email: "ana.sousa@example.com",
			Phone: "+351912345678", Language: "pt-PT", LoyaltyNumber: "HH-0042-7731", Tags: []string{"vip", "wine lover"},
			Sources: []events.SourceRef{{System: "opera-lis", RecordID: "P-5521"}}})
	}},
	{"profile_preferences.json", ingest.KindProfile, func(t *testing.T, res ingest.Result) {
		d := decode[*events.GuestProfileUpserted](t, res)
		equal(t, d.Stated, &events.StatedPreferences{
			Preferences: []events.StatedPreference{
				{Category: "floor", Value: "high floor, away from the lift"}, {Category: "newspaper", Value: "Nikkei"},
				{Category: "other", Value: "room number without a 4"}, {Category: "pillow", Value: "buckwheat pillow"},
				{Category: "temperature", Value: "19 °C"},
			},
			Dietary: []events.StatedDietary{
				{Kind: "allergy", Item: "penicillin"}, {Kind: "allergy", Item: "shellfish", Severity: "anaphylactic", Notes: "carries an EpiPen"},
				{Kind: "intolerance", Item: "lactose"},
			},
		})
		warned(t, res.Warnings, "preferences[4].category", ingest.WarnUnknownCode)
		warned(t, res.Warnings, "dietary[2].severity", ingest.WarnInconsistent)
	}},
}

func TestStatedPreferences(t *testing.T) {
	t.Parallel()
	in := ingester(t, "lisbon")
	profile := func(extra string) (ingest.Result, error) {
		return in.Canonical(ingest.KindProfile, []byte(`{"id":"P-1","updatedAt":"2026-11-20T08:10:00Z","lastName":"Lee"`+extra+`}`))
	}
	res, err := profile(``)
	if err != nil || decode[*events.GuestProfileUpserted](t, res).Stated != nil {
		t.Fatalf("a profile without the lists says nothing of them: %v", err)
	}
	res, err = profile(`,"preferences":[]`)
	if err != nil {
		t.Fatal(err)
	}
	if s := decode[*events.GuestProfileUpserted](t, res).Stated; s == nil || len(s.Preferences)+len(s.Dietary) != 0 {
		t.Fatalf("an empty list clears: %+v", s)
	}
	for body, field := range map[string]string{
		`,"dietary":[{"kind":"phobia","item":"spiders"}]`:                    "dietary[0].kind",
		`,"dietary":[{"kind":"allergy","item":""}]`:                          "dietary[0].item",
		`,"dietary":[{"kind":"allergy","item":"nuts","severity":"extreme"}]`: "dietary[0].severity",
	} {
		_, err := profile(body)
		if !errors.Is(err, ingest.ErrInvalid) || !strings.Contains(err.Error(), field) {
			t.Errorf("%s: %v, want an error at %s", body, err, field)
		}
	}
}

func TestCanonicalSamples(t *testing.T) {
	t.Parallel()
	for _, s := range jsonSamples {
		t.Run(s.file, func(t *testing.T) {
			t.Parallel()
			in := ingester(t, "lisbon")
			body := readFile(t, filepath.Join("testdata", "json", s.file))
			res, err := in.Canonical(s.kind, body)
			if err != nil {
				t.Fatalf("Canonical: %v", err)
			}
			s.check(t, res)
			golden(t, filepath.Join("json", strings.TrimSuffix(s.file, ".json")+".json"), pretty(t, res))
			again, err := in.Canonical(s.kind, body)
			if err != nil {
				t.Fatal(err)
			}
			equal(t, again.Events, res.Events) // a duplicate is byte-identical, id included
		})
	}
}

func TestCanonicalIdempotencyKeys(t *testing.T) {
	t.Parallel()
	in := ingester(t, "lisbon")
	key := func(kind ingest.Kind, body string) string {
		t.Helper()
		res, err := in.Canonical(kind, []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		return res.Events[0].Envelope.IdempotencyKey
	}
	const base = `"reservationId":"R-1","arrival":"2027-03-01","departure":"2027-03-04","guest":{}`
	cases := []struct {
		name string
		a, b string
		same bool
	}{
		{"resent", `{"status":"booked","modifiedAt":"2027-02-01T10:00:00Z",` + base + `}`,
			`{"status":"booked","modifiedAt":"2027-02-01T10:00:00Z",` + base + `}`, true},
		{"same instant, other offset", `{"status":"booked","modifiedAt":"2027-02-01T10:00:00Z",` + base + `}`,
			`{"status":"booked","modifiedAt":"2027-02-01T11:00:00+01:00",` + base + `}`, true},
		{"field order is irrelevant", `{"modifiedAt":"2027-02-01T10:00:00Z","status":"booked",` + base + `}`,
			`{` + base + `,"status":"booked","modifiedAt":"2027-02-01T10:00:00Z"}`, true},
		{"modified later", `{"status":"modified","modifiedAt":"2027-02-01T10:00:00Z",` + base + `}`,
			`{"status":"modified","modifiedAt":"2027-02-02T10:00:00Z",` + base + `}`, false},
		{"status changed", `{"status":"booked","modifiedAt":"2027-02-01T10:00:00Z",` + base + `}`,
			`{"status":"cancelled","modifiedAt":"2027-02-01T10:00:00Z",` + base + `}`, false},
		{"sequence wins over clocks", `{"status":"modified","sequence":4,"modifiedAt":"2027-02-01T10:00:00Z",` + base + `}`,
			`{"status":"modified","sequence":4,"modifiedAt":"2027-02-01T10:00:05Z",` + base + `}`, true},
		{"new sequence", `{"status":"modified","sequence":4,"modifiedAt":"2027-02-01T10:00:00Z",` + base + `}`,
			`{"status":"modified","sequence":5,"modifiedAt":"2027-02-01T10:00:00Z",` + base + `}`, false},
		{"sender key", `{"idempotencyKey":"msg-1","status":"booked","modifiedAt":"2027-02-01T10:00:00Z",` + base + `}`,
			`{"idempotencyKey":"msg-1","status":"modified","modifiedAt":"2027-02-03T10:00:00Z",` + base + `}`, true},
	}
	for _, c := range cases {
		ka, kb := key(ingest.KindReservation, c.a), key(ingest.KindReservation, c.b)
		if (ka == kb) != c.same {
			t.Errorf("%s: keys %q and %q, want same=%v", c.name, ka, kb, c.same)
		}
	}
	// A record id with a '/' cannot collide with another record's key.
	a := key(ingest.KindReservation, `{"status":"booked","modifiedAt":"2027-02-01T10:00:00Z","reservationId":"R-1/booked","arrival":"2027-03-01","departure":"2027-03-04","guest":{}}`)
	contains(t, a, "R-1%2Fbooked/booked/")
	// Profiles without an update time are keyed on their content, never on the receive time.
	p1 := key(ingest.KindProfile, `{"id":"G-1","email":"a@example.com"}`)
	p2 := key(ingest.KindProfile, `{"id":"G-1","email":"A@Example.com "}`)
	p3 := key(ingest.KindProfile, `{"id":"G-1","email":"b@example.com"}`)
	equal(t, p1, p2)
	if p1 == p3 {
		t.Error("a changed profile without updatedAt must get a new key")
	}
}

func TestCanonicalBadInput(t *testing.T) {
	t.Parallel()
	const res = `"status":"booked","modifiedAt":"2027-02-01T10:00:00Z","arrival":"2027-03-01","departure":"2027-03-04"`
	cases := []struct {
		name  string
		kind  ingest.Kind
		body  string
		field string
	}{
		{"empty body", ingest.KindReservation, ``, ""},
		{"not json", ingest.KindReservation, `<xml/>`, ""},
		{"array", ingest.KindReservation, `[]`, ""},
		{"trailing data", ingest.KindReservation, `{"reservationId":"R-1",` + res + `} {}`, ""},
		{"unknown field", ingest.KindReservation, `{"reservationId":"R-1","colour":"red",` + res + `}`, "colour"},
		{"misspelt nested field", ingest.KindReservation, `{"reservationId":"R-1",` + res + `,"guest":{"emial":"a@b.c"}}`, "emial"},
		{"wrong type", ingest.KindReservation, `{"reservationId":7,` + res + `}`, "reservationId"},
		{"wrong nested type", ingest.KindCheckOut, `{"reservationId":"R-1","checkedOutAt":"2027-03-04T10:00:00Z","arrival":"2027-03-01","departure":"2027-03-04","folio":[{"amount":{"minorUnits":"ten"}}]}`, "folio.amount.minorUnits"},
		{"missing id", ingest.KindReservation, `{` + res + `}`, "reservationId"},
		{"bad status", ingest.KindReservation, `{"reservationId":"R-1",` + strings.Replace(res, "booked", "confirmed", 1) + `}`, "status"},
		{"time without offset", ingest.KindReservation, `{"reservationId":"R-1",` + strings.Replace(res, "10:00:00Z", "10:00:00", 1) + `}`, "modifiedAt"},
		{"bad date", ingest.KindReservation, `{"reservationId":"R-1",` + strings.Replace(res, "2027-03-04", "2027-02-30", 1) + `}`, "departure"},
		{"departure before arrival", ingest.KindReservation, `{"reservationId":"R-1",` + strings.Replace(res, "2027-03-04", "2027-02-04", 1) + `}`, "departure"},
		{"too many decimals", ingest.KindReservation, `{"reservationId":"R-1",` + res + `,"total":{"amount":"10.005"}}`, "total.amount"},
		{"yen with decimals", ingest.KindReservation, `{"reservationId":"R-1",` + res + `,"total":{"amount":"100.5","currency":"JPY"}}`, "total.amount"},
		{"float notation", ingest.KindReservation, `{"reservationId":"R-1",` + res + `,"total":{"amount":1e3}}`, "total.amount"},
		{"amount and minor units", ingest.KindReservation, `{"reservationId":"R-1",` + res + `,"total":{"amount":"1","minorUnits":100}}`, "total"},
		{"unknown currency", ingest.KindReservation, `{"reservationId":"R-1",` + res + `,"total":{"amount":"1","currency":"EURO"}}`, "total.currency"},
		{"negative total", ingest.KindReservation, `{"reservationId":"R-1",` + res + `,"total":{"amount":"-1"}}`, "total"},
		{"negative sequence", ingest.KindReservation, `{"reservationId":"R-1","sequence":-1,` + res + `}`, "sequence"},
		{"folio does not add up", ingest.KindCheckOut, `{"reservationId":"R-1","checkedOutAt":"2027-03-04T10:00:00Z","arrival":"2027-03-01","departure":"2027-03-04","folio":[{"category":"room","amount":{"amount":"100"}}],"total":{"amount":"90"}}`, "total"},
		{"bad category", ingest.KindCheckOut, `{"reservationId":"R-1","checkedOutAt":"2027-03-04T10:00:00Z","arrival":"2027-03-01","departure":"2027-03-04","folio":[{"category":"rooms","amount":{"amount":"100"}}]}`, "folio[0].category"},
		{"mixed currencies", ingest.KindCheckOut, `{"reservationId":"R-1","checkedOutAt":"2027-03-04T10:00:00Z","arrival":"2027-03-01","departure":"2027-03-04","folio":[{"category":"room","amount":{"amount":"100"}},{"category":"spa","amount":{"amount":"10","currency":"USD"}}]}`, "folio"},
		{"check without items", ingest.KindPOSCheck, `{"checkId":"C-1","outletId":"bar","closedAt":"2027-03-04T22:00:00Z","items":[]}`, "items"},
		{"tenders do not add up", ingest.KindPOSCheck, `{"checkId":"C-1","outletId":"bar","closedAt":"2027-03-04T22:00:00Z","items":[{"category":"food_beverage","amount":{"amount":"10"}}],"tip":{"amount":"1"},"tenders":[{"type":"cash","amount":{"amount":"10"}}]}`, "tenders"},
		{"room tender without reservation", ingest.KindPOSCheck, `{"checkId":"C-1","outletId":"bar","closedAt":"2027-03-04T22:00:00Z","items":[{"category":"food_beverage","amount":{"amount":"10"}}],"tenders":[{"type":"room","amount":{"amount":"10"}}]}`, "tenders[0].reservationId"},
		{"bad tender type", ingest.KindPOSCheck, `{"checkId":"C-1","outletId":"bar","closedAt":"2027-03-04T22:00:00Z","items":[{"category":"food_beverage","amount":{"amount":"10"}}],"tenders":[{"type":"iou","amount":{"amount":"10"}}]}`, "tenders[0].type"},
		{"company without anything to find it by", ingest.KindReservation, `{"reservationId":"R-1",` + res + `,"company":{"name":"  "}}`, "company"},
		{"misspelt agent field", ingest.KindReservation, `{"reservationId":"R-1",` + res + `,"travelAgent":{"iataNumber":"12345678"}}`, "iataNumber"},
		{"profile without id", ingest.KindProfile, `{"email":"a@example.com"}`, "id"},
		{"unknown kind", ingest.Kind("folio"), `{}`, "kind"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := ingester(t, "lisbon")
			res, err := in.Canonical(c.kind, []byte(c.body))
			if !errors.Is(err, ingest.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if len(res.Events) != 0 {
				t.Fatal("a rejected message produced events")
			}
			var fes ingest.FieldErrors
			errors.As(err, &fes)
			if c.field != "" && !hasField(fes, c.field) {
				t.Errorf("errors %v do not name %q", fes, c.field)
			}
			for _, fe := range fes {
				if fe.Reason == "" {
					t.Errorf("error on %q has no reason", fe.Field)
				}
			}
		})
	}
}

// TestCanonicalNormalisationWarnings: bad contact data is dropped with a warning, never fatal to the stay.
func TestCanonicalNormalisationWarnings(t *testing.T) {
	t.Parallel()
	in := ingester(t, "lisbon")
	res, err := in.Canonical(ingest.KindCheckIn, []byte(`{"reservationId":"R-1","checkedInAt":"2027-03-01T15:00:00Z",
		"arrival":"2027-03-01","departure":"2027-03-04","roomType":"X",
		"guest":{"email":"ana at example","phone":"12","country":"Atlantis","language":"!!","card":{"number":"4111 XXXX XXXX 1111"}}}`))
	if err == nil || !hasField(err.(ingest.FieldErrors), "roomType") {
		t.Fatalf("check-in has no room type: want unknown field error, got %v", err)
	}
	res, err = in.Canonical(ingest.KindCheckIn, []byte(`{"reservationId":"R-1","checkedInAt":"2027-03-01T15:00:00Z",
		"arrival":"2027-03-01","departure":"2027-03-04",
		"guest":{"email":"ana at example","phone":"12","country":"Atlantis","language":"!!","card":{"number":"4111 XXXX XXXX 1111"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"guest.email", "guest.phone", "guest.country", "guest.language", "guest.card.number"} {
		warned(t, res.Warnings, f, ingest.WarnDropped)
	}
	d := decode[*events.StayCheckedIn](t, res)
	equal(t, d.Guest, events.GuestSnapshot{})
}
