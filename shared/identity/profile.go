package identity

import "fmt"

// Profile is a Record normalised for matching. Build it with a Normalizer; the unexported parts are prepared once
// so that comparing two profiles allocates nothing.
type Profile struct {
	ID            string
	FirstName     string // NormalizeName
	LastName      string // NormalizeName
	Email         Email  // NormalizeEmail; only Status EmailOK is matched on
	Phone         Phone  // NormalizePhone plus switchboards; only Status PhoneOK is matched on
	DateOfBirth   Date
	Address1      string // NormalizeAddress
	Address2      string // NormalizeAddress
	City          string // NormalizeAddress
	Postcode      string // letters and digits, lower case
	State         string // letters and digits, lower case
	Country       string // ISO 3166 alpha-2 when recognised, else letters, lower case
	LoyaltyNumber string // letters and digits, lower case
	CardHash      string // lower case
	IDNumber      string // letters and digits, lower case

	first, last  nameForm
	addr1, addr2 addressForm
	city         addressForm
	freq         [NumFields]uint32 // how many records share this value (exact level term frequency); 0 unknown
}

// Normalizer turns Records into Profiles under one configuration (phone region, switchboards, relay domains).
type Normalizer struct {
	region       string
	relay        []string
	switchboards map[string]bool
}

// NewNormalizer returns a Normalizer for cfg's Region, Switchboards and RelayDomains.
func NewNormalizer(cfg Config) *Normalizer {
	n := &Normalizer{region: cfg.Region, relay: cfg.RelayDomains, switchboards: make(map[string]bool)}
	for _, s := range cfg.Switchboards {
		if p := NormalizePhone(s, cfg.Region); p.Status == PhoneOK {
			n.switchboards[p.E164] = true
		}
	}
	return n
}

// Profile normalises r. The only error is a malformed date of birth.
func (n *Normalizer) Profile(r Record) (Profile, error) {
	dob, err := ParseDate(r.DateOfBirth)
	if err != nil {
		return Profile{}, fmt.Errorf("record %q: date_of_birth: %w", r.ID, err)
	}
	p := Profile{
		ID:            r.ID,
		FirstName:     NormalizeName(r.FirstName),
		LastName:      NormalizeName(r.LastName),
		Email:         NormalizeEmail(r.Email, n.relay),
		Phone:         NormalizePhone(r.Phone, n.region),
		DateOfBirth:   dob,
		Address1:      NormalizeAddress(r.Address1),
		Address2:      NormalizeAddress(r.Address2),
		City:          NormalizeAddress(r.City),
		Postcode:      normalizeCode(r.Postcode),
		State:         normalizeCode(r.State),
		Country:       normalizeCountry(r.Country),
		LoyaltyNumber: normalizeCode(r.LoyaltyNumber),
		CardHash:      compact(foldText(r.CardHash, true)),
		IDNumber:      normalizeCode(r.IDNumber),
	}
	if p.Phone.Status == PhoneOK && n.switchboards[p.Phone.E164] {
		p.Phone = Phone{Status: PhoneSwitchboard}
	}
	p.prepare()
	return p, nil
}

// prepare fills the comparison forms from the normalised fields.
func (p *Profile) prepare() {
	p.first = newNameForm(p.FirstName)
	p.last = newNameForm(p.LastName)
	p.addr1 = newAddressForm(p.Address1)
	p.addr2 = newAddressForm(p.Address2)
	p.city = newAddressForm(p.City)
}

// countries maps common spellings of the hotel groups' usual countries to ISO 3166 alpha-2.
var countries = map[string]string{
	"usa": "us", "united states": "us", "united states of america": "us", "america": "us",
	"uk": "gb", "united kingdom": "gb", "great britain": "gb", "england": "gb", "scotland": "gb", "wales": "gb",
	"australia": "au", "aus": "au", "canada": "ca", "can": "ca", "ireland": "ie", "france": "fr", "germany": "de",
	"deutschland": "de", "spain": "es", "espana": "es", "italy": "it", "italia": "it", "portugal": "pt",
	"netherlands": "nl", "holland": "nl", "japan": "jp", "china": "cn", "new zealand": "nz", "nz": "nz",
	"switzerland": "ch", "mexico": "mx", "brazil": "br", "india": "in", "singapore": "sg",
}

func normalizeCountry(s string) string {
	n := foldText(s, false)
	if c, ok := countries[n]; ok {
		return c
	}
	return compact(n)
}
