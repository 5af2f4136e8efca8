package api

import "net/http"

// reconciliation returns a property's stored reconciliation of a business day (YYYY-MM-DD in its time zone).
func (s *server) reconciliation(w http.ResponseWriter, r *http.Request, _ *call) error {
	rep, err := s.Reconcile.Report(r.Context(), r.PathValue("id"), r.PathValue("day"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// reconcile reruns a property's reconciliation of a day now (late messages since the nightly run count) and keeps
// the new report.
func (s *server) reconcile(w http.ResponseWriter, r *http.Request, _ *call) error {
	rep, err := s.Reconcile.Run(r.Context(), r.PathValue("id"), r.PathValue("day"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
