package matching

import (
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Merge is what matching keeps of one merge, to show it and to undo it. The merged guests' own golden records
// are kept as they were at the merge (with MergedInto set); the merge keeps the rest: the survivor's record just
// before it, the record that linked them, and, per merged guest, whether and how it was undone.
type Merge struct {
	MergeID    string    `json:"mergeId"`
	SurvivorID string    `json:"survivorId"`
	Version    int       `json:"version"`
	At         time.Time `json:"at"`
	Score      float64   `json:"score"`
	Decision   string    `json:"decision"`
	BrandID    string    `json:"brandId,omitempty"`
	PropertyID string    `json:"propertyId,omitempty"`
	// Source is the record that showed the guests to be one person; it joined the survivor and stays with it.
	Source events.SourceRef `json:"source"`
	// Before is the survivor's golden record just before the merge: when both guests had a value, it says which
	// spelling and time were the survivor's own.
	Before Golden        `json:"before"`
	Merged []MergedGuest `json:"merged"`
	// DecidedBy is the person who merged the guests from a review; empty for automatic merges.
	DecidedBy string `json:"decidedBy,omitempty"`
}

// MergedGuest is one guest of a merge.
type MergedGuest struct {
	GuestID    string    `json:"guestId"`
	UnmergedAt time.Time `json:"unmergedAt,omitzero"`
	UnmergedBy string    `json:"unmergedBy,omitempty"`
	// Events are what the unmerge emitted, returned again when it is repeated.
	Events []events.Envelope `json:"events,omitempty"`
}

// MergeEntry is one merge in a guest's history, as the console shows it: who was merged into whom, when, on
// which record and score, and whether a person undid it.
type MergeEntry struct {
	MergeID    string           `json:"mergeId"`
	SurvivorID string           `json:"survivorId"`
	MergedID   string           `json:"mergedId"`
	At         time.Time        `json:"at"`
	Score      float64          `json:"score"`
	Decision   string           `json:"decision"`
	Source     events.SourceRef `json:"source"`
	Undone     bool             `json:"undone"`
	UnmergedAt *time.Time       `json:"unmergedAt,omitempty"`
	UnmergedBy string           `json:"unmergedBy,omitempty"`
}

// entries lists a merge's guests as history entries.
func (mg *Merge) entries() []MergeEntry {
	out := make([]MergeEntry, 0, len(mg.Merged))
	for _, g := range mg.Merged {
		e := MergeEntry{
			MergeID: mg.MergeID, SurvivorID: mg.SurvivorID, MergedID: g.GuestID, At: mg.At, Score: mg.Score,
			Decision: mg.Decision, Source: mg.Source, Undone: !g.UnmergedAt.IsZero(), UnmergedBy: g.UnmergedBy,
		}
		if e.Undone {
			at := g.UnmergedAt
			e.UnmergedAt = &at
		}
		out = append(out, e)
	}
	return out
}

// mergeRecord is the record of a merge matching is about to write: before is the survivor as read.
func mergeRecord(d *events.ProfilesMerged, before *Golden, r *Record, at time.Time) Merge {
	mg := Merge{
		MergeID: d.MergeID, SurvivorID: d.SurvivorID, Version: 1, At: at, Score: d.Score, Decision: d.Decision,
		BrandID: r.Scope.BrandID, PropertyID: r.Scope.PropertyID, Source: r.Source, Before: before.clone(),
	}
	for _, id := range d.MergedIDs {
		mg.Merged = append(mg.Merged, MergedGuest{GuestID: id})
	}
	return mg
}
