package ingest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/ingest"
)

func TestToMinor(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in           string
		implied, exp int
		want         int64
		rounded, err bool
	}{
		{"687.00", 0, 2, 68700, false, false},
		{"687", 0, 2, 68700, false, false},
		{"68700", 2, 2, 68700, false, false},   // OTA implied decimals
		{"687.00", 2, 2, 68700, false, false},  // a decimal point wins over DecimalPlaces
		{"45000", 0, 0, 45000, false, false},   // JPY
		{"45000", 2, 0, 450, false, false},     // JPY sent with two implied decimals
		{"125500", 3, 3, 125500, false, false}, // BHD
		{"125.5", 0, 3, 125500, false, false},
		{"0.125", 0, 3, 125, false, false},
		{" 12.50 ", 0, 2, 1250, false, false},
		{"12.", 0, 2, 1200, false, false},
		{".5", 0, 2, 50, false, false},
		{"+7", 0, 2, 700, false, false},
		{"-12.50", 0, 2, -1250, false, false},
		{"687.000000", 0, 2, 68700, false, false}, // trailing zeros cost no precision
		{"0000687.5", 0, 2, 68750, false, false},  // nor do leading ones
		{"100.5", 0, 0, 100, true, false},         // half-even: to the even neighbour
		{"101.5", 0, 0, 102, true, false},
		{"1.005", 0, 2, 100, true, false},
		{"1.0051", 0, 2, 101, true, false},
		{"-12.345", 0, 2, -1234, true, false},
		{"1234.5678", 0, 2, 123457, true, false},
		{"0.00000000000000000001", 0, 2, 0, true, false},
		{"999999999999999999", 0, 0, 999999999999999999, false, false},
		{"9999999999999999999", 0, 0, 0, false, true},
		{"99999999999999999", 0, 2, 0, false, true},
		{"", 0, 2, 0, false, true},
		{"-", 0, 2, 0, false, true},
		{".", 0, 2, 0, false, true},
		{"1e3", 0, 2, 0, false, true},
		{"1,000.00", 0, 2, 0, false, true},
		{"12.5.1", 0, 2, 0, false, true},
		{"NaN", 0, 2, 0, false, true},
		{"0x10", 0, 2, 0, false, true},
		{"1 000", 0, 2, 0, false, true},
		{"5", 20, 2, 0, false, true},
	}
	for _, c := range cases {
		got, rounded, err := ingest.ToMinor(c.in, c.implied, c.exp)
		if (err != nil) != c.err || got != c.want || rounded != c.rounded {
			t.Errorf("ToMinor(%q, %d, %d) = %d, %v, %v; want %d, %v, err %v", c.in, c.implied, c.exp, got, rounded, err, c.want, c.rounded, c.err)
		}
	}
}

func TestMinorUnit(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]int{"JPY": 0, "KRW": 0, "EUR": 2, "USD": 2, "BHD": 3, "KWD": 3, "TND": 3, "CLF": 4} {
		got, ok := ingest.MinorUnit(code)
		if !ok || got != want {
			t.Errorf("MinorUnit(%s) = %d, %v; want %d", code, got, ok, want)
		}
	}
	for _, code := range []string{"XAU", "EURO", "eur", ""} {
		if _, ok := ingest.MinorUnit(code); ok {
			t.Errorf("MinorUnit(%q) is known", code)
		}
	}
}

func TestNormaliseName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"SOUSA":               "Sousa",
		"  ana   maria ":      "Ana Maria",
		"O'BRIEN":             "O'Brien",
		"jean-pierre":         "Jean-Pierre",
		"VAN DER BERG":        "Van der Berg",
		"maria da silva":      "Maria da Silva",
		"McDonald":            "McDonald", // mixed case is deliberate
		"DeVries":             "DeVries",
		"MÜLLER-LÜDENSCHEIDT": "Müller-Lüdenscheidt",
		"渡辺":                  "渡辺",
		"":                    "",
		"\t":                  "",
	} {
		if got := ingest.NormaliseName(in); got != want {
			t.Errorf("NormaliseName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormaliseEmail(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		" Ana.Sousa@Example.COM ":      "ana.sousa@example.com",
		"m.obrien+travel@example.org":  "m.obrien+travel@example.org", // deliverable as given: +tags are identity's business
		"mailto:a@example.com":         "a@example.com",
		"not-an-address":               "",
		"a@b":                          "",
		"Ana <ana@example.com>":        "",
		"a@@example.com":               "",
		"a b@example.com":              "",
		"a@example.com.":               "",
		"4111111111111111@example.com": "",
	} {
		got, ok := ingest.NormaliseEmail(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormaliseEmail(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestNormalisePhone(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, region, want string }{
		{"912 345 678", "PT", "+351912345678"},
		{"+351 912 345 678", "US", "+351912345678"},
		{"00351912345678", "GB", "+351912345678"},
		{"(212) 555-0143", "US", "+12125550143"},
		{"03-1234-5678", "JP", "+81312345678"},
		{"0612345678", "NL", "+31612345678"},
		{"07700 900123", "GB", ""}, // reserved for drama
		{"12", "PT", ""},
		{"912 345 678", "", ""}, // national number, no region
		{"4111111111111111", "PT", ""},
		{"+378282246310005", "PT", ""},
		{"call me", "PT", ""},
	}
	for _, c := range cases {
		got, ok := ingest.NormalisePhone(c.in, c.region)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("NormalisePhone(%q, %s) = %q, %v; want %q", c.in, c.region, got, ok, c.want)
		}
	}
}

func TestNormaliseCountry(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"PT": "PT", "pt": "PT", "PRT": "PT", "620": "PT", "Portugal": "PT", "portugal ": "PT",
		"UK": "GB", "United Kingdom": "GB", "GBR": "GB", "USA": "US", "United States": "US",
		"Bosnia & Herzegovina": "BA", "Germany": "DE", "Deutschland": "DE", "Bahrain": "BH",
		"EU": "", "419": "", "Atlantis": "", "XX": "", "": "",
	} {
		got, ok := ingest.NormaliseCountry(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormaliseCountry(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestNormaliseLanguage(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"pt_PT": "pt-PT", "EN-gb": "en-GB", "de": "de", "eng": "en", "!!": "", "": ""} {
		got, ok := ingest.NormaliseLanguage(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormaliseLanguage(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestScrub(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"4111111111111111":                     "XXXXXXXXXXXXXXXX",
		"card 4111 1111 1111 1111 ok":          "card XXXX XXXX XXXX XXXX ok",
		"4111-1111-1111-1111":                  "XXXX-XXXX-XXXX-XXXX",
		"amex 3782 822463 10005":               "amex XXXX XXXXXX XXXXX",
		"call 912 345 678 4111 1111 1111 1111": "call 912 345 678 XXXX XXXX XXXX XXXX",
		"4111111111111112":                     "4111111111111112",     // fails Luhn
		"41111111111111110000":                 "41111111111111110000", // 20 digits: an identifier
		"7111111111111113":                     "7111111111111113",     // petroleum industry prefix
		"+351912345678":                        "+351912345678",
		"Card holder: Zelda Quixote, room 412": "Card holder: REDACTED, room 412",
		"CVV 737":                              "CVV REDACTED",
		"name on card Z. Quixote":              "name on card REDACTED",
		"season ticket holder discount":        "season ticket holder discount",
		"plain text":                           "plain text",
	} {
		if got := ingest.Scrub(in); got != want {
			t.Errorf("Scrub(%q) = %q, want %q", in, got, want)
		}
		if got := ingest.Scrub(ingest.Scrub(in)); got != ingest.Scrub(in) {
			t.Errorf("Scrub is not idempotent on %q", in)
		}
	}
}

func TestCardHash(t *testing.T) {
	t.Parallel()
	a, ok := ingest.CardHash(cardKey, "4111 1111 1111 1111")
	b, _ := ingest.CardHash(cardKey, "4111-1111-1111-1111")
	c, _ := ingest.CardHash([]byte("another-key-0123456789"), "4111111111111111")
	if !ok || a != b || a == c || !strings.HasPrefix(a, ingest.CardHashPrefix) || len(a) != len(ingest.CardHashPrefix)+64 {
		t.Errorf("hashes %q %q %q", a, b, c)
	}
	for _, bad := range []string{"4111111111111112", "XXXX XXXX XXXX 1111", "411111111111", "41111111111111111111", "tok_8f1a"} {
		if h, ok := ingest.CardHash(cardKey, bad); ok || h != "" {
			t.Errorf("CardHash(%q) = %q, want none", bad, h)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	good := sources["lisbon"]
	cases := []struct {
		name  string
		edit  func(*ingest.Config)
		field string
	}{
		{"no source id", func(c *ingest.Config) { c.Source.ID = "" }, "Source.ID"},
		{"slash in id", func(c *ingest.Config) { c.Source.ID = "a/b" }, "Source.ID"},
		{"no property", func(c *ingest.Config) { c.Source.PropertyID = "" }, "Source.PropertyID"},
		{"short key", func(c *ingest.Config) { c.CardKey = []byte("short") }, "CardKey"},
		{"no currency", func(c *ingest.Config) { c.Source.Mapping.Currency = "" }, "Mapping.Currency"},
		{"bad currency", func(c *ingest.Config) { c.Source.Mapping.Currency = "EURO" }, "Mapping.Currency"},
		{"bad zone", func(c *ingest.Config) { c.Source.Mapping.TimeZone = "Europe/Lisboa" }, "Mapping.TimeZone"},
		{"bad region", func(c *ingest.Config) { c.Source.Mapping.DefaultRegion = "Portugal" }, "Mapping.DefaultRegion"},
		{"bad category", func(c *ingest.Config) { c.Source.Mapping.RevenueCodes = map[string]string{"X": "beverage"} }, "Mapping.RevenueCodes[X]"},
	}
	for _, c := range cases {
		cfg := ingest.Config{Source: good, CardKey: cardKey}
		c.edit(&cfg)
		_, err := ingest.New(cfg)
		var fes ingest.FieldErrors
		if !errors.As(err, &fes) || !hasField(fes, c.field) {
			t.Errorf("%s: err = %v, want a FieldError on %s", c.name, err, c.field)
		}
	}
}

func TestParseKind(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]ingest.Kind{"stays": ingest.KindCheckOut, "guests": ingest.KindProfile, "pos": ingest.KindPOSCheck, "reservation": ingest.KindReservation, "check-in": ingest.KindCheckIn} {
		if got, err := ingest.ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ingest.ParseKind("folios"); !errors.Is(err, ingest.ErrInvalid) {
		t.Errorf("ParseKind(folios) = %v", err)
	}
}
