package phone

import (
	"slices"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// The lookups must see the regions and calling codes phonenumbers sees, in its order.
func TestTerritoryLookups(t *testing.T) {
	for region := range phonenumbers.GetSupportedRegions() {
		p, ok := forRegion(region)
		if !ok || p.region != region || p.callingCode != phonenumbers.GetCountryCodeForRegion(region) {
			t.Errorf("forRegion(%q) = %q +%d, %v", region, p.region, p.callingCode, ok)
		}
	}
	for _, region := range []string{"", "001", "ZZ", "pt", "PRT"} {
		if _, ok := forRegion(region); ok {
			t.Errorf("forRegion(%q) found a territory", region)
		}
	}
	for code := range 1000 {
		var got []string
		first, end := forCallingCode(code)
		for i := first; i < end; i++ {
			got = append(got, territories[i].region)
		}
		if want := phonenumbers.GetRegionCodesForCountryCode(code); !slices.Equal(got, want) {
			t.Errorf("calling code %d: regions %v, want %v", code, got, want)
		}
		if len(got) > 1 && !territories[first].mainForCode {
			t.Errorf("calling code %d: %s is listed first but is not the main country", code, got[0])
		}
	}
}
