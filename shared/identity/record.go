package identity

// Record is one guest record as a source system sent it: raw strings, any of which may be empty except ID. A
// Normalizer turns it into a Profile.
type Record struct {
	ID            string
	FirstName     string
	LastName      string
	Email         string
	Phone         string
	DateOfBirth   string // YYYYMMDD or ISO 8601 (YYYY-MM-DD, optionally with a time)
	Address1      string
	Address2      string
	City          string
	Postcode      string
	State         string
	Country       string
	LoyaltyNumber string
	CardHash      string // keyed hash (HMAC) of the payment card: the card number itself is never stored
	IDNumber      string // passport, national identity or other document number
}
