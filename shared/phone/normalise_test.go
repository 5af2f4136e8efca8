package phone

import "testing"

func TestNormalise(t *testing.T) {
	tests := []struct {
		name, text, region, want string
	}{
		{"Portugal mobile, national", "912 345 678", "PT", "+351912345678"},
		{"Portugal mobile, international", "+351 912 345 678", "", "+351912345678"},
		{"Portugal mobile, 00 prefix read abroad", "00351 912345678", "US", "+351912345678"},
		{"region is case-insensitive", "912345678", "pt", "+351912345678"},
		{"UK with trunk 0", "020 7946 0958", "GB", "+442079460958"},
		{"UK international with (0)", "+44 (0)20 7946 0958", "", "+442079460958"},
		{"US 10 digits", "(201) 555-0123", "US", "+12015550123"},
		{"US 11 digits with 1", "1 201 555 0123", "US", "+12015550123"},
		{"US with extension", "201-555-0123 ext. 12", "US", "+12015550123"},
		{"Italy landline keeps its leading 0", "06 6982 1234", "IT", "+390669821234"},
		{"Italy landline, international", "+39 06 6982 1234", "", "+390669821234"},
		{"Argentina mobile, national with 15, transform rule", "011 15-2345-6789", "AR", "+5491123456789"},
		{"Canada number read in US", "(613) 555-0123", "US", "+16135550123"},
		{"Jersey number shares +44", "01534 456789", "JE", "+441534456789"},
		{"vanity number", "1-800-FLOWERS", "US", "+18003569377"},
		{"international toll free (non-geographic)", "+800 1234 5678", "", "+80012345678"},
		{"invalid region with +", "+351 912 345 678", "XX", "+351912345678"},
		{"invalid region without +", "912 345 678", "XX", ""},
		{"no region without +", "912 345 678", "", ""},
		{"001 is not a region", "12345678", "001", ""},
		{"too short for the region", "91234567", "PT", ""},
		{"card number", "4111 1111 1111 1111", "PT", ""},
		{"junk", "n/a", "PT", ""},
		{"plus alone", "+", "PT", ""},
		{"zeros", "0000000000", "GB", ""},
		{"two digits", "12", "US", ""},
		{"longer than 40 characters", "+351 912 345 678                           .", "PT", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Normalise(tt.text, tt.region)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Normalise(%q, %q) = %q, %v; want %q", tt.text, tt.region, got, ok, tt.want)
			}
			// The expectations are phonenumbers' own answers.
			if ref, _ := reference(tt.text, tt.region); ref != tt.want {
				t.Errorf("reference(%q, %q) = %q; want %q", tt.text, tt.region, ref, tt.want)
			}
		})
	}
}

// The regexps compile on first use; goroutines arriving together must share them safely (go test -race).
func TestNormaliseConcurrentFirstUse(t *testing.T) {
	inputs := [][2]string{
		{"912 345 678", "PT"}, {"+44 20 7946 0958", ""}, {"06 6982 1234", "IT"}, {"(613) 555-0123", "US"},
	}
	done := make(chan [2]string)
	for range 8 {
		go func() {
			for _, in := range inputs {
				got, _ := Normalise(in[0], in[1])
				done <- [2]string{in[0], got}
			}
		}()
	}
	first := map[string]string{}
	for range 8 * len(inputs) {
		r := <-done
		if prev, seen := first[r[0]]; seen && prev != r[1] {
			t.Errorf("Normalise(%q) = %q and %q", r[0], prev, r[1])
		}
		first[r[0]] = r[1]
	}
}
