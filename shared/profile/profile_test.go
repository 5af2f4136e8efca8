package profile_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/profile"
)

const valid = `{
  "name": {"first": "Ana", "last": "Sousa", "preferred": "Dr Sousa"},
  "contacts": [
    {"type": "email", "value": "ana.sousa@example.com", "primary": true, "verified": true, "verifiedAt": "2026-10-01T10:00:00Z"},
    {"type": "mobile", "value": "+351912345678"}
  ],
  "addresses": [{"type": "home", "line1": "Rua Augusta 10", "city": "Lisboa", "postcode": "1100-053", "country": "PT"}],
  "language": "pt-PT", "birthDate": "1984-02-29", "nationality": "PT",
  "documents": [{"type": "passport", "reference": "opera-doc-88123", "issuingCountry": "PT"}],
  "preferences": [{"category": "pillow", "value": "feather-free"}, {"category": "floor", "value": "high", "propertyId": "hh-lisbon"}],
  "dietary": [{"kind": "allergy", "item": "peanuts", "severity": "anaphylactic"}, {"kind": "diet", "item": "vegetarian"}],
  "loyalty": {"number": "HH1002003", "tier": "gold"},
  "vip": {"level": 2, "tags": ["press"]},
  "notes": [{"scope": "property", "propertyId": "hh-lisbon", "text": "Prefers a late check-out"}],
  "properties": ["hh-lisbon"]
}`

func TestValidProfileParses(t *testing.T) {
	t.Parallel()
	p, err := profile.Parse([]byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	if p.Name.Last != "Sousa" || len(p.Contacts) != 2 || !p.Contacts[0].Verified || p.Dietary[0].Severity != "anaphylactic" || p.Properties[0] != "hh-lisbon" {
		t.Fatalf("parsed = %+v", p)
	}
}

func TestSchemaRejectsBadProfiles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, from, to, says string }{
		{"no last name", `"first": "Ana", "last": "Sousa"`, `"first": "Ana"`, "/name"},
		{"unknown field", `"language": "pt-PT"`, `"language": "pt-PT", "shoeSize": 38`, "shoeSize"},
		{"bad email", `"ana.sousa@example.com"`, `"ana.sousa-at-example"`, "/contacts/0/value"},
		{"phone not E.164", `"+351912345678"`, `"912 345 678"`, "/contacts/1/value"},
		{"allergy without severity", `"item": "peanuts", "severity": "anaphylactic"`, `"item": "peanuts"`, "/dietary/0"},
		{"bad date", `"1984-02-29"`, `"1985-02-29"`, "/birthDate"},
		{"country not ISO", `"country": "PT"`, `"country": "Portugal"`, "/addresses/0/country"},
		{"property note without property", `"scope": "property", "propertyId": "hh-lisbon",`, `"scope": "property",`, "/notes/0"},
		{"card number smuggled as a document", `"reference": "opera-doc-88123"`, `"reference": "opera-doc-88123", "number": "4111111111111111"`, "/documents/0"},
		{"statistics are derived", `"properties": ["hh-lisbon"]`, `"properties": ["hh-lisbon"], "statistics": {"stays": 99}`, "maintained by Hearth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			bad := strings.Replace(valid, tc.from, tc.to, 1)
			if bad == valid {
				t.Fatalf("test case does not change the profile")
			}
			_, err := profile.Parse([]byte(bad))
			if !errors.Is(err, profile.ErrInvalid) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("err = %v, want ErrInvalid mentioning %q", err, tc.says)
			}
		})
	}
	if _, err := profile.Parse([]byte(`{"name":`)); !errors.Is(err, profile.ErrInvalid) {
		t.Fatalf("malformed JSON: err = %v", err)
	}
}
