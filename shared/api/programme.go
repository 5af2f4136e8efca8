package api

import (
	"net/http"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

// programme shows the loyalty programme in force with its version (send it back when editing).
func (s *server) programme(w http.ResponseWriter, r *http.Request, _ *call) error {
	sp, err := s.Rewards.CurrentProgramme(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sp)
	return nil
}

// putProgramme replaces the programme: earning rules, property overrides, tiers, expiry and enrolment. It must be
// valid as a whole, and {"version"} must be the one read, so two editors do not overwrite each other unseen. Every
// function runs the new version within the settings cache's minute.
func (s *server) putProgramme(w http.ResponseWriter, r *http.Request, c *call) error {
	var in struct {
		Version   int               `json:"version"`
		Programme loyalty.Programme `json:"programme"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	before, _ := s.Rewards.CurrentProgramme(r.Context())
	sp, err := s.Rewards.SetProgramme(r.Context(), in.Programme, in.Version, c.actor.Email)
	if err != nil {
		return err
	}
	c.auditResource, c.before, c.after = "loyalty/programme", before, sp
	writeJSON(w, http.StatusOK, sp)
	return nil
}
