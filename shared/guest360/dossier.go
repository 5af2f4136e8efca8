package guest360

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/shared/pdf"
	"github.com/hearthcrm/hearth/shared/profile"
)

// Arrivals reads the arrivals of a property between two days (inclusive).
type Arrivals interface {
	Between(ctx context.Context, propertyID, from, to string) ([]Arrival, error)
}

// GuestFacts is what the dossier needs to know of a guest beyond the reservation.
type GuestFacts interface {
	// Profile returns the guest's console profile, or nil when they have none (a guest known only from PMS
	// messages), and the name to show.
	Profile(ctx context.Context, guestID string) (*profile.Profile, string, error)
	Visits(ctx context.Context, guestID string) ([]Visit, error)
	// Tier is the loyalty tier, "" for non-members.
	Tier(ctx context.Context, guestID string) (string, error)
}

// DossierEntry is one arriving guest as the front desk and housekeeping prepare for them. Allergies come first
// and apart, because they are what must not be missed.
type DossierEntry struct {
	Arrival
	Name        string               `json:"name"`
	VIP         *profile.VIP         `json:"vip,omitempty"`
	Tier        string               `json:"tier,omitempty"`
	Allergies   []profile.Dietary    `json:"allergies"`
	Dietary     []profile.Dietary    `json:"dietary"`
	Preferences []profile.Preference `json:"preferences"`
	Notes       []profile.Note       `json:"notes"`
	History     Stats                `json:"history"`
}

// Dossier is a property's arrivals for a date range.
type Dossier struct {
	PropertyID  string         `json:"propertyId"`
	From        string         `json:"from"`
	To          string         `json:"to"`
	GeneratedAt time.Time      `json:"generatedAt"`
	Entries     []DossierEntry `json:"entries"`
}

// MaxDossierDays bounds a dossier's range: it is a working list, not a report.
const MaxDossierDays = 31

// BuildDossier assembles the arrivals of a property from from to to (YYYY-MM-DD, inclusive), VIPs first within a
// day.
func BuildDossier(ctx context.Context, arrivals Arrivals, facts GuestFacts, propertyID, from, to string, now time.Time) (Dossier, error) {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || t.Before(f) || t.Sub(f) > MaxDossierDays*24*time.Hour {
		return Dossier{}, fmt.Errorf("%w: from and to must be days (YYYY-MM-DD), from ≤ to, at most %d days apart", ErrInvalid, MaxDossierDays)
	}
	list, err := arrivals.Between(ctx, propertyID, from, to)
	if err != nil {
		return Dossier{}, err
	}
	d := Dossier{PropertyID: propertyID, From: from, To: to, GeneratedAt: now.UTC(), Entries: []DossierEntry{}}
	for _, a := range list {
		e := DossierEntry{Arrival: a, Allergies: []profile.Dietary{}, Dietary: []profile.Dietary{}, Preferences: []profile.Preference{}, Notes: []profile.Note{}}
		if a.GuestID != "" {
			p, name, err := facts.Profile(ctx, a.GuestID)
			if err != nil {
				return Dossier{}, err
			}
			e.Name = name
			if p != nil {
				e.fill(p, propertyID)
			}
			visits, err := facts.Visits(ctx, a.GuestID)
			if err != nil {
				return Dossier{}, err
			}
			e.History = Summarise(visits)
			if e.Tier, err = facts.Tier(ctx, a.GuestID); err != nil {
				return Dossier{}, err
			}
		}
		d.Entries = append(d.Entries, e)
	}
	sort.SliceStable(d.Entries, func(i, j int) bool {
		a, b := d.Entries[i], d.Entries[j]
		if a.Arrival.Arrival != b.Arrival.Arrival {
			return a.Arrival.Arrival < b.Arrival.Arrival
		}
		return vipLevel(a.VIP) > vipLevel(b.VIP)
	})
	return d, nil
}

func vipLevel(v *profile.VIP) int {
	if v == nil {
		return 0
	}
	return v.Level
}

// fill copies what concerns this property: group-wide and this property's preferences and notes.
func (e *DossierEntry) fill(p *profile.Profile, propertyID string) {
	e.VIP = p.VIP
	if e.Name == "" {
		e.Name = strings.TrimSpace(p.Name.First + " " + p.Name.Last)
	}
	for _, d := range AllergiesFirst(p.Dietary) {
		if d.Kind == "allergy" {
			e.Allergies = append(e.Allergies, d)
		} else {
			e.Dietary = append(e.Dietary, d)
		}
	}
	for _, pr := range p.Preferences {
		if pr.PropertyID == "" || pr.PropertyID == propertyID {
			e.Preferences = append(e.Preferences, pr)
		}
	}
	for _, n := range p.Notes {
		if n.PropertyID == "" || n.PropertyID == propertyID {
			e.Notes = append(e.Notes, n)
		}
	}
}

func severity(s string) int {
	switch strings.ToLower(s) {
	case "anaphylactic", "anaphylaxis", "life-threatening":
		return 4
	case "severe":
		return 3
	case "moderate":
		return 2
	case "mild":
		return 1
	}
	return 0
}

// PDF renders the dossier for printing: one block per guest, allergies in bold capitals.
func (d Dossier) PDF(propertyName string) []byte {
	var pages []pdf.Page
	page := pdf.Page{{Text: "Arrivals " + d.From + " to " + d.To + " - " + propertyName, Size: 16, Bold: true}}
	lines := 1
	add := func(l pdf.Line) {
		if lines >= 52 { // an A4 page of 11-point lines
			pages, page, lines = append(pages, page), pdf.Page{}, 0
		}
		page = append(page, l)
		lines++
	}
	if len(d.Entries) == 0 {
		add(pdf.Line{Text: "No arrivals.", Gap: 12})
	}
	for _, e := range d.Entries {
		name := e.Name
		if name == "" {
			name = "(guest not identified)"
		}
		head := fmt.Sprintf("%s  %s  %s-%s  %s", e.Arrival.Arrival, name, e.Arrival.Arrival[5:], e.Departure[5:], e.RoomType)
		if e.VIP != nil && e.VIP.Level > 0 {
			head += fmt.Sprintf("  VIP %d", e.VIP.Level)
		}
		if e.Tier != "" {
			head += "  " + e.Tier
		}
		add(pdf.Line{Text: head, Bold: true, Gap: 10})
		for _, a := range e.Allergies {
			add(pdf.Line{Text: strings.ToUpper("Allergy: " + a.Item + " " + a.Severity + " " + a.Notes), Bold: true})
		}
		for _, x := range e.Dietary {
			add(pdf.Line{Text: "Diet: " + x.Kind + " " + x.Item})
		}
		for _, pr := range e.Preferences {
			add(pdf.Line{Text: "Prefers " + pr.Category + ": " + pr.Value})
		}
		for _, n := range e.Notes {
			add(pdf.Line{Text: "Note: " + n.Text})
		}
		add(pdf.Line{Text: fmt.Sprintf("History: %d stays, %d nights, last stay %s", e.History.Stays, e.History.Nights, dash(e.History.LastStay)), Size: 9})
	}
	return pdf.Render("Arrivals "+d.PropertyID+" "+d.From, append(pages, page)...)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
