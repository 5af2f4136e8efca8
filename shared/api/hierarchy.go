package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/hierarchy"
)

// putProperty creates or replaces a property; the path id wins over the body's.
func (s *server) putProperty(w http.ResponseWriter, r *http.Request, c *call) error {
	var p hierarchy.Property
	if err := decodeBody(r, &p); err != nil {
		return err
	}
	if p.ID != "" && p.ID != r.PathValue("id") {
		return errorf("body id %q does not match the path id %q", p.ID, r.PathValue("id"))
	}
	p.ID = r.PathValue("id")
	before, err := s.Hierarchy.Property(r.Context(), p.ID)
	switch {
	case errors.Is(err, hierarchy.ErrNotFound):
	case err != nil:
		return err
	case before.BrandID != p.BrandID:
		return errorf("property %s belongs to brand %s; moving it between brands is not supported", p.ID, before.BrandID)
	default:
		c.before = before
	}
	if err := p.Validate(); err != nil {
		return err
	}
	// A new property is authorized on its brand; an existing one on itself (property managers edit their own).
	res := access.Resource{BrandID: p.BrandID}
	if before.ID != "" {
		res.PropertyID = p.ID
	}
	if err := s.authorize(r.Context(), c, access.HierarchyWrite, res); err != nil {
		return err
	}
	if err := s.Hierarchy.PutProperty(r.Context(), p); err != nil {
		return err
	}
	c.auditResource, c.after = "property/"+p.ID, p
	status := http.StatusOK
	if before.ID == "" {
		status = http.StatusCreated
	}
	writeJSON(w, status, p)
	return nil
}

// closeProperty closes a property as of today in its time zone (or {"closedOn": "YYYY-MM-DD"}): the "delete" of the
// hierarchy, since stays, spend and audit entries must keep pointing at it.
func (s *server) closeProperty(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.Hierarchy.Property(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if p.Closed() {
		writeJSON(w, http.StatusOK, p) // closing twice is the same close
		return nil
	}
	day := s.Now().In(p.Location()).Format(time.DateOnly)
	if v := r.URL.Query().Get("closedOn"); v != "" {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return errorf("closedOn must be YYYY-MM-DD")
		}
		day = v
	}
	c.before = p
	p.ClosedOn = day
	if err := s.Hierarchy.PutProperty(r.Context(), p); err != nil {
		return err
	}
	c.auditResource, c.after = "property/"+p.ID, p
	writeJSON(w, http.StatusOK, p)
	return nil
}

// putBrand creates or renames a brand of the group.
func (s *server) putBrand(w http.ResponseWriter, r *http.Request, c *call) error {
	var b hierarchy.Brand
	if err := decodeBody(r, &b); err != nil {
		return err
	}
	if b.ID != "" && b.ID != r.PathValue("id") {
		return errorf("body id %q does not match the path id %q", b.ID, r.PathValue("id"))
	}
	if b.Name == "" {
		return errorf("a brand needs a name")
	}
	b.ID, b.GroupID = r.PathValue("id"), s.GroupID
	if err := s.Hierarchy.PutBrand(r.Context(), b); err != nil {
		return err
	}
	c.auditResource, c.after = "brand/"+b.ID, b
	writeJSON(w, http.StatusOK, b)
	return nil
}
