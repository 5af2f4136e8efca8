package ingest

import (
	"strings"

	"github.com/hearthcrm/hearth/events"
)

// OTA profile types of the company and travel agent profiles a reservation may carry (OTA code list PRT).
const (
	otaProfileCompany     = "3"
	otaProfileTravelAgent = "4"
)

// otaAccounts finds a reservation's company and travel agent profiles: in ResGlobalInfo/Profiles first, then in
// each ResGuest's Profiles. A second profile of the same type is flagged and ignored.
func (in *Ingester) otaAccounts(r *otaReservation, base string, p *problems) (company, agent *events.AccountSnapshot) {
	type found struct {
		pi   *otaProfileInfo
		path string
	}
	var lists []found
	for i := range r.Global.Profiles {
		lists = append(lists, found{&r.Global.Profiles[i], indexed(base+"/ResGlobalInfo/Profiles/ProfileInfo", i)})
	}
	for g := range r.ResGuests {
		for i := range r.ResGuests[g].Profiles {
			lists = append(lists, found{&r.ResGuests[g].Profiles[i], indexed(indexed(base+"/ResGuests/ResGuest", g)+"/Profiles/ProfileInfo", i)})
		}
	}
	seen := map[string]bool{}
	for _, f := range lists {
		t := strings.TrimSpace(f.pi.Profile.ProfileType)
		if t != otaProfileCompany && t != otaProfileTravelAgent {
			continue
		}
		if seen[t] {
			p.warn(f.path, WarnIgnored, "a second profile of type "+t+"; the first is kept")
			continue
		}
		seen[t] = true
		acct := in.account(otaAccountInput(f.pi), f.path, otaAccountNamer(f.path), p)
		if t == otaProfileCompany {
			company = acct
		} else {
			agent = acct
		}
	}
	return company, agent
}

// otaAccountInput reads a company or travel agent profile: its UniqueID is the source's id unless its ID_Context
// says IATA; CompanyName gives the name and, with CodeContext, a code (an IATA number when the context says so).
func otaAccountInput(pi *otaProfileInfo) *accountInput {
	a := &accountInput{}
	for _, u := range pi.UniqueIDs {
		id := strings.TrimSpace(u.ID)
		switch {
		case id == "":
		case strings.EqualFold(strings.TrimSpace(u.Context), "IATA"):
			a.IATA = firstNonEmpty(a.IATA, id)
		case a.ID == "":
			a.ID = id
		}
	}
	ci := pi.Profile.CompanyInfo
	if ci == nil {
		return a
	}
	for _, n := range ci.CompanyNames {
		a.Name = firstNonEmpty(a.Name, n.Name)
		code, ctx := strings.TrimSpace(n.Code), strings.TrimSpace(n.CodeContext)
		switch {
		case code == "":
		case strings.EqualFold(ctx, "IATA"):
			a.IATA = firstNonEmpty(a.IATA, code)
		case ctx != "":
			a.Codes = append(a.Codes, events.AccountCode{Context: ctx, Value: code})
		}
	}
	if len(ci.Addresses) > 0 {
		ad := ci.Addresses[0]
		a.Address = &events.AccountAddress{Lines: ad.Lines, City: ad.City, PostalCode: ad.PostalCode, Country: firstNonEmpty(ad.Country.Code, ad.Country.Name)}
	}
	return a
}

// otaAccountNamer names account parts as XPaths under a ProfileInfo.
func otaAccountNamer(profile string) namer {
	return func(part string) string {
		switch part {
		case "id":
			return profile + "/UniqueID/@ID"
		case "iata":
			return profile + "/Profile/CompanyInfo/CompanyName/@Code"
		case "address.country":
			return profile + "/Profile/CompanyInfo/AddressInfo/CountryName"
		}
		return profile + "/Profile/CompanyInfo/CompanyName"
	}
}
