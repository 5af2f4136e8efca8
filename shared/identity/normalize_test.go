package identity_test

import (
	"errors"
	"testing"

	"github.com/hearthcrm/hearth/shared/identity"
)

func TestNormalizeName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"  John  ", "john"},
		{"JOSÉ", "jose"},
		{"Zoë", "zoe"},
		{"Jose\u0301", "jose"}, // decomposed accent
		{"O'Brien-Smith", "obrien smith"},
		{"Dr. José O’Brien Jr", "jose obrien"},
		{"Mr", "mr"}, // a title alone is kept: it is all there is
		{"Müller", "muller"},
		{"Łukasz", "lukasz"},
		{"Søren", "soren"},
		{"Weiß", "weiss"},
		{"van der Berg", "van der berg"},
		{"St. John", "st john"},
		{"李小龍", "李小龍"},
		{"J.R.R.", "j r r"},
		{"12345", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := identity.NormalizeName(tc.in); got != tc.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAliases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"Bill", "William", true},
		{"bob", "Robert", true},
		{"Liz", "Elizabeth", true},
		{"Beth", "Liz", true}, // both Elizabeth
		{"Peggy", "Margaret", true},
		{"Chris", "Christine", true},
		{"Chris", "Christopher", true},
		{"Christine", "Christopher", false},
		{"John", "Joan", false},
		{"William", "William", true},
		{"", "William", false},
	}
	for _, tc := range tests {
		if got := identity.Aliases(tc.a, tc.b); got != tc.want {
			t.Errorf("Aliases(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		address string
		status  identity.EmailStatus
	}{
		{"  Ann.Lee+Hotel@Example.ORG ", "", identity.EmailPlaceholder}, // example.org delivers to no one
		{"Ann.Lee+Hotel@Outlook.com", "ann.lee@outlook.com", identity.EmailOK},
		{"a.n.n.lee+x@gmail.com", "annlee@gmail.com", identity.EmailOK},
		{"Ann.Lee@googlemail.com", "annlee@gmail.com", identity.EmailOK},
		{"mailto:ann@lee.co.uk", "ann@lee.co.uk", identity.EmailOK},
		{"ann.lee.123456@guest.booking.com", "", identity.EmailRelay},
		{"x9f@m.expediapartnercentral.com", "", identity.EmailRelay},
		{"abc@reply.airbnb.com", "", identity.EmailRelay},
		{"noemail@hotel.com", "", identity.EmailPlaceholder},
		{"NONE@none.com", "", identity.EmailPlaceholder},
		{"ann lee@x.com", "", identity.EmailInvalid},
		{"ann@localhost@x", "", identity.EmailInvalid},
		{"ann.lee", "", identity.EmailInvalid},
		{"@x.com", "", identity.EmailInvalid},
		{"+tag@x.com", "+tag@x.com", identity.EmailOK},
		{"", "", identity.EmailEmpty},
	}
	for _, tc := range tests {
		got := identity.NormalizeEmail(tc.in, nil)
		if got.Address != tc.address || got.Status != tc.status {
			t.Errorf("NormalizeEmail(%q) = %q status %d, want %q status %d", tc.in, got.Address, got.Status, tc.address, tc.status)
		}
	}
	if got := identity.NormalizeEmail("a@relay.example.net", []string{"example.net"}); got.Status != identity.EmailRelay {
		t.Errorf("configured relay domain: status %d", got.Status)
	}
}

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, region string
		e164       string
		status     identity.PhoneStatus
	}{
		{"(415) 555-0100", "US", "+14155550100", identity.PhoneOK},
		{"415.555.0100", "US", "+14155550100", identity.PhoneOK},
		{"1-415-555-0100", "US", "+14155550100", identity.PhoneOK},
		{"+1 415 555 0100 ext. 12", "US", "+14155550100", identity.PhoneOK},
		{"011 44 20 7946 0958", "US", "+442079460958", identity.PhoneOK},
		{"+44 (0)20 7946 0958", "US", "+442079460958", identity.PhoneOK},
		{"0044 20 7946 0958", "FR", "+442079460958", identity.PhoneOK},
		{"020 7946 0958", "GB", "+442079460958", identity.PhoneOK},
		{"07700 900123", "GB", "+447700900123", identity.PhoneOK},
		{"06 12 34 56 78", "FR", "+33612345678", identity.PhoneOK},
		{"tel:+61 2 9374 4000", "US", "+61293744000", identity.PhoneOK},
		{"0000000000", "US", "", identity.PhonePlaceholder},
		{"123-456-7890", "US", "", identity.PhonePlaceholder},
		{"999 999 9999", "US", "", identity.PhonePlaceholder},
		{"+1 555 555 5555", "US", "", identity.PhonePlaceholder},
		{"12345", "US", "", identity.PhonePlaceholder},
		{"020 7946 0958", "US", "", identity.PhoneInvalid}, // a London number read as American
		{"415 555 0100", "", "", identity.PhoneInvalid},    // no region for a national number
		{"call me", "US", "", identity.PhoneInvalid},
		{"", "US", "", identity.PhoneEmpty},
	}
	for _, tc := range tests {
		got := identity.NormalizePhone(tc.in, tc.region)
		if got.E164 != tc.e164 || got.Status != tc.status {
			t.Errorf("NormalizePhone(%q, %q) = %q status %d, want %q status %d", tc.in, tc.region, got.E164, got.Status, tc.e164, tc.status)
		}
	}
}

func TestNormalizerSwitchboards(t *testing.T) {
	t.Parallel()
	cfg := identity.DefaultConfig()
	cfg.Switchboards = []string{"+1 212 555 0100"}
	n := identity.NewNormalizer(cfg)
	p, err := n.Profile(identity.Record{ID: "1", Phone: "(212) 555-0100"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Phone.Status != identity.PhoneSwitchboard || p.Phone.E164 != "" {
		t.Errorf("switchboard: %+v", p.Phone)
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want identity.Date
		err  bool
	}{
		{"19800304", identity.Date{Year: 1980, Month: 3, Day: 4}, false},
		{"1980-03-04", identity.Date{Year: 1980, Month: 3, Day: 4}, false},
		{" 1980-03-04T00:00:00Z ", identity.Date{Year: 1980, Month: 3, Day: 4}, false},
		{"19371233", identity.Date{Year: 1937, Month: 12, Day: 33}, false}, // a typo, kept to compare partially
		{"00000000", identity.Date{}, false},
		{"1900-01-01", identity.Date{}, false},
		{"", identity.Date{}, false},
		{"04/03/1980", identity.Date{}, true},
		{"1980-3-4", identity.Date{}, true},
		{"198003", identity.Date{}, true},
		{"1980-03-04x", identity.Date{}, true},
		{"00990304", identity.Date{}, true},
		{"abcdefgh", identity.Date{}, true},
	}
	for _, tc := range tests {
		got, err := identity.ParseDate(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
		if err != nil && !errors.Is(err, identity.ErrMalformedDate) {
			t.Errorf("ParseDate(%q): error %v is not ErrMalformedDate", tc.in, err)
		}
	}
	if s := (identity.Date{Year: 1980, Month: 3, Day: 4}).String(); s != "1980-03-04" {
		t.Errorf("String() = %q", s)
	}
}

func TestNormalizeAddress(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"12, High St.", "12 high street"},
		{"12 HIGH STREET", "12 high street"},
		{"Flat 2/98-Latchford Barracks", "flat 2 98 latchford barracks"},
		{"5 Rue de l'Église", "5 rue de leglise"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := identity.NormalizeAddress(tc.in); got != tc.want {
			t.Errorf("NormalizeAddress(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
