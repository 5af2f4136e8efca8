package events_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/events"
)

// TestAccountsRoundTripAndStayOptional: reservations and stays carrying a company and a travel agent round-trip
// losslessly, and the version 1 fixtures without them still decode, with no accounts.
func TestAccountsRoundTripAndStayOptional(t *testing.T) {
	t.Parallel()
	for _, typ := range []string{events.TypeReservationUpserted, events.TypeStayCheckedOut} {
		raw, err := os.ReadFile(filepath.Join("testdata", "accounts", fixtureName(typ)+".json"))
		if err != nil {
			t.Fatal(err)
		}
		env, err := events.Parse(raw)
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		detail, err := env.Decode()
		if err != nil {
			t.Fatal(err)
		}
		company, agent := accountsOf(detail)
		if company == nil || company.SourceAccountID != "C-1001" || company.Address.City != "Lisboa" || agent == nil || agent.IATA != "12345678" {
			t.Fatalf("%s: company %+v, agent %+v", typ, company, agent)
		}
		re, err := json.Marshal(detail)
		if err != nil {
			t.Fatal(err)
		}
		assertJSONEqual(t, env.Data, re)

		old, err := events.Parse(loadFixture(t, typ))
		if err != nil {
			t.Fatal(err)
		}
		d, err := old.Decode()
		if err != nil {
			t.Fatal(err)
		}
		if c, a := accountsOf(d); c != nil || a != nil {
			t.Fatalf("%s without accounts decoded with %+v, %+v", typ, c, a)
		}
	}
}

func TestAccountsNeedSomethingToFindThemBy(t *testing.T) {
	t.Parallel()
	raw, _ := os.ReadFile(filepath.Join("testdata", "accounts", "stay_checked_out.json"))
	for _, bad := range []struct{ old, new string }{
		{`"sourceAccountId": "TA-77",
      "name": "Wanderlust Travel",
      "iata": "12345678"`, `"name": " "`},
		{`"context": "CRS"`, `"context": ""`},
	} {
		if !strings.Contains(string(raw), bad.old) {
			t.Fatalf("fixture lacks %q", bad.old)
		}
		if _, err := events.Parse([]byte(strings.Replace(string(raw), bad.old, bad.new, 1))); err == nil {
			t.Errorf("accepted %s", bad.new)
		}
	}
}

func accountsOf(d events.Detail) (company, agent *events.AccountSnapshot) {
	switch d := d.(type) {
	case *events.ReservationUpserted:
		return d.Company, d.TravelAgent
	case *events.StayCheckedOut:
		return d.Company, d.TravelAgent
	}
	return nil, nil
}
