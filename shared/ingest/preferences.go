package ingest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/hearthcrm/hearth/events"
)

// PreferenceInput is a stay preference as a PMS profile sends it.
type PreferenceInput struct {
	Category string `json:"category"`
	Value    string `json:"value"`
}

// DietaryInput is an allergy, intolerance or diet as a PMS profile sends it.
type DietaryInput struct {
	Kind     string `json:"kind"`
	Item     string `json:"item"`
	Severity string `json:"severity,omitempty"`
	Notes    string `json:"notes,omitempty"`
}

// maxPreferences bounds each list of a profile: a PMS that sends more is sending something else.
const maxPreferences = 100

// preferenceCategories maps the words PMSs use for a preference's kind to Hearth's categories; anything else is
// kept as "other" with a warning, never dropped.
var preferenceCategories = map[string]string{
	"room": "room", "roomtype": "room", "room type": "room", "view": "room", "smoking": "room", "location": "room",
	"floor": "floor", "bed": "bed", "bedding": "bed", "bed type": "bed", "pillow": "pillow", "pillows": "pillow",
	"amenity": "amenity", "amenities": "amenity", "minibar": "amenity",
	"newspaper": "newspaper", "newspapers": "newspaper", "press": "newspaper",
	"temperature": "temperature", "climate": "temperature",
	"meal": "meal", "food": "meal", "breakfast": "meal", "beverage": "meal", "drink": "meal",
	"request": "request", "special request": "request", "specials": "request", "service": "request",
	"other": "other",
}

var dietaryKinds = map[string]string{
	"allergy": "allergy", "allergies": "allergy", "intolerance": "intolerance", "diet": "diet", "dietary": "diet",
}

var severities = map[string]string{
	"mild": "mild", "low": "mild", "moderate": "moderate", "medium": "moderate", "severe": "severe", "high": "severe",
	"anaphylactic": "anaphylactic", "anaphylaxis": "anaphylactic", "life-threatening": "anaphylactic",
}

// stated validates what a profile states of preferences and dietary needs. Both nil means the message says
// nothing (nil result); otherwise the result is the whole current list, sorted, so the same lists encode alike.
func stated(field string, prefs *[]PreferenceInput, dietary *[]DietaryInput, p *problems) *events.StatedPreferences {
	if prefs == nil && dietary == nil {
		return nil
	}
	out := &events.StatedPreferences{Preferences: []events.StatedPreference{}, Dietary: []events.StatedDietary{}}
	if prefs != nil {
		if len(*prefs) > maxPreferences {
			p.fail(field+"preferences", "at most "+strconv.Itoa(maxPreferences)+" preferences")
			return nil
		}
		for i, in := range *prefs {
			at := field + "preferences[" + strconv.Itoa(i) + "]"
			value, _ := cleanText(in.Value, 200)
			if value == "" {
				p.warn(at+".value", WarnDropped, "a preference without a value")
				continue
			}
			cat, ok := preferenceCategories[strings.ToLower(strings.TrimSpace(in.Category))]
			if !ok {
				p.warn(at+".category", WarnUnknownCode, "category "+strconv.Quote(in.Category)+" is not one Hearth knows; kept as other")
				cat = "other"
			}
			out.Preferences = append(out.Preferences, events.StatedPreference{Category: cat, Value: value})
		}
	}
	if dietary != nil {
		if len(*dietary) > maxPreferences {
			p.fail(field+"dietary", "at most "+strconv.Itoa(maxPreferences)+" dietary entries")
			return nil
		}
		for i, in := range *dietary {
			at := field + "dietary[" + strconv.Itoa(i) + "]"
			kind, ok := dietaryKinds[strings.ToLower(strings.TrimSpace(in.Kind))]
			if !ok {
				p.fail(at+".kind", "must be allergy, intolerance or diet")
				continue
			}
			item, _ := cleanText(in.Item, 100)
			if item == "" {
				p.fail(at+".item", "required")
				continue
			}
			d := events.StatedDietary{Kind: kind, Item: item}
			d.Notes, _ = cleanText(in.Notes, 500)
			if s := strings.ToLower(strings.TrimSpace(in.Severity)); s != "" {
				if d.Severity, ok = severities[s]; !ok {
					p.fail(at+".severity", "must be mild, moderate, severe or anaphylactic")
					continue
				}
			} else if kind == "allergy" {
				// Kept without one: Guest 360 treats it as severe, saying so, until someone asks the guest.
				p.warn(at+".severity", WarnInconsistent, "an allergy without a severity: shown as severe")
			}
			out.Dietary = append(out.Dietary, d)
		}
	}
	slices.SortFunc(out.Preferences, func(a, b events.StatedPreference) int {
		return strings.Compare(a.Category+"\x00"+a.Value, b.Category+"\x00"+b.Value)
	})
	out.Preferences = slices.Compact(out.Preferences)
	slices.SortFunc(out.Dietary, func(a, b events.StatedDietary) int {
		return strings.Compare(a.Kind+"\x00"+a.Item, b.Kind+"\x00"+b.Item)
	})
	out.Dietary = slices.CompactFunc(out.Dietary, func(a, b events.StatedDietary) bool { return a.Kind == b.Kind && a.Item == b.Item })
	return out
}
