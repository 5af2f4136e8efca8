package api

import (
	"fmt"
	"net/http"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/matching"
)

// unmerge undoes a merge matching made: the guest in the path is the survivor, and the body names either one guest
// merged into it (mergedId) or a whole merge (mergeId: every guest it joined, given back one after the other). The
// caller needs GuestsWrite on every guest concerned. Asking again returns the same outcome (and publishes the same
// events again, which consumers absorb), so a client may retry after any failure, a whole merge half undone
// included.
func (s *server) unmerge(w http.ResponseWriter, r *http.Request, c *call) error {
	var in struct {
		MergedID string `json:"mergedId"`
		MergeID  string `json:"mergeId"`
		Reason   string `json:"reason"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if (in.MergedID == "") == (in.MergeID == "") {
		return invalid("body", "/mergedId", "name either mergedId (one guest) or mergeId (a whole merge)")
	}
	survivor := r.PathValue("id")
	if err := s.authorizeGuestOf(r, c, access.GuestsWrite, survivor); err != nil {
		return err // before reading its merges: an outsider learns nothing of them
	}
	merged := []string{in.MergedID}
	if in.MergeID != "" {
		entries, err := s.Matcher.Merges(r.Context(), survivor)
		if err != nil {
			return err
		}
		merged = nil
		for _, e := range entries {
			if e.MergeID == in.MergeID && e.SurvivorID == survivor {
				merged = append(merged, e.MergedID)
			}
		}
		if len(merged) == 0 {
			return fmt.Errorf("%w: %s is not a merge guest %s survived", matching.ErrNotMerged, in.MergeID, survivor)
		}
	}
	for _, id := range merged {
		if err := s.authorizeGuestOf(r, c, access.GuestsWrite, id); err != nil {
			return err
		}
	}
	out := map[string]any{"survivorId": survivor, "restoredIds": []string{}, "alreadyUndone": true}
	for _, id := range merged {
		res, err := s.Matcher.Unmerge(r.Context(), survivor, id, c.actor.Email, in.Reason)
		if err != nil {
			return err
		}
		if err := s.Bus.Publish(r.Context(), res.Events...); err != nil {
			return err
		}
		if out["restoredId"] == nil {
			out["mergeId"], out["restoredId"] = res.MergeID, res.RestoredID
		}
		out["restoredIds"] = append(out["restoredIds"].([]string), res.RestoredID)
		out["alreadyUndone"] = out["alreadyUndone"].(bool) && res.Replayed
	}
	c.auditResource, c.after = "guest/"+survivor+"/unmerge", out
	writeJSON(w, http.StatusOK, out)
	return nil
}
