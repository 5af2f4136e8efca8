package matching_test

import (
	"slices"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/identity/identitytest"
	"github.com/hearthcrm/hearth/shared/matching"
)

// TestStoredProfilesNormaliseToThemselves checks what golden records rely on: normalising the stored (normalised)
// values of a record again gives the same values and the same keys, so a stored member scores as the original did.
func TestStoredProfilesNormaliseToThemselves(t *testing.T) {
	t.Parallel()
	f1, _ := loadFEBRL(t, "febrl1.csv")
	ds := identitytest.Generate(identitytest.Options{Records: 5000, Seed: 5})
	cfg := identity.DefaultConfig()
	cfg.Region, cfg.Switchboards = ds.Region, ds.Switchboards
	n := identity.NewNormalizer(cfg)
	m := matching.DefaultModel()
	for _, r := range append(f1, ds.Records...) {
		p, err := n.Profile(r)
		if err != nil {
			t.Fatal(err)
		}
		stored := matching.FieldsOf(&p)
		q, err := n.Profile(stored.Record(r.ID))
		if err != nil {
			t.Fatalf("%s: stored values do not normalise: %v", r.ID, err)
		}
		if again := matching.FieldsOf(&q); again != stored {
			t.Fatalf("%s: normalised twice %+v, once %+v", r.ID, again, stored)
		}
		if !slices.Equal(m.Keys(&p), m.Keys(&q)) {
			t.Fatalf("%s: keys differ after a round trip: %v, %v", r.ID, m.Keys(&p), m.Keys(&q))
		}
	}
}

func TestSurvivorship(t *testing.T) {
	t.Parallel()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	day := func(d int) time.Time { return base.AddDate(0, 0, d) }
	g := matching.Golden{
		Names: []matching.Name{
			{First: "Bill", Last: "Turner", Count: 1, Seen: day(9)},
			{First: "William", Last: "Turner", Count: 3, Seen: day(1)},
		},
		Emails: []matching.Value{
			{Value: "old@x.com", Norm: "old@x.com", Count: 5, Seen: day(1)},
			{Value: "New@x.com", Norm: "new@x.com", Count: 1, Seen: day(5)},
		},
		Phones:         []matching.Value{{Value: "+1 212 555 0100", Norm: "+12125550100", Count: 1, Seen: day(2)}},
		LoyaltyNumbers: []matching.Value{{Value: "HH1", Norm: "hh1", Count: 2, Seen: day(3)}, {Value: "HH2", Norm: "hh2", Count: 1, Seen: day(3)}},
	}
	s := g.Summary()
	// The most frequent name; the most recent email and phone; on a tie in time, the most frequent.
	want := matching.Summary{FirstName: "William", LastName: "Turner", Email: "New@x.com", Phone: "+1 212 555 0100", LoyaltyNumber: "HH1"}
	if s.FirstName != want.FirstName || s.LastName != want.LastName || s.Email != want.Email || s.Phone != want.Phone || s.LoyaltyNumber != want.LoyaltyNumber {
		t.Errorf("summary %+v, want %+v", s, want)
	}
}
