package api

import (
	"net/http"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// loyaltyDashboard serves the programme dashboard the reports function computed (nightly, or when asked): figures
// for the whole programme; who is close to the next tier only for callers who may read every guest. Before the
// first computation it is not_computed (404): computing reads every member, which is no work for a page load.
func (s *server) loyaltyDashboard(w http.ResponseWriter, r *http.Request, c *call) error {
	d, err := s.Dashboards.Latest(r.Context())
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

// refreshLoyaltyDashboard asks the reports function to compute the dashboard now (after a data fix, or for today's
// figures before the night): 202, and GET shows the new figures (a later asOf) once they are in.
func (s *server) refreshLoyaltyDashboard(w http.ResponseWriter, r *http.Request, c *call) error {
	now := s.Now().UTC()
	env, err := events.New(events.LoyaltyDashboardDue{ScheduledAt: now.Format(time.RFC3339), RequestedBy: c.actor.Email},
		events.Scope{}, "loyalty-dashboard/"+c.actor.Email+"/"+now.Format(time.RFC3339Nano), now)
	if err != nil {
		return err
	}
	if err := s.Bus.Publish(r.Context(), env); err != nil {
		return err
	}
	c.auditResource = "loyalty/dashboard"
	writeJSON(w, http.StatusAccepted, map[string]any{"status": "computing", "requestedAt": now})
	return nil
}
