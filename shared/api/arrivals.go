package api

import (
	"net/http"
	"time"
)

// arrivals is the property's arrivals dossier from ?from to ?to (default: today and tomorrow in the property's
// zone), as JSON or, with ?format=pdf, printable. It is a privileged read (allergies, notes): audited.
func (s *server) arrivals(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.Hierarchy.Property(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	today := s.Now().In(p.Location())
	from, to := r.URL.Query().Get("from"), r.URL.Query().Get("to")
	if from == "" {
		from = today.Format(time.DateOnly)
	}
	if to == "" {
		to = today.AddDate(0, 0, 1).Format(time.DateOnly)
	}
	d, err := s.Dossier(r.Context(), p.ID, from, to)
	if err != nil {
		return err
	}
	c.auditResource, c.auditRead = "property/"+p.ID+"/arrivals/"+from+"/"+to, true
	if r.URL.Query().Get("format") == "pdf" {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `inline; filename="arrivals-`+p.ID+`-`+from+`.pdf"`)
		_, err := w.Write(d.PDF(p.Name))
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
