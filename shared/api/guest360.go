package api

import (
	"errors"
	"net/http"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/guest360"
	"github.com/hearthcrm/hearth/shared/profile"
	"github.com/hearthcrm/hearth/shared/rewards"
	"github.com/hearthcrm/hearth/shared/store"
)

// guest360 is the unified view of a guest: the console profile, what matching knows (sources, names, contacts),
// every stay and check across properties with statistics, household and company/agency links, and loyalty
// standing.
func (s *server) guest360(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.authorizeGuestID(r, c, access.GuestsRead); err != nil {
		return err
	}
	id := r.PathValue("id")
	out := map[string]any{"guestId": id}
	if sp, err := s.Profiles.Get(r.Context(), id); err == nil {
		out["profile"] = sp
		if sp.Profile.VIP != nil && sp.Profile.VIP.Level > 0 {
			c.auditRead, c.auditResource = true, "guest/"+id
		}
	} else if !errors.Is(err, store.ErrProfileNotFound) {
		return err
	}
	var console *profile.Profile
	if sp, ok := out["profile"].(store.StoredProfile); ok {
		console = &sp.Profile
	}
	if g, err := s.Matcher.Guest(r.Context(), id); err == nil {
		out["golden"] = g
		if g.GuestID != id {
			out["mergedInto"] = g.GuestID // a merged id: the golden record is the survivor's
		}
		stated, err := s.Preferences.Of(r.Context(), g.Sources())
		if err != nil {
			return err
		}
		combined := guest360.WithStated(console, stated)
		out["preferences"], out["dietary"], out["statedPreferences"] = nonNil(combined.Preferences), guest360.AllergiesFirst(combined.Dietary), nonNil(stated)
	} else if console != nil {
		out["preferences"], out["dietary"] = nonNil(console.Preferences), guest360.AllergiesFirst(console.Dietary)
	}
	merges, err := s.Matcher.Merges(r.Context(), id)
	if err != nil {
		return err
	}
	out["merges"] = merges // who was merged into this guest (or this guest into whom), when, and whether undone
	visits, err := s.Visits.Visits(r.Context(), id)
	if err != nil {
		return err
	}
	stats := guest360.Summarise(visits)
	out["visits"], out["statistics"] = visits, stats
	out["daysSinceLastStay"] = stats.DaysSinceLastStay(s.Now())
	if out["links"], err = s.guestLinks(r.Context(), c, id, visits); err != nil {
		return err
	}
	if m, a, err := s.Rewards.Member(r.Context(), id); err == nil {
		loyalty := map[string]any{"number": m.Number, "tier": m.Tier, "balance": a.Balance, "available": a.Available(s.Now())}
		if m.MergedInto != "" {
			loyalty["mergedInto"] = m.MergedInto // its points went to that guest's membership
		}
		out["loyalty"] = loyalty
	} else if !errors.Is(err, rewards.ErrNotMember) {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
