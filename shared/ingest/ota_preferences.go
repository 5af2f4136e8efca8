package ingest

import (
	"strings"

	"github.com/hearthcrm/hearth/events"
)

// otaBedTypes are OpenTravel's BED code list, by code.
var otaBedTypes = map[string]string{
	"1": "double", "2": "futon", "3": "king", "4": "murphy bed", "5": "queen", "6": "sofa bed", "7": "tatami mats",
	"8": "twin", "9": "single", "10": "full", "11": "run of the house", "12": "dorm bed",
}

// otaSpecialMeals are the IATA special meal codes PMSs reuse in MealPref/@MealType for dietary needs; other meal
// codes stay meal preferences.
var otaSpecialMeals = map[string]DietaryInput{
	"GFML": {Kind: "intolerance", Item: "gluten"},
	"NLML": {Kind: "intolerance", Item: "lactose"},
	"DBML": {Kind: "diet", Item: "diabetic"},
	"VGML": {Kind: "diet", Item: "vegan"},
	"VLML": {Kind: "diet", Item: "vegetarian (lacto-ovo)"},
	"VOML": {Kind: "diet", Item: "vegetarian (oriental)"},
	"KSML": {Kind: "diet", Item: "kosher"},
	"MOML": {Kind: "diet", Item: "halal"},
	"HNML": {Kind: "diet", Item: "hindu"},
	"LSML": {Kind: "diet", Item: "low salt"},
	"LFML": {Kind: "diet", Item: "low fat"},
}

// otaStated maps Profile/PrefCollections to stated preferences: nil when the profile has no PrefCollections.
// Preferences marked Unacceptable are kept as "not ..." so the desk sees what to avoid.
func otaStated(pc *otaPrefCollections, field string, p *problems) *events.StatedPreferences {
	if pc == nil {
		return nil
	}
	prefs, dietary := []PreferenceInput{}, []DietaryInput{}
	add := func(category string, x otaPref, code string) {
		value := strings.TrimSpace(x.Text)
		if value == "" {
			value = code
		}
		if strings.EqualFold(x.PreferLevel, "Unacceptable") && value != "" {
			value = "not " + value
		}
		prefs = append(prefs, PreferenceInput{Category: category, Value: value})
	}
	for _, c := range pc.Collections {
		for _, h := range c.Hotel {
			for _, x := range h.RoomLocations {
				add("room", x, x.RoomLocationType)
			}
			for _, x := range h.BedTypes {
				code := x.BedType
				if name, ok := otaBedTypes[code]; ok {
					code = name
				}
				add("bed", x, code)
			}
			for _, x := range h.RoomAmenities {
				add("amenity", x, x.RoomAmenity)
			}
			for _, x := range h.Meals {
				if d, ok := otaSpecialMeals[strings.ToUpper(strings.TrimSpace(x.MealType))]; ok {
					d.Notes = strings.TrimSpace(x.Text)
					dietary = append(dietary, d)
					continue
				}
				add("meal", x, x.MealType)
			}
			for _, x := range h.FoodSrvcs {
				add("meal", x, x.Name)
			}
			for _, x := range h.SpecRequests {
				add("request", x, x.Name)
			}
		}
		for _, cp := range c.Common {
			for _, x := range cp.SpecRequests {
				add("request", x, x.Name)
			}
			for _, x := range cp.OtherSrvc {
				add("request", x, x.Name)
			}
		}
	}
	return stated(field, &prefs, &dietary, p)
}
