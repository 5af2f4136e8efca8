package matching_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/identity/identitytest"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/matching/matchingtest"
)

// incremental feeds records one by one, in file order, through m and returns record id → guest id, following
// the merges the stream made.
func incremental(tb testing.TB, m *matching.Matcher, system string, recs []identity.Record) map[string]string {
	tb.Helper()
	ctx := context.Background()
	survivor := map[string]string{}
	guest := make(map[string]string, len(recs))
	for _, r := range recs {
		res, err := m.Resolve(ctx, matching.Record{Source: events.SourceRef{System: system, RecordID: r.ID}, Guest: r})
		if err != nil {
			tb.Fatal(err)
		}
		if res.GuestID == "" {
			tb.Fatalf("record %s: %s", r.ID, res.Outcome)
		}
		for _, id := range res.Merged {
			survivor[id] = res.GuestID
		}
		guest[r.ID] = res.GuestID
	}
	for id, g := range guest {
		for survivor[g] != "" {
			g = survivor[g]
		}
		guest[id] = g
	}
	return guest
}

// batch runs identity.Dedupe over recs and returns record id → guest id.
func batch(tb testing.TB, recs []identity.Record, cfg identity.Config) map[string]string {
	tb.Helper()
	res, err := identity.Dedupe(recs, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	out := make(map[string]string, len(recs))
	for i, r := range recs {
		out[r.ID] = res.GuestIDs[i]
	}
	return out
}

// disagreements lists, sorted, the record pairs that one clustering puts together and the other apart, as
// "a+b batch" (together in batch only) or "a+b incremental".
func disagreements(recs []identity.Record, batch, inc map[string]string) []string {
	var out []string
	together := func(c map[string]string) map[string][]string {
		g := map[string][]string{}
		for _, r := range recs {
			g[c[r.ID]] = append(g[c[r.ID]], r.ID)
		}
		return g
	}
	for _, side := range []struct {
		name        string
		this, other map[string]string
	}{{"batch", batch, inc}, {"incremental", inc, batch}} {
		for _, ids := range together(side.this) {
			for i, a := range ids {
				for _, b := range ids[i+1:] {
					if side.other[a] != side.other[b] {
						x, y := min(a, b), max(a, b)
						out = append(out, fmt.Sprintf("%s+%s %s", x, y, side.name))
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestIncrementalMatchesBatch feeds FEBRL 1 record by record through the matcher over the embedded DynamoDB and
// compares its guests with identity.Dedupe's on the same file, both with the shipped model and with the model
// Dedupe estimates from the file itself: the clusters are the same.
func TestIncrementalMatchesBatch(t *testing.T) {
	t.Parallel()
	recs, truth := loadFEBRL(t, "febrl1.csv")
	f := newFixture(t)
	before := f.db.Calls.Snapshot()
	inc := incremental(t, f.m, "febrl", recs)
	calls := 0
	for _, n := range f.db.Calls.Since(before) {
		calls += n
	}

	shipped := identity.DefaultConfig()
	shipped.Model = matching.DefaultModel()
	for _, tc := range []struct {
		name string
		cfg  identity.Config
	}{{"shipped model", shipped}, {"model estimated by Dedupe", identity.DefaultConfig()}} {
		b := batch(t, recs, tc.cfg)
		if d := disagreements(recs, b, inc); len(d) > 0 {
			t.Errorf("%s: incremental and batch disagree on %d pairs: %v", tc.name, len(d), d)
		}
		mb := identitytest.PairF1(truth, b)
		t.Logf("FEBRL 1, batch with the %s: precision %.4f recall %.4f F1 %.4f", tc.name, mb.Precision, mb.Recall, mb.F1)
	}
	mi := identitytest.PairF1(truth, inc)
	t.Logf("FEBRL 1, incremental: precision %.4f recall %.4f F1 %.4f (%d guests); %.2f DynamoDB calls per record",
		mi.Precision, mi.Recall, mi.F1, mi.PredictedClusters, float64(calls)/float64(len(recs)))
	if mi.F1 < 0.99 {
		t.Errorf("incremental F1 %.4f, want ≥ 0.99", mi.F1)
	}
}

// The intended differences between incremental and batch matching. Batch clustering joins the strongest pairs of
// the whole file first; incremental matching joins each record as it arrives, with the same coherence check (fewer
// than half of the cross pairs in conflict) against the guest as it is at that moment. When an original has two
// duplicates that conflict with each other, each of which merges with the original, only one of them can join it:
// batch gives the original to the stronger pair, incremental to the duplicate that arrives first. The differences
// are listed here exactly, so that any other one fails the test.
var intendedDifferences = map[string][]string{
	// rec-2264-dup-0 (no given name; document number exact) arrives before rec-2264-dup-1 (another given name and
	// a mistyped document number, 36.6 bits with the original): dup-0 takes the original, dup-1 stays apart.
	"febrl2.csv": {
		"rec-2264-dup-0+rec-2264-org incremental",
		"rec-2264-dup-1+rec-2264-org batch",
	},
	"febrl1.csv/without-id_number": nil,
	// rec-2998-dup-1 (another date of birth, 25.0 bits with the original) arrives before rec-2998-dup-0 (another
	// given name, 40.9 bits); without the document number the two duplicates conflict.
	"febrl2.csv/without-id_number": {
		"rec-2998-dup-0+rec-2998-org batch",
		"rec-2998-dup-1+rec-2998-org incremental",
	},
}

// TestIncrementalDifferencesAreIntended runs FEBRL 2 and both files without id_number through the matcher over
// the in-memory store (the DynamoDB adapter's semantics, faster) and checks that incremental and batch
// (shipped model) differ only as intendedDifferences lists.
func TestIncrementalDifferencesAreIntended(t *testing.T) {
	t.Parallel()
	for name, want := range intendedDifferences {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			file, dropID := name, false
			if f, ok := strings.CutSuffix(name, "/without-id_number"); ok {
				file, dropID = f, true
			}
			recs, truth := loadFEBRL(t, file)
			if dropID {
				for i := range recs {
					recs[i].IDNumber = ""
				}
			}
			m, err := matching.New(matching.Options{Store: matchingtest.NewMemory(), Now: newClock().Now})
			if err != nil {
				t.Fatal(err)
			}
			inc := incremental(t, m, "febrl", recs)
			cfg := identity.DefaultConfig()
			cfg.Model = matching.DefaultModel()
			b := batch(t, recs, cfg)
			if got := disagreements(recs, b, inc); !slices.Equal(got, want) {
				t.Errorf("differences %v, want %v", got, want)
			}
			mi, mb := identitytest.PairF1(truth, inc), identitytest.PairF1(truth, b)
			t.Logf("%s: incremental F1 %.4f (P %.4f R %.4f), batch F1 %.4f (P %.4f R %.4f)", name, mi.F1, mi.Precision, mi.Recall, mb.F1, mb.Precision, mb.Recall)
			floor := 0.99
			if dropID {
				floor = 0.95
			}
			if mi.F1 < floor {
				t.Errorf("incremental F1 %.4f, want ≥ %.2f", mi.F1, floor)
			}
		})
	}
}

// TestIncrementalOnHotelData compares incremental and batch matching on generated hotel records, where order
// matters more (households, colleagues, name-only bookings): the two agree on nearly every pair, and incremental
// keeps the batch's precision. Batch also weighs exact agreement by how common the value is in the file (term
// frequencies), which a matcher seeing one record at a time cannot.
func TestIncrementalOnHotelData(t *testing.T) {
	t.Parallel()
	ds := identitytest.Generate(identitytest.Options{Records: 10_000, Seed: 7})
	cfg := identity.DefaultConfig()
	cfg.Region, cfg.Switchboards = ds.Region, ds.Switchboards
	m, err := matching.New(matching.Options{Store: matchingtest.NewMemory(), Config: cfg, Now: newClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	inc := incremental(t, m, "hotel", ds.Records)
	cfg.Model = matching.DefaultModel()
	b := batch(t, ds.Records, cfg)
	truth := ds.Truth()
	mi, mb, agree := identitytest.PairF1(truth, inc), identitytest.PairF1(truth, b), identitytest.PairF1(b, inc)
	t.Logf("hotel: incremental P %.4f R %.4f F1 %.4f; batch P %.4f R %.4f F1 %.4f; incremental vs batch F1 %.4f (%d pairs only in batch, %d only incremental)",
		mi.Precision, mi.Recall, mi.F1, mb.Precision, mb.Recall, mb.F1, agree.F1, agree.FalseNegatives, agree.FalsePositives)
	if agree.F1 < 0.97 || mi.Precision < 0.99 || mi.F1 < mb.F1-0.02 {
		t.Errorf("incremental vs batch F1 %.4f (want ≥ 0.97), incremental precision %.4f (want ≥ 0.99), F1 %.4f vs batch %.4f (want within 0.02)",
			agree.F1, mi.Precision, mi.F1, mb.F1)
	}
	// People who share a home or an employer stay apart.
	shared := 0
	byGuest := map[string][]int{}
	for i, r := range ds.Records {
		byGuest[inc[r.ID]] = append(byGuest[inc[r.ID]], i)
	}
	for _, members := range byGuest {
		for x, i := range members {
			for _, j := range members[x+1:] {
				if ds.Person[i] != ds.Person[j] && (ds.Household[i] != 0 && ds.Household[i] == ds.Household[j] ||
					ds.Company[i] != 0 && ds.Company[i] == ds.Company[j]) {
					shared++
				}
			}
		}
	}
	if shared > len(ds.Records)/1000 {
		t.Errorf("%d pairs of housemates or colleagues merged", shared)
	}
}
