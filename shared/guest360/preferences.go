package guest360

import (
	"slices"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/profile"
)

// StatedPreferences are what one PMS profile record says of a guest's preferences and dietary needs, as of At.
type StatedPreferences struct {
	Source     events.SourceRef         `json:"source"`
	PropertyID string                   `json:"propertyId,omitempty"` // the property whose system sent it
	At         time.Time                `json:"at"`
	Stated     events.StatedPreferences `json:"stated"`
}

// propertyCategories are the preference categories that describe one hotel's rooms (a sea view, room 412): a PMS
// states them for its own property. The others (pillow, newspaper, diet...) follow the guest everywhere.
var propertyCategories = map[string]bool{"room": true, "floor": true}

// unstatedSeverity notes an allergy a PMS stated without a severity.
const unstatedSeverity = "(severity not stated by the PMS: treated as severe)"

// WithStated returns the guest's profile with what their PMS profiles state added: preferences and dietary needs
// the console profile lacks. The console profile wins where both speak of the same item (a person set it); among
// PMS records, the most severe allergy wins, so the desk never sees less than one system knows. p may be nil.
func WithStated(p *profile.Profile, stated []StatedPreferences) profile.Profile {
	var out profile.Profile
	if p != nil {
		out = *p
		out.Preferences = slices.Clone(p.Preferences)
		out.Dietary = slices.Clone(p.Dietary)
	}
	manual := len(out.Dietary)
	// The newest statement first, so equal items keep the latest spelling.
	ordered := slices.Clone(stated)
	slices.SortStableFunc(ordered, func(a, b StatedPreferences) int { return b.At.Compare(a.At) })
	for _, s := range ordered {
		for _, pr := range s.Stated.Preferences {
			scope := ""
			if propertyCategories[pr.Category] {
				scope = s.PropertyID
			}
			if !slices.ContainsFunc(out.Preferences, func(x profile.Preference) bool {
				return x.Category == pr.Category && strings.EqualFold(x.Value, pr.Value) && (x.PropertyID == "" || x.PropertyID == scope)
			}) {
				out.Preferences = append(out.Preferences, profile.Preference{Category: pr.Category, Value: pr.Value, PropertyID: scope})
			}
		}
		for _, d := range s.Stated.Dietary {
			i := slices.IndexFunc(out.Dietary, func(x profile.Dietary) bool {
				return x.Kind == d.Kind && strings.EqualFold(x.Item, d.Item)
			})
			if d.Kind == "allergy" && d.Severity == "" {
				// Unknown is treated as dangerous until someone asks the guest.
				d.Severity, d.Notes = "severe", strings.TrimSpace(unstatedSeverity+" "+d.Notes)
			}
			switch {
			case i < 0:
				out.Dietary = append(out.Dietary, profile.Dietary{Kind: d.Kind, Item: d.Item, Severity: d.Severity, Notes: d.Notes})
			case i >= manual && severity(d.Severity) > severity(out.Dietary[i].Severity):
				out.Dietary[i].Severity = d.Severity
			}
		}
	}
	return out
}

// AllergiesFirst orders dietary needs as every screen shows them: allergies, most severe first, then the rest.
func AllergiesFirst(ds []profile.Dietary) []profile.Dietary {
	out := slices.Clone(ds)
	if out == nil {
		out = []profile.Dietary{}
	}
	rank := func(d profile.Dietary) int {
		if d.Kind == "allergy" {
			return 10 + severity(d.Severity)
		}
		return 0
	}
	slices.SortStableFunc(out, func(a, b profile.Dietary) int { return rank(b) - rank(a) })
	return out
}
