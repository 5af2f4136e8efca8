package guest360_test

import (
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/guest360"
	"github.com/hearthcrm/hearth/shared/profile"
)

func TestWithStatedCombinesConsoleAndPMSProfiles(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	console := &profile.Profile{
		Name:        profile.Name{Last: "Okafor"},
		Preferences: []profile.Preference{{Category: "pillow", Value: "Feather-free"}},
		Dietary:     []profile.Dietary{{Kind: "allergy", Item: "peanuts", Severity: "mild", Notes: "confirmed by the guest"}},
	}
	stated := []guest360.StatedPreferences{
		{PropertyID: "hh-lisbon", At: at, Stated: events.StatedPreferences{
			Preferences: []events.StatedPreference{{Category: "pillow", Value: "feather-free"}, {Category: "room", Value: "sea view"}},
			Dietary:     []events.StatedDietary{{Kind: "allergy", Item: "Peanuts", Severity: "anaphylactic"}, {Kind: "allergy", Item: "shellfish", Severity: "moderate"}},
		}},
		{PropertyID: "hh-london", At: at.Add(time.Hour), Stated: events.StatedPreferences{
			Preferences: []events.StatedPreference{{Category: "newspaper", Value: "FT"}},
			Dietary:     []events.StatedDietary{{Kind: "allergy", Item: "shellfish", Severity: "severe"}, {Kind: "allergy", Item: "latex"}, {Kind: "diet", Item: "vegan"}},
		}},
	}
	got := guest360.WithStated(console, stated)
	if len(console.Preferences) != 1 || len(console.Dietary) != 1 {
		t.Fatal("the console profile was changed in place")
	}
	want := []profile.Preference{
		{Category: "pillow", Value: "Feather-free"},
		{Category: "newspaper", Value: "FT"},
		{Category: "room", Value: "sea view", PropertyID: "hh-lisbon"}, // a room preference is the stating hotel's
	}
	if len(got.Preferences) != len(want) {
		t.Fatalf("preferences %+v", got.Preferences)
	}
	for _, w := range want {
		found := false
		for _, p := range got.Preferences {
			found = found || p == w
		}
		if !found {
			t.Errorf("missing preference %+v in %+v", w, got.Preferences)
		}
	}
	bySeverity := map[string]string{}
	notes := map[string]string{}
	for _, d := range got.Dietary {
		bySeverity[d.Item] = d.Severity
		notes[d.Item] = d.Notes
	}
	// The person's entry wins over a PMS; among PMSs the most severe; unstated severity is treated as severe.
	if bySeverity["peanuts"] != "mild" || bySeverity["shellfish"] != "severe" || bySeverity["latex"] != "severe" || bySeverity["vegan"] != "" {
		t.Errorf("severities %v", bySeverity)
	}
	if notes["latex"] == "" {
		t.Error("an allergy of unknown severity does not say so")
	}
	ordered := guest360.AllergiesFirst(got.Dietary)
	if ordered[0].Item != "shellfish" && ordered[0].Item != "latex" || ordered[len(ordered)-1].Item != "vegan" {
		t.Errorf("order %+v", ordered)
	}
	if none := guest360.WithStated(nil, nil); len(none.Preferences)+len(none.Dietary) != 0 {
		t.Errorf("nothing stated: %+v", none)
	}
}
