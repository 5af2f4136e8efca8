package api

import (
	"net/http"

	"github.com/hearthcrm/hearth/shared/retention"
)

func (s *server) getRetention(w http.ResponseWriter, r *http.Request, _ *call) error {
	p, err := s.Retention.Get(r.Context(), s.GroupID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// putRetention replaces the group's retention policy; it applies to data written from then on (journal expiry)
// and to the next daily sweep.
func (s *server) putRetention(w http.ResponseWriter, r *http.Request, c *call) error {
	var p retention.Policy
	if err := decodeBody(r, &p); err != nil {
		return err
	}
	before, err := s.Retention.Get(r.Context(), s.GroupID)
	if err != nil {
		return err
	}
	if err := s.Retention.Put(r.Context(), s.GroupID, p); err != nil {
		return err
	}
	c.auditResource, c.before, c.after = "retention", before, p
	writeJSON(w, http.StatusOK, p)
	return nil
}
