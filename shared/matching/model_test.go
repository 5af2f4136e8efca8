package matching_test

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/identity/identitytest"
	"github.com/hearthcrm/hearth/shared/matching"
)

// refitRecords are the records the shipped model is estimated from: FEBRL 1 and 2 and generated hotel records.
func refitRecords(t *testing.T) ([]identity.Record, identity.Config, string) {
	f1, _ := loadFEBRL(t, "febrl1.csv")
	f2, _ := loadFEBRL(t, "febrl2.csv")
	ds := identitytest.Generate(identitytest.Options{Records: 20_000, Seed: 11})
	var recs []identity.Record
	for _, r := range f1 {
		r.ID = "febrl1/" + r.ID
		recs = append(recs, r)
	}
	for _, r := range f2 {
		r.ID = "febrl2/" + r.ID
		recs = append(recs, r)
	}
	recs = append(recs, ds.Records...)
	cfg := identity.DefaultConfig()
	cfg.Region, cfg.Switchboards = ds.Region, ds.Switchboards
	what := fmt.Sprintf("identity.EstimateModel over FEBRL 1 (%d), FEBRL 2 (%d) and identitytest.Generate(20000, seed 11) (%d records), region %s",
		len(f1), len(f2), len(ds.Records), ds.Region)
	return recs, cfg, what
}

// TestShippedModel checks model.json; with HEARTH_REFIT_MODEL=1 it refits and rewrites it first.
func TestShippedModel(t *testing.T) {
	if os.Getenv("HEARTH_REFIT_MODEL") != "" {
		recs, cfg, what := refitRecords(t)
		m, err := identity.EstimateModel(recs, cfg)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := matching.WriteModel(&buf, matching.ModelFile{FittedOn: what, Records: len(recs), Model: m}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("model.json", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("refitted: prior %.2f, match share %.3f", m.Prior, m.MatchShare)
	}
	raw, err := os.ReadFile("model.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := matching.ReadModel(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	m := f.Model
	if f.Records == 0 || f.FittedOn == "" {
		t.Errorf("model.json does not say what it was fitted on")
	}
	if m.Upper != identity.DefaultUpper || m.Lower != identity.DefaultLower {
		t.Errorf("thresholds %g/%g, want the defaults %g/%g", m.Upper, m.Lower, identity.DefaultUpper, identity.DefaultLower)
	}
	if m.Prior >= -8 || m.Prior < -30 {
		t.Errorf("prior %.2f is implausible for a file of %d records", m.Prior, f.Records)
	}
	// The weights must be the model's own: exact agreement on an email is strong evidence, disagreement on a date
	// of birth evidence against.
	if w := m.Weight[identity.FieldEmail][identity.Exact]; w < 10 {
		t.Errorf("email exact weight %.1f, want ≥ 10 bits", w)
	}
	if w := m.Weight[identity.FieldDateOfBirth][identity.Disagree]; w > -2 {
		t.Errorf("date of birth disagree weight %.1f, want ≤ -2 bits", w)
	}
	// DefaultModel hands out copies.
	a, b := matching.DefaultModel(), matching.DefaultModel()
	a.Upper = 99
	if b.Upper == 99 {
		t.Error("DefaultModel shares its value")
	}
}
