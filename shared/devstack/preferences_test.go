package devstack_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// statedOf returns a guest's Guest 360 preferences (category: value) and dietary needs (item: severity).
func statedOf(t *testing.T, c *client, guest string) (prefs, dietary map[string]string) {
	t.Helper()
	v := c.do(ana, "GET", "/v1/guests/"+guest+"/360", "", 200)
	prefs, dietary = map[string]string{}, map[string]string{}
	for _, p := range v["preferences"].([]any) {
		p := p.(map[string]any)
		prefs[p["category"].(string)+": "+p["value"].(string)] = fmt.Sprint(p["propertyId"])
	}
	for _, d := range v["dietary"].([]any) {
		d := d.(map[string]any)
		dietary[d["item"].(string)] = fmt.Sprint(d["severity"])
	}
	return prefs, dietary
}

// TestPreferencesFromPMSProfiles: what a PMS profile states of preferences and allergies shows on Guest 360 and the
// arrivals dossier; a newer statement replaces it, a late or repeated one changes nothing, and merges carry it.
func TestPreferencesFromPMSProfiles(t *testing.T) {
	t.Parallel()
	c := start(t, devstackOptions())
	survivor, merged := mergedPairAt(t, c, "hh-lisbon")
	lisbon := pms{t, c, "hh-lisbon"}
	n := seq.Add(1)
	email := c.do(ana, "GET", "/v1/guests/"+survivor+"/360", "", 200)["golden"].(map[string]any)["emails"].([]any)[0].(map[string]any)["value"]
	// Profiles of Rui from Lisbon's PMS, which matching links to the pair by name and email.
	profile := func(updatedAt string, prefs, dietary []map[string]any) map[string]any {
		return map[string]any{"id": fmt.Sprintf("GP-%d", n), "updatedAt": updatedAt, "firstName": "Rui", "lastName": "Lobo", "email": email,
			"preferences": prefs, "dietary": dietary}
	}
	type m = map[string]any
	first := profile("2026-11-20T08:00:00Z",
		[]map[string]any{{"category": "room", "value": "sea view"}, {"category": "pillow", "value": "buckwheat"}},
		[]map[string]any{{"kind": "allergy", "item": "shellfish", "severity": "anaphylaxis"}, {"kind": "allergy", "item": "latex"}})
	lisbon.send("profile", first)
	body, _ := json.Marshal(first) // redelivered, signed anew
	if status := signedPost(t, c, "/ingest/hh-lisbon-pms/profile", c.st.Sources["hh-lisbon-pms"], body, time.Now().Add(-3*time.Second)); status != http.StatusAccepted {
		t.Fatalf("redelivery: %d", status)
	}
	c.drain()
	prefs, dietary := statedOf(t, c, survivor)
	if prefs["room: sea view"] != "hh-lisbon" || prefs["pillow: buckwheat"] != "<nil>" || dietary["shellfish"] != "anaphylactic" || dietary["latex"] != "severe" {
		t.Fatalf("stated on Guest 360: %v %v", prefs, dietary)
	}
	v := c.do(ana, "GET", "/v1/guests/"+survivor+"/360", "", 200)
	if d := v["dietary"].([]any); d[0].(map[string]any)["item"] != "shellfish" {
		t.Errorf("the most severe allergy is not first: %v", d)
	}
	if s := v["statedPreferences"].([]any); len(s) != 1 || s[0].(map[string]any)["propertyId"] != "hh-lisbon" {
		t.Errorf("statedPreferences %v", s)
	}

	// The arrivals dossier shows the allergy first, in capitals on paper.
	dossier := c.do(ana, "GET", "/v1/properties/hh-lisbon/arrivals?from=2026-12-01&to=2026-12-01", "", 200)
	found := false
	for _, e := range dossier["entries"].([]any) {
		e := e.(map[string]any)
		if e["guestId"] == survivor {
			a := e["allergies"].([]any)
			found = len(a) == 2 && a[0].(map[string]any)["item"] == "shellfish"
		}
	}
	if !found {
		t.Errorf("dossier entries %v", dossier["entries"])
	}

	// A newer statement replaces the list; a late one (older) changes nothing.
	lisbon.send("profile", profile("2026-11-21T08:00:00Z", []m{{"category": "pillow", "value": "buckwheat"}}, []m{{"kind": "allergy", "item": "shellfish", "severity": "anaphylactic"}}))
	c.drain()
	lisbon.send("profile", profile("2026-11-19T08:00:00Z", []m{{"category": "floor", "value": "low"}}, []m{}))
	c.drain()
	prefs, dietary = statedOf(t, c, survivor)
	if len(prefs) != 1 || prefs["pillow: buckwheat"] == "" || len(dietary) != 1 || dietary["shellfish"] != "anaphylactic" {
		t.Fatalf("after a newer and a late statement: %v %v", prefs, dietary)
	}

	// The merged guest's history and preferences travel with its records: unmerged, they stay where they belong.
	if _, d := statedOf(t, c, merged); len(d) != 1 {
		t.Fatalf("a merged id shows its survivor's: %v", d)
	}
}
