package devstack

import (
	"net/http"

	"github.com/hearthcrm/hearth/events"
)

// demoBookedThrough are the demo stays booked through a company or a travel agent (by reference): the PMS message
// carries the profile, so hearth dev shows accounts made the way PMSs make them. The agency's IATA number makes it
// one account at every hotel.
var demoBookedThrough = map[string]struct{ company, agent *events.AccountSnapshot }{
	"LIS-4101": {company: &events.AccountSnapshot{SourceAccountID: "C-1001", Name: "Acme Logística, S.A.",
		Address: &events.AccountAddress{Lines: []string{"Avenida da Liberdade 110"}, City: "Lisboa", PostalCode: "1250-146", Country: "PT"}}},
	"LON-2207": {agent: wanderlust},
	"LON-2311": {agent: wanderlust, company: &events.AccountSnapshot{SourceAccountID: "LC-88", Name: "Quay Maritime Ltd"}},
	"NYC-5120": {company: &events.AccountSnapshot{SourceAccountID: "NY-CORP-7", Name: "Globex Corporation"}},
	"KYO-3303": {agent: wanderlust},
}

var wanderlust = &events.AccountSnapshot{SourceAccountID: "TA-77", Name: "Wanderlust Travel", IATA: "12345678"}

// bookedThrough adds the demo stay's company and travel agent.
func bookedThrough(d *events.StayCheckedOut) {
	if b, ok := demoBookedThrough[d.ReservationID]; ok {
		d.Company, d.TravelAgent = b.company, b.agent
	}
}

// seedDemoAccounts makes a household by hand, as the desk would, and links two demo guests to it.
func seedDemoAccounts(call func(method, path string, body any, want int) error) error {
	if call("GET", "/v1/accounts/demo-vista-household", nil, http.StatusOK) == nil {
		return nil // seeded by an earlier run
	}
	household := map[string]any{"kind": "household", "name": "Vista household", "notes": "Travel together for their anniversary each spring."}
	if err := call("PUT", "/v1/accounts/demo-vista-household", household, http.StatusCreated); err != nil {
		return err
	}
	for guest, role := range map[string]string{"G-DEMO-VERA": "head", "G-DEMO-OLIVER": "partner"} {
		if err := call("POST", "/v1/guests/"+guest+"/links", map[string]string{"accountId": "demo-vista-household", "role": role}, http.StatusOK); err != nil {
			return err
		}
	}
	return nil
}
