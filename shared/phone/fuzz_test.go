package phone

import "testing"

// FuzzNormalise looks for input on which Normalise and phonenumbers disagree: go test -fuzz FuzzNormalise.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{
		"+351 912 345 678", "912345678", "020 7946 0958", "+44 (0)20 7946 0958", "1-800-FLOWERS", "011 15-2345-6789",
		"tel:912345678;phone-context=+351", "+351 912 345 678 ext. 12", "4111 1111 1111 1111", "n/a", "0000000000",
		"06 6982 1234", "+800 1234 5678", "+1 212&&x]]", "201-555-0123 x 45", "(201) 555-0123,,7",
		"201 555 0123 - 12#", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667",
	} {
		for _, region := range []string{"PT", "GB", "US", "IT", "AR", ""} {
			f.Add(s, region)
		}
	}
	f.Fuzz(func(t *testing.T, s, region string) {
		want, wantOK := reference(s, region)
		got, gotOK := Normalise(s, region)
		if got != want || gotOK != wantOK {
			t.Errorf("Normalise(%q, %q) = %q, %v; phonenumbers says %q, %v", s, region, got, gotOK, want, wantOK)
		}
	})
}
