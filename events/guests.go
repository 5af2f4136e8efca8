package events

import "errors"

// GuestProfileUpserted says the golden profile of a guest changed (created, edited or re-survived after a merge).
type GuestProfileUpserted struct {
	FirstName     string      `json:"firstName,omitempty"`
	LastName      string      `json:"lastName,omitempty"`
	Email         string      `json:"email,omitempty"`
	Phone         string      `json:"phone,omitempty"`
	Language      string      `json:"language,omitempty"`
	LoyaltyNumber string      `json:"loyaltyNumber,omitempty"`
	Tags          []string    `json:"tags,omitempty"`
	Sources       []SourceRef `json:"sources,omitempty"`
	// Stated, when set, is what the source profile (Sources[0]) holds today of the guest's preferences and dietary
	// needs: the whole list, replacing what the same record stated before (empty lists clear it). Matching's own
	// golden-profile events leave it unset.
	Stated *StatedPreferences `json:"stated,omitempty"`
}

// StatedPreferences are preferences and dietary needs as a PMS profile states them.
type StatedPreferences struct {
	Preferences []StatedPreference `json:"preferences"`
	Dietary     []StatedDietary    `json:"dietary"`
}

// StatedPreference is a stay preference: category room, floor, bed, pillow, amenity, newspaper, temperature, meal,
// request or other, and the value as the PMS spells it.
type StatedPreference struct {
	Category string `json:"category"`
	Value    string `json:"value"`
}

// StatedDietary is an allergy (with severity: mild, moderate, severe or anaphylactic), intolerance or diet.
type StatedDietary struct {
	Kind     string `json:"kind"`
	Item     string `json:"item"`
	Severity string `json:"severity,omitempty"`
	Notes    string `json:"notes,omitempty"`
}

// EventType implements Detail.
func (GuestProfileUpserted) EventType() string { return TypeGuestProfileUpserted }

// EventVersion implements Detail.
func (GuestProfileUpserted) EventVersion() int { return 1 }

// ProfilesMerged says duplicate profiles were merged into a surviving golden profile.
type ProfilesMerged struct {
	MergeID    string   `json:"mergeId"`
	SurvivorID string   `json:"survivorId"`
	MergedIDs  []string `json:"mergedIds"`
	Score      float64  `json:"score,omitempty"`
	Decision   string   `json:"decision"` // auto, reviewed, manual
}

// EventType implements Detail.
func (ProfilesMerged) EventType() string { return TypeProfilesMerged }

// EventVersion implements Detail.
func (ProfilesMerged) EventVersion() int { return 1 }

func (d ProfilesMerged) validate() error {
	if d.MergeID == "" || d.SurvivorID == "" || len(d.MergedIDs) == 0 {
		return errors.New("mergeId, survivorId and mergedIds are required")
	}
	return nil
}

// ProfilesUnmerged says a merge was reversed and the listed profiles restored.
type ProfilesUnmerged struct {
	MergeID     string   `json:"mergeId"`
	SurvivorID  string   `json:"survivorId"`
	RestoredIDs []string `json:"restoredIds"`
	Reason      string   `json:"reason,omitempty"`
	By          string   `json:"by,omitempty"` // who asked for it
}

// EventType implements Detail.
func (ProfilesUnmerged) EventType() string { return TypeProfilesUnmerged }

// EventVersion implements Detail.
func (ProfilesUnmerged) EventVersion() int { return 1 }

func (d ProfilesUnmerged) validate() error {
	if d.MergeID == "" || len(d.RestoredIDs) == 0 {
		return errors.New("mergeId and restoredIds are required")
	}
	return nil
}

// ConsentChanged records one consent decision; the full history is the sequence of these.
type ConsentChanged struct {
	Channel     string `json:"channel"` // email, sms, phone, post, push
	Purpose     string `json:"purpose"` // marketing, service, surveys, profiling
	Scope       string `json:"scope"`   // "group" or a brand id
	Status      string `json:"status"`  // granted, denied, withdrawn
	Source      string `json:"source"`  // pms, precheckin, tablet, console, unsubscribe, import
	TextVersion string `json:"textVersion,omitempty"`
}

// EventType implements Detail.
func (ConsentChanged) EventType() string { return TypeConsentChanged }

// EventVersion implements Detail.
func (ConsentChanged) EventVersion() int { return 1 }

func (d ConsentChanged) validate() error {
	if d.Channel == "" || d.Purpose == "" || d.Scope == "" || d.Status == "" || d.Source == "" {
		return errors.New("channel, purpose, scope, status and source are required")
	}
	switch d.Status {
	case "granted", "denied", "withdrawn":
		return nil
	}
	return errors.New("status must be granted, denied or withdrawn")
}
