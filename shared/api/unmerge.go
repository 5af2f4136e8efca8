package api

import (
	"net/http"

	"github.com/hearthcrm/hearth/shared/access"
)

// unmerge undoes a merge matching made: the guest in the path is the survivor, mergedId the guest merged into it.
// The caller needs GuestsWrite on both guests. Asking again returns the same outcome (and publishes the same
// events again, which consumers absorb), so a client may retry after any failure.
func (s *server) unmerge(w http.ResponseWriter, r *http.Request, c *call) error {
	var in struct {
		MergedID string `json:"mergedId"`
		Reason   string `json:"reason"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if in.MergedID == "" {
		return errorf("mergedId is required")
	}
	survivor := r.PathValue("id")
	for _, id := range []string{survivor, in.MergedID} {
		if err := s.authorizeGuestOf(r, c, access.GuestsWrite, id); err != nil {
			return err
		}
	}
	res, err := s.Matcher.Unmerge(r.Context(), survivor, in.MergedID, c.actor.Email, in.Reason)
	if err != nil {
		return err
	}
	if err := s.Bus.Publish(r.Context(), res.Events...); err != nil {
		return err
	}
	out := map[string]any{"mergeId": res.MergeID, "survivorId": res.SurvivorID, "restoredId": res.RestoredID, "alreadyUndone": res.Replayed}
	c.auditResource, c.after = "guest/"+survivor+"/unmerge", out
	writeJSON(w, http.StatusOK, out)
	return nil
}
