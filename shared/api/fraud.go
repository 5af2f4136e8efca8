package api

import (
	"net/http"

	"github.com/hearthcrm/hearth/shared/rewards"
)

// fraudAlerts lists fraud alerts (?status=open, the default, or resolved), newest first, with their evidence, a
// page at a time: an open stretch of abuse raises many, and resolved ones only accumulate.
func (s *server) fraudAlerts(w http.ResponseWriter, r *http.Request, _ *call) error {
	status := r.URL.Query().Get("status")
	if status == "" {
		status = rewards.AlertOpen
	}
	q, err := readPage(r, "fraud/alerts/"+status) // a cursor of open alerts does not page resolved ones
	if err != nil {
		return err
	}
	alerts, err := s.Rewards.FraudAlerts(r.Context(), status)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, paginate(alerts, func(a rewards.FraudAlert) string { return newestFirst(a.At) + "#" + a.Key }, q))
	return nil
}

// resolveAlert closes an alert (its key URL-encoded in the path) with a note; "release": true lifts its holds.
func (s *server) resolveAlert(w http.ResponseWriter, r *http.Request, c *call) error {
	var in struct {
		Note    string `json:"note"`
		Release bool   `json:"release"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	a, err := s.Rewards.ResolveAlert(r.Context(), r.PathValue("key"), c.actor.Email, in.Note, in.Release)
	if err != nil {
		return err
	}
	c.auditResource, c.after = "fraud-alert/"+a.Key, a
	writeJSON(w, http.StatusOK, a)
	return nil
}
