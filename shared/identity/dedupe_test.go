package identity_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/identity/identitytest"
)

// background is a crowd of generated guests that gives the estimate something to learn from.
func background(t *testing.T) []identity.Record {
	t.Helper()
	return identitytest.Generate(identitytest.Options{Records: 3000, Seed: 11}).Records
}

// guestOf dedupes the background plus extra and returns the guest id of each extra record, by id.
func guestOf(t *testing.T, extra []identity.Record, cfg identity.Config) (map[string]string, *identity.Result) {
	t.Helper()
	recs := append(background(t), extra...)
	res, err := identity.Dedupe(recs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string)
	for i, r := range recs {
		out[r.ID] = res.GuestIDs[i]
	}
	return out, res
}

func TestDedupeScenarios(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		records []identity.Record
		same    [][2]string // pairs that must be one guest
		apart   [][2]string // pairs that must stay apart
	}{
		{
			name: "one guest in many formats",
			records: []identity.Record{
				{ID: "x1", FirstName: "William", LastName: "Okonkwo-Hart", Email: "w.okonkwohart@gmail.com", Phone: "(917) 555-0142"},
				{ID: "x2", FirstName: "Bill", LastName: "Okonkwo Hart", Email: "W.OkonkwoHart+spa@gmail.com"},
				{ID: "x3", FirstName: "OKONKWO-HART", LastName: "WILLIAM", Phone: "+1 917 555 0142", DateOfBirth: "1971-05-06"},
				{ID: "x4", FirstName: "W", LastName: "Okonkwo-Hart", Email: "wokonkwohart@gmail.com", DateOfBirth: "19710506"},
			},
			same: [][2]string{{"x1", "x2"}, {"x1", "x3"}, {"x1", "x4"}},
		},
		{
			name: "household sharing a phone, an address and a card",
			records: []identity.Record{
				{ID: "h1", FirstName: "Priya", LastName: "Vandermeer", Phone: "312-555-0177", Address1: "4 Elm Ct", Postcode: "60601", CardHash: "fam"},
				{ID: "h2", FirstName: "Arjun", LastName: "Vandermeer", Phone: "(312) 555-0177", Address1: "4 Elm Court", Postcode: "60601", CardHash: "fam"},
				{ID: "h3", FirstName: "Maya", LastName: "Vandermeer", Phone: "3125550177", Address1: "4 ELM CT", Postcode: "60601"},
				{ID: "h4", LastName: "Vandermeer", Phone: "3125550177", Address1: "4 Elm Ct", Postcode: "60601"},
				{ID: "h5", FirstName: "Priya", LastName: "Vandermeer", Email: "priya.v@outlook.com", Phone: "312 555 0177", DateOfBirth: "1980-02-03"},
			},
			same:  [][2]string{{"h1", "h5"}},
			apart: [][2]string{{"h1", "h2"}, {"h1", "h3"}, {"h2", "h3"}, {"h2", "h4"}, {"h3", "h4"}},
		},
		{
			name: "colleagues on one corporate card",
			records: func() []identity.Record {
				var rs []identity.Record
				firsts := []string{"Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo"}
				for i, f := range firsts {
					rs = append(rs, identity.Record{ID: fmt.Sprintf("c%d", i), FirstName: f, LastName: "Zimmerlund" + strings.Repeat("e", i%2),
						CardHash: "acme-corp", Phone: "+1 646 555 0100", Address1: "1 Corporate Plaza", Postcode: "10001"})
				}
				return rs
			}(),
			apart: [][2]string{{"c0", "c1"}, {"c0", "c2"}, {"c1", "c3"}, {"c8", "c9"}},
		},
		{
			name: "booking-site relay addresses are not identity",
			records: []identity.Record{
				{ID: "r1", FirstName: "Ann", LastName: "Smith", Email: "asmith.4471@guest.booking.com"},
				{ID: "r2", FirstName: "Ann", LastName: "Smith", Email: "asmith.4471@guest.booking.com", Phone: "+44 7700 900123"},
				{ID: "r3", FirstName: "Tom", LastName: "Brown", Email: "asmith.4471@guest.booking.com"},
			},
			apart: [][2]string{{"r1", "r3"}, {"r2", "r3"}},
		},
	}
	cfg := identity.DefaultConfig()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g, _ := guestOf(t, tc.records, cfg)
			for _, p := range tc.same {
				if g[p[0]] != g[p[1]] {
					t.Errorf("%s and %s are apart (%s, %s)", p[0], p[1], g[p[0]], g[p[1]])
				}
			}
			for _, p := range tc.apart {
				if g[p[0]] == g[p[1]] {
					t.Errorf("%s and %s merged into %s", p[0], p[1], g[p[0]])
				}
			}
		})
	}
}

func TestDedupeCommonKeysAreDropped(t *testing.T) {
	t.Parallel()
	var recs []identity.Record
	for i := range 200 {
		recs = append(recs, identity.Record{ID: fmt.Sprint(i), FirstName: fmt.Sprintf("Guest%c%c", 'a'+i%26, 'a'+i/26),
			LastName: "Travel", CardHash: "agency-card"})
	}
	res, err := identity.Dedupe(recs, identity.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.DroppedBlocks == 0 {
		t.Error("a card shared by 200 records was used as a block")
	}
	if res.Stats.Guests != len(recs) {
		t.Errorf("%d guests, want %d", res.Stats.Guests, len(recs))
	}
}

func TestDedupeGuestIDs(t *testing.T) {
	t.Parallel()
	recs := []identity.Record{
		{ID: "z9", FirstName: "Ann", LastName: "Quillfeather", Email: "ann@quill.example.org.uk", Phone: "2125550123"},
		{ID: "a1", FirstName: "Bob", LastName: "Other"},
		{ID: "m5", FirstName: "Ann", LastName: "Quillfeather", Phone: "(212) 555-0123", DateOfBirth: "1990-01-01"},
	}
	res, err := identity.Dedupe(append(background(t), recs...), identity.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	ids := res.GuestIDs[len(res.GuestIDs)-3:]
	if ids[0] != "z9" || ids[2] != "z9" || ids[1] != "a1" {
		t.Errorf("guest ids %v, want the first record's id: [z9 a1 z9]", ids)
	}
	total := 0
	for _, c := range res.Clusters {
		total += len(c.Records)
		if !slices.IsSorted(c.Records) || res.GuestIDs[c.Records[0]] != c.GuestID {
			t.Fatalf("cluster %+v is not named after its first record", c)
		}
	}
	if total != len(res.GuestIDs) {
		t.Errorf("clusters hold %d records, want %d", total, len(res.GuestIDs))
	}
}

func TestDedupeIsDeterministic(t *testing.T) {
	t.Parallel()
	recs := identitytest.Generate(identitytest.Options{Records: 5000, Seed: 5}).Records
	var first []string
	for _, workers := range []int{1, 3, 8} {
		cfg := identity.DefaultConfig()
		cfg.Workers = workers
		res, err := identity.Dedupe(recs, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = res.GuestIDs
		} else if !slices.Equal(first, res.GuestIDs) {
			t.Errorf("%d workers give other guests than 1", workers)
		}
	}
}

func TestDedupeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		records []identity.Record
		cfg     func(*identity.Config)
		want    string
	}{
		{"empty id", []identity.Record{{ID: "1"}, {ID: ""}}, nil, "record 2: empty id"},
		{"duplicate id", []identity.Record{{ID: "1"}, {ID: "2"}, {ID: "1"}}, nil, `record 3: duplicate id "1" (first at record 1)`},
		{"malformed date", []identity.Record{{ID: "1", DateOfBirth: "1/2/1980"}}, nil, `record 1: record "1": date_of_birth: malformed date`},
		{"thresholds", []identity.Record{{ID: "1"}}, func(c *identity.Config) { c.Lower = 10 }, "lower threshold 10 is above upper threshold"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := identity.DefaultConfig()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			_, err := identity.Dedupe(tc.records, cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestEstimateModel(t *testing.T) {
	t.Parallel()
	m, err := identity.EstimateModel(identitytest.Generate(identitytest.Options{Records: 5000, Seed: 2}).Records, identity.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for f := range identity.NumFields {
		levels := identity.FieldLevels[f]
		best, worst := m.Weight[f][levels[0]], m.Weight[f][levels[len(levels)-1]]
		if best < 0 || worst > 0 {
			t.Errorf("%s: exact %.2f, disagree %.2f", f, best, worst)
		}
	}
	if m.Weight[identity.FieldEmail][identity.Exact] < 8 || m.Weight[identity.FieldFirstName][identity.Disagree] > -3 {
		t.Errorf("weights look untrained: email exact %.1f, first name disagree %.1f",
			m.Weight[identity.FieldEmail][identity.Exact], m.Weight[identity.FieldFirstName][identity.Disagree])
	}
	if m.Prior > -5 || m.Prior < -25 {
		t.Errorf("prior %.1f bits", m.Prior)
	}
	// A fixed model is used as given.
	cfg := identity.DefaultConfig()
	cfg.Model = m
	res, err := identity.Dedupe([]identity.Record{{ID: "1"}, {ID: "2"}}, cfg)
	if err != nil || res.Model.Prior != m.Prior {
		t.Errorf("fixed model not used: %v", err)
	}
}
