package ingest

// This file is the canonical JSON contract: one request shape per Kind, posted one message per request. Field names
// are camelCase; unknown fields are rejected so a misspelt field fails loudly instead of being lost. Times are
// RFC 3339 with an offset; dates are YYYY-MM-DD in the property's zone. Amounts are Money objects.

// Meta is what every canonical message may carry to say which version of its record it is.
type Meta struct {
	// Sequence is the sender's modification counter for the record (higher is newer). With it, the idempotency key
	// does not depend on clocks. Optional; 0 means absent.
	Sequence int64 `json:"sequence,omitempty"`
	// IdempotencyKey, when the sender has one, is used instead of a derived key (namespaced by source and kind).
	IdempotencyKey string `json:"idempotencyKey,omitempty"`
}

// Money is an amount on the wire: exactly one of Amount (decimal text or number in major units, "687.00") or
// MinorUnits (integer minor units, 68700), and a Currency unless the message or the source defines one. An Amount
// with more decimals than the currency allows is rejected rather than rounded.
type Money struct {
	Amount     Decimal `json:"amount,omitempty"`
	MinorUnits *int64  `json:"minorUnits,omitempty"`
	Currency   string  `json:"currency,omitempty"`
}

// Card is a payment card as a PMS or POS knows it. Only the keyed hash of Number reaches Hearth; Holder, CVV and
// Expiry are accepted so senders need not strip them, and are discarded unread.
type Card struct {
	Number string `json:"number,omitempty"`
	Holder string `json:"holder,omitempty"`
	CVV    string `json:"cvv,omitempty"`
	Expiry string `json:"expiry,omitempty"`
}

// Guest is the guest as the source describes them on a message.
type Guest struct {
	ID            string `json:"id,omitempty"` // the source's profile id
	FirstName     string `json:"firstName,omitempty"`
	LastName      string `json:"lastName,omitempty"`
	Email         string `json:"email,omitempty"`
	Phone         string `json:"phone,omitempty"`
	Country       string `json:"country,omitempty"`  // ISO 3166 code or English name; also the phone's region
	Language      string `json:"language,omitempty"` // BCP 47
	LoyaltyNumber string `json:"loyaltyNumber,omitempty"`
	Card          *Card  `json:"card,omitempty"`
}

// Account is a company or travel agent profile attached to a booking, as the PMS keeps it. At least one of ID,
// Name and IATA is required.
type Account struct {
	ID      string        `json:"id,omitempty"`   // the source's profile id
	Name    string        `json:"name,omitempty"` // company or agency name
	IATA    string        `json:"iata,omitempty"` // a travel agent's IATA or TIDS number (7 or 8 digits)
	Codes   []AccountCode `json:"codes,omitempty"`
	Address *Address      `json:"address,omitempty"`
}

// AccountCode is another code of the account with the system or scheme that issued it (a CRS corporate id).
type AccountCode struct {
	Context string `json:"context"`
	Value   string `json:"value"`
}

// Address is a postal address.
type Address struct {
	Lines      []string `json:"lines,omitempty"`
	City       string   `json:"city,omitempty"`
	PostalCode string   `json:"postalCode,omitempty"`
	Country    string   `json:"country,omitempty"` // ISO 3166 code or English name
}

// ReservationRequest is posted to the reservation route when a booking is made, changed, cancelled or marked no-show.
type ReservationRequest struct {
	Meta
	ReservationID string `json:"reservationId"`
	Status        string `json:"status"`     // booked, modified, cancelled, no_show
	ModifiedAt    string `json:"modifiedAt"` // when the source last changed the record; the event time
	Arrival       string `json:"arrival"`
	Departure     string `json:"departure"`
	RoomType      string `json:"roomType,omitempty"`   // source code, mapped
	RatePlan      string `json:"ratePlan,omitempty"`   // source code, mapped
	MarketCode    string `json:"marketCode,omitempty"` // source code, checked against the mapping
	SourceCode    string `json:"sourceCode,omitempty"` // source code, mapped to the channel
	Currency      string `json:"currency,omitempty"`   // default for Total
	Total         *Money `json:"total,omitempty"`      // absent means zero (cancellations often carry none)
	Guest         Guest  `json:"guest"`
	// Company and TravelAgent are the company and travel agent profiles the booking was made through (optional).
	Company     *Account `json:"company,omitempty"`
	TravelAgent *Account `json:"travelAgent,omitempty"`
}

// CheckInRequest is posted when a guest checks in.
type CheckInRequest struct {
	Meta
	ReservationID string `json:"reservationId"`
	StayID        string `json:"stayId,omitempty"` // defaults to the reservation id
	CheckedInAt   string `json:"checkedInAt"`
	Room          string `json:"room,omitempty"`
	Arrival       string `json:"arrival"`
	Departure     string `json:"departure"`
	Guest         Guest  `json:"guest"`
}

// CheckOutRequest is posted when a guest checks out, with the folio.
type CheckOutRequest struct {
	Meta
	ReservationID string      `json:"reservationId"`
	StayID        string      `json:"stayId,omitempty"` // defaults to the reservation id
	CheckedOutAt  string      `json:"checkedOutAt"`
	Arrival       string      `json:"arrival"`
	Departure     string      `json:"departure"`
	Nights        *int        `json:"nights,omitempty"` // defaults to the dates' difference
	Currency      string      `json:"currency,omitempty"`
	Folio         []FolioLine `json:"folio"`
	Total         *Money      `json:"total,omitempty"` // when given, must equal the folio's sum
	Guest         Guest       `json:"guest"`
	// Company and TravelAgent, when given, file the stay in their account's history too and link the guest to them.
	Company     *Account `json:"company,omitempty"`
	TravelAgent *Account `json:"travelAgent,omitempty"`
}

// FolioLine is one posted charge. Its category comes from Code through the source's RevenueCodes, or directly from
// Category (room, food_beverage, spa, other) when the sender already speaks Hearth's categories.
type FolioLine struct {
	Code        string `json:"code,omitempty"`
	Category    string `json:"category,omitempty"`
	Description string `json:"description,omitempty"`
	Amount      Money  `json:"amount"`
	Date        string `json:"date,omitempty"`
}

// POSCheckRequest is posted when an outlet closes a check.
type POSCheckRequest struct {
	Meta
	CheckID       string      `json:"checkId"`
	OutletID      string      `json:"outletId"`
	RevenueCenter string      `json:"revenueCenter,omitempty"` // the items' revenue code when an item names none
	ClosedAt      string      `json:"closedAt"`
	Covers        int         `json:"covers,omitempty"`
	Currency      string      `json:"currency,omitempty"`
	Items         []POSItem   `json:"items"`
	Tax           *Money      `json:"tax,omitempty"`
	Tip           *Money      `json:"tip,omitempty"`
	Total         *Money      `json:"total,omitempty"` // items + tax + tip; checked when given
	Tenders       []POSTender `json:"tenders,omitempty"`
	// RoomCharge is the reservation the check was posted to, for senders that do not itemise tenders; a room
	// tender's reservationId says the same.
	RoomCharge string `json:"roomCharge,omitempty"`
	Guest      *Guest `json:"guest,omitempty"`
}

// POSItem is one item of a check, priced as a line total (quantity × unit price, after item discounts).
type POSItem struct {
	Name     string `json:"name,omitempty"`
	Code     string `json:"code,omitempty"`     // POS major/family group, mapped through RevenueCodes
	Category string `json:"category,omitempty"` // or a Hearth category directly
	Quantity int    `json:"quantity,omitempty"`
	Amount   Money  `json:"amount"`
}

// POSTender is how (part of) a check was paid: cash, card, room (charged to a reservation's folio), voucher,
// points or other. Tenders, when given, must add up to the check's total.
type POSTender struct {
	Type          string `json:"type"`
	Amount        Money  `json:"amount"`
	Card          *Card  `json:"card,omitempty"`
	ReservationID string `json:"reservationId,omitempty"` // required for type room
	Room          string `json:"room,omitempty"`
}

// ProfileRequest is posted when a source creates or edits a guest profile.
type ProfileRequest struct {
	Meta
	Guest
	UpdatedAt string   `json:"updatedAt,omitempty"` // absent: the receive time, and a content-hash key
	Tags      []string `json:"tags,omitempty"`
	// Preferences and Dietary are the profile's whole current lists when present (an empty list clears what the
	// profile stated before); absent, the message says nothing about them.
	Preferences *[]PreferenceInput `json:"preferences,omitempty"`
	Dietary     *[]DietaryInput    `json:"dietary,omitempty"`
}
