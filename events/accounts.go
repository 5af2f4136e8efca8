package events

import (
	"errors"
	"strings"
)

// AccountSnapshot is a company or travel agent profile as a PMS attached it to a reservation or a stay (Opera's
// company and travel agent profiles; OTA ProfileType 3 and 4). It is optional on Reservation Upserted and Stay
// Checked Out: events without it (version 1 as it always was) decode unchanged. Guest 360 finds or creates the
// group-wide account it names by IATA number (agencies) or by the source's own profile id, else by name.
type AccountSnapshot struct {
	// SourceAccountID is the profile's id in the sending system (OTA UniqueID; Opera's NAME_ID).
	SourceAccountID string `json:"sourceAccountId,omitempty"`
	Name            string `json:"name"`
	// IATA is a travel agent's IATA (or TIDS) number: the same agency at every hotel of the group.
	IATA string `json:"iata,omitempty"`
	// Codes are other codes the source sent, each with the context that issued it (OTA CompanyName Code and
	// CodeContext, for instance a corporate id in the CRS).
	Codes   []AccountCode   `json:"codes,omitempty"`
	Address *AccountAddress `json:"address,omitempty"`
}

// AccountCode is one code of an account, with the system or scheme that issued it.
type AccountCode struct {
	Context string `json:"context"`
	Value   string `json:"value"`
}

// AccountAddress is an account's postal address.
type AccountAddress struct {
	Lines      []string `json:"lines,omitempty"`
	City       string   `json:"city,omitempty"`
	PostalCode string   `json:"postalCode,omitempty"`
	Country    string   `json:"country,omitempty"` // ISO 3166 alpha-2
}

func (a *AccountSnapshot) validate(field string) error {
	if a == nil {
		return nil
	}
	if strings.TrimSpace(a.Name) == "" && a.SourceAccountID == "" && a.IATA == "" {
		return errors.New(field + " needs a name, a sourceAccountId or an iata number")
	}
	for _, c := range a.Codes {
		if c.Context == "" || c.Value == "" {
			return errors.New(field + ".codes need a context and a value")
		}
	}
	return nil
}

// validateAccounts checks the optional company and travel agent of a reservation or stay.
func validateAccounts(company, agent *AccountSnapshot) error {
	if err := company.validate("company"); err != nil {
		return err
	}
	return agent.validate("travelAgent")
}
