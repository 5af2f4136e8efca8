package api

import (
	"errors"
	"net/http"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/store"
)

// loyaltyDashboard serves the programme dashboard the nightly run computed (figures for the whole programme, no
// guest data beyond member numbers of those close to a tier). Before the first night, it is computed now.
func (s *server) loyaltyDashboard(w http.ResponseWriter, r *http.Request, c *call) error {
	d, err := s.Dashboards.Latest(r.Context())
	if errors.Is(err, store.ErrNoDashboard) {
		if err = s.Rewards.RefreshDashboard(r.Context()); err == nil {
			d, err = s.Dashboards.Latest(r.Context())
		}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, forCaller(d, c))
	return nil
}

// forCaller keeps the members close to the next tier (who they are) for callers who may read every guest; the
// programme's totals are for everyone.
func forCaller(d loyalty.Dashboard, c *call) loyalty.Dashboard {
	if !c.covers(access.GuestsRead, access.Resource{}) {
		d.CloseToNext = []loyalty.NearNextTier{}
	}
	return d
}

// refreshLoyaltyDashboard computes the dashboard now (after a data fix, or to see today's figures before the
// night).
func (s *server) refreshLoyaltyDashboard(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.Rewards.RefreshDashboard(r.Context()); err != nil {
		return err
	}
	d, err := s.Dashboards.Latest(r.Context())
	if err != nil {
		return err
	}
	c.auditResource = "loyalty/dashboard"
	writeJSON(w, http.StatusOK, forCaller(d, c))
	return nil
}
