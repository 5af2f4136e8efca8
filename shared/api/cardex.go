package api

import (
	"errors"
	"net/http"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/consent"
	"github.com/hearthcrm/hearth/shared/guest360"
	"github.com/hearthcrm/hearth/shared/profile"
	"github.com/hearthcrm/hearth/shared/reply"
	"github.com/hearthcrm/hearth/shared/store"
)

// exportCardex writes the guests a cardex query finds to the exports bucket: as an analyst's CSV, or in
// Mailchimp's import layout with only the guests who consented to email marketing from the sending brand (the
// property's, or brandId) and are not suppressed. Erased guests are never exported. The export is a privileged
// read: audited.
func (s *server) exportCardex(w http.ResponseWriter, r *http.Request, c *call) error {
	var in struct {
		guest360.Criteria
		BrandID string `json:"brandId,omitempty"`
		Format  string `json:"format,omitempty"` // cardex (default) or mailchimp
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	res := access.Resource{PropertyID: in.PropertyID, BrandID: in.BrandID}
	if in.PropertyID != "" {
		p, err := s.Hierarchy.Property(r.Context(), in.PropertyID)
		if err != nil {
			return err
		}
		res.BrandID = p.BrandID
	}
	if err := s.authorize(r.Context(), c, access.ExportsCreate, res); err != nil {
		return err
	}
	mailchimp := in.Format == "mailchimp"
	switch {
	case in.Format != "" && in.Format != "cardex" && !mailchimp:
		return errorf("format must be cardex or mailchimp")
	case mailchimp && res.BrandID == "":
		return errorf("a Mailchimp list is sent by a brand: give brandId or propertyId")
	}
	rows := []guest360.CardexRow{}
	err := s.Visits.EachGuest(r.Context(), func(guestID string, visits []guest360.Visit) error {
		var p *profile.Profile
		sp, err := s.Profiles.Get(r.Context(), guestID)
		switch {
		case err == nil && sp.ErasedAt != nil:
			return nil
		case err == nil:
			p = &sp.Profile
		case !errors.Is(err, store.ErrProfileNotFound):
			return err
		}
		if !in.Criteria.Matches(p, visits) {
			return nil
		}
		row := guest360.RowOf(guestID, p)
		if mailchimp {
			if row.Email == "" {
				return nil
			}
			d, err := s.Consent.Decide(r.Context(), consent.Question{GuestID: guestID, Channel: "email", Purpose: "marketing", BrandID: res.BrandID, Address: row.Email})
			if err != nil || !d.Allowed {
				return err
			}
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return err
	}
	body, name := guest360.CardexCSV(rows), "cardex"
	if mailchimp {
		body, name = guest360.MailchimpCSV(rows), "mailchimp"
	}
	key := "cardex/" + name + "-" + reply.RequestID(r.Context()) + ".csv"
	if err := s.Blobs.Put(r.Context(), topology.BucketExports, key, body, "text/csv"); err != nil {
		return err
	}
	c.auditResource, c.auditRead = "exports/"+key, true
	writeJSON(w, http.StatusCreated, map[string]any{"bucket": topology.BucketExports, "key": key, "rows": len(rows)})
	return nil
}
