package matching

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/hearthcrm/hearth/shared/identity"
)

// Fields is a source record's profile as identity normalised it: what a golden record keeps of each source record
// for scoring later records against it. Normalising the stored values again gives the same profile (the package
// tests check it), so the stored form is the normalised one and raw spellings are kept only in the golden values.
type Fields struct {
	FirstName     string `json:"fn,omitempty"`
	LastName      string `json:"ln,omitempty"`
	Email         string `json:"em,omitempty"` // usable address only: relay and placeholder addresses are dropped
	Phone         string `json:"ph,omitempty"` // E.164; placeholders and switchboards are dropped
	DateOfBirth   string `json:"dob,omitempty"`
	Address1      string `json:"a1,omitempty"`
	Address2      string `json:"a2,omitempty"`
	City          string `json:"ci,omitempty"`
	Postcode      string `json:"pc,omitempty"`
	State         string `json:"st,omitempty"`
	Country       string `json:"co,omitempty"`
	LoyaltyNumber string `json:"lo,omitempty"`
	CardHash      string `json:"ca,omitempty"`
	IDNumber      string `json:"id,omitempty"`
}

// FieldsOf keeps the normalised values of p.
func FieldsOf(p *identity.Profile) Fields {
	return Fields{
		FirstName: p.FirstName, LastName: p.LastName, Email: p.Email.Address, Phone: p.Phone.E164,
		DateOfBirth: p.DateOfBirth.String(), Address1: p.Address1, Address2: p.Address2, City: p.City,
		Postcode: p.Postcode, State: p.State, Country: p.Country, LoyaltyNumber: p.LoyaltyNumber,
		CardHash: p.CardHash, IDNumber: p.IDNumber,
	}
}

// Record returns the values as a raw record with the given id, for a Normalizer.
func (f Fields) Record(id string) identity.Record {
	return identity.Record{
		ID: id, FirstName: f.FirstName, LastName: f.LastName, Email: f.Email, Phone: f.Phone,
		DateOfBirth: f.DateOfBirth, Address1: f.Address1, Address2: f.Address2, City: f.City, Postcode: f.Postcode,
		State: f.State, Country: f.Country, LoyaltyNumber: f.LoyaltyNumber, CardHash: f.CardHash, IDNumber: f.IDNumber,
	}
}

// Fingerprint identifies the values: two deliveries of a source record with the same fingerprint say the same
// thing about the guest, whatever their spelling.
func (f Fields) Fingerprint() string {
	b, _ := json.Marshal(f)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// identifying reports whether the values include something that tells one person from another on its own: a
// usable email or phone, a loyalty, card or document number.
func (f Fields) identifying() bool {
	return f.Email != "" || f.Phone != "" || f.LoyaltyNumber != "" || f.CardHash != "" || f.IDNumber != ""
}

// empty reports whether no value survived normalisation.
func (f Fields) empty() bool { return f == Fields{} }

// identifiers is the stable part of the values a source record without its own id is known by.
func (f Fields) identifiers() string {
	return f.Email + "|" + f.Phone + "|" + f.LoyaltyNumber + "|" + f.CardHash + "|" + f.IDNumber
}
