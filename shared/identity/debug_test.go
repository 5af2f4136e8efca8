package identity_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/hearthcrm/hearth/shared/identity"
)

// debugErrors logs the model, then false merges and missed pairs with their explained scores, then the missed
// pairs counted by the direct pair's decision (IDENTITY_DEBUG=1 [IDENTITY_DEBUG_LIMIT=n] go test -v -run ...). It
// is a tuning aid, not a test. Scores here use average weights: the batch's term frequencies are not shown.
func debugErrors(t *testing.T, recs []identity.Record, truth map[string]string, res *identity.Result, cfg identity.Config) {
	n := identity.NewNormalizer(cfg)
	prof := func(i int) identity.Profile {
		p, _ := n.Profile(recs[i])
		return p
	}
	m := res.Model
	t.Logf("model: share %.3f prior %.1f", m.MatchShare, m.Prior)
	for f := range identity.NumFields {
		line := f.String() + ":"
		for _, l := range identity.FieldLevels[f] {
			line += fmt.Sprintf(" %s=%.2f(m%.3g,u%.3g)", l, m.Weight[f][l], m.M[f][l], m.U[f][l])
		}
		t.Log(line)
	}
	limit := 40
	if s := os.Getenv("IDENTITY_DEBUG_LIMIT"); s != "" {
		limit, _ = strconv.Atoi(s)
	}
	show := func(kind string, i, j int) {
		a, b := prof(i), prof(j)
		t.Logf("%s %s | %s\n  %v\n  %v\n  %s", kind, recs[i].ID, recs[j].ID, recs[i], recs[j], m.Score(&a, &b))
	}
	byTruth := make(map[string][]int)
	byGuest := make(map[string][]int)
	for i, r := range recs {
		byTruth[truth[r.ID]] = append(byTruth[truth[r.ID]], i)
		byGuest[res.GuestIDs[i]] = append(byGuest[res.GuestIDs[i]], i)
	}
	shown := 0
	for i, r := range recs {
		for _, j := range byGuest[res.GuestIDs[i]] {
			if j > i && truth[recs[j].ID] != truth[r.ID] && shown < limit {
				show("FALSE MERGE", i, j)
				shown++
			}
		}
	}
	shown = 0
	for i, r := range recs {
		for _, j := range byTruth[truth[r.ID]] {
			if j > i && res.GuestIDs[j] != res.GuestIDs[i] && shown < limit {
				show("MISSED", i, j)
				shown++
			}
		}
	}
	tallyMisses(t, recs, truth, res, cfg)
}

// tallyMisses counts missed pairs by the direct pair's decision, conflict and score, marking the pairs where one
// record carries nothing but a name ("THIN").
func tallyMisses(t *testing.T, recs []identity.Record, truth map[string]string, res *identity.Result, cfg identity.Config) {
	n := identity.NewNormalizer(cfg)
	ps := make([]identity.Profile, len(recs))
	for i := range recs {
		ps[i], _ = n.Profile(recs[i])
	}
	byTruth := make(map[string][]int)
	for i, r := range recs {
		byTruth[truth[r.ID]] = append(byTruth[truth[r.ID]], i)
	}
	tally := make(map[string]int)
	for i, r := range recs {
		for _, j := range byTruth[truth[r.ID]] {
			if j > i && res.GuestIDs[j] != res.GuestIDs[i] {
				s := res.Model.Score(&ps[i], &ps[j])
				key := s.Decision.String() + " " + s.Conflict
				thin := func(p *identity.Profile) bool {
					return p.Email.Address == "" && p.Phone.E164 == "" && p.DateOfBirth.IsZero() && p.Address1 == "" && p.LoyaltyNumber == "" && p.IDNumber == ""
				}
				if thin(&ps[i]) || thin(&ps[j]) {
					key = "THIN " + key
				}
				if s.Decision == identity.New || s.Decision == identity.Review && s.Conflict == "" {
					key += fmt.Sprintf(" [%d bits]", int(s.Total)/4*4)
				}
				tally[key]++
			}
		}
	}
	for k, v := range tally {
		t.Logf("missed %6d  %s", v, k)
	}
}
