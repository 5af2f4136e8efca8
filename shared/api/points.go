package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/rewards"
)

type pointsInput struct {
	Points    int64  `json:"points"`
	Reason    string `json:"reason"`
	Reference string `json:"reference"` // the caller's id for this request: a retry with the same one posts once
}

// pointsRequest authorizes a points change on the guest in the path and reads its body.
func (s *server) pointsRequest(r *http.Request, c *call) (guest string, in pointsInput, err error) {
	if err := s.authorizeGuestID(r, c, access.LoyaltyWrite); err != nil {
		return "", in, err
	}
	if err := decodeBody(r, &in); err != nil {
		return "", in, err
	}
	if in.Reference == "" || in.Points == 0 {
		return "", in, errorf("points (non-zero) and reference are required")
	}
	return r.PathValue("id"), in, nil
}

// redeem spends a member's points (room nights, dining, services).
func (s *server) redeem(w http.ResponseWriter, r *http.Request, c *call) error {
	guest, in, err := s.pointsRequest(r, c)
	if err != nil {
		return err
	}
	if in.Points < 0 {
		return errorf("points to redeem must be positive")
	}
	if in.Points > rewards.RedemptionLimit(roles(c)) {
		return s.loyaltyApproval(w, r, c, rewards.KindRedemption, "redeem "+strconv.FormatInt(in.Points, 10)+" points of guest "+guest+": "+in.Reason,
			rewards.Adjustment{GuestID: guest, Points: in.Points, Reason: in.Reason})
	}
	return posted(w, c, guest)(s.Rewards.Redeem(r.Context(), guest, in.Points, "Redemption: "+in.Reason, "redeem/"+guest+"/"+in.Reference, c.actor.Email))
}

// roles are the caller's roles, for the per-role limits of adjustments and redemptions.
func roles(c *call) []string {
	out := make([]string, len(c.grants))
	for i, g := range c.grants {
		out[i] = g.Role
	}
	return out
}

// loyaltyApproval asks a second person to approve a loyalty change and answers 202 with the request.
func (s *server) loyaltyApproval(w http.ResponseWriter, r *http.Request, c *call, kind, summary string, payload rewards.Adjustment) error {
	raw, _ := json.Marshal(payload)
	a, err := s.Approvals.Request(r.Context(), kind, summary, c.resource.BrandID, c.resource.PropertyID, c.actor.Email, raw)
	if err != nil {
		return err
	}
	c.auditResource, c.after = "guest/"+payload.GuestID+"/points", a
	writeJSON(w, http.StatusAccepted, map[string]any{"status": "pending_approval", "approval": a})
	return nil
}

// overrideTier asks for a manual tier change (always four-eyes: invite-only levels and exceptions).
func (s *server) overrideTier(w http.ResponseWriter, r *http.Request, c *call) error {
	var in struct {
		Tier   string `json:"tier"`
		Reason string `json:"reason"`
	}
	guest, err := s.guestInput(r, c, access.LoyaltyWrite, &in)
	if err != nil {
		return err
	}
	m, _, err := s.Rewards.Member(r.Context(), guest)
	if err != nil {
		return err
	}
	if in.Tier == "" || in.Reason == "" || in.Tier == m.Tier {
		return errorf("a new tier (not the current %s) and a reason are required", m.Tier)
	}
	return s.loyaltyApproval(w, r, c, rewards.KindTierOverride, "set guest "+guest+" to tier "+in.Tier+": "+in.Reason,
		rewards.Adjustment{GuestID: guest, Tier: in.Tier, Reason: in.Reason})
}

// adjust posts a manual adjustment, or, above the caller's limit, asks a second person to approve it first.
func (s *server) adjust(w http.ResponseWriter, r *http.Request, c *call) error {
	guest, in, err := s.pointsRequest(r, c)
	if err != nil {
		return err
	}
	if abs(in.Points) > rewards.AdjustmentLimit(roles(c)) {
		return s.loyaltyApproval(w, r, c, rewards.KindAdjustment, "adjust guest "+guest+" by "+strconv.FormatInt(in.Points, 10)+" points: "+in.Reason,
			rewards.Adjustment{GuestID: guest, Points: in.Points, Reason: in.Reason})
	}
	e, err := s.Rewards.Adjust(r.Context(), guest, in.Points, in.Reason, "adjust/"+guest+"/"+in.Reference, c.actor.Email)
	if err != nil {
		return err
	}
	c.auditResource, c.after = "guest/"+guest+"/points", e
	writeJSON(w, http.StatusCreated, map[string]any{"status": "posted", "entry": e})
	return nil
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// holdPoints reserves points for a booked night or an order (reference: the booking or order number).
func (s *server) holdPoints(w http.ResponseWriter, r *http.Request, c *call) error {
	guest, in, err := s.pointsRequest(r, c)
	if err != nil {
		return err
	}
	return posted(w, c, guest)(s.Rewards.HoldPoints(r.Context(), guest, in.Points, "Held: "+in.Reason, in.Reference, c.actor.Email))
}

// settleHold captures (all, or {"points": n} of it) or releases a hold.
func (s *server) settleHold(capture bool) handler {
	return func(w http.ResponseWriter, r *http.Request, c *call) error {
		if err := s.authorizeGuestID(r, c, access.LoyaltyWrite); err != nil {
			return err
		}
		var in struct {
			Points int64 `json:"points"`
		}
		if r.ContentLength != 0 {
			if err := decodeBody(r, &in); err != nil {
				return err
			}
		}
		guest, hold := r.PathValue("id"), r.PathValue("hold")
		var (
			e   ledger.Entry
			err error
		)
		if capture {
			e, err = s.Rewards.CapturePoints(r.Context(), guest, hold, in.Points, c.actor.Email)
		} else {
			e, err = s.Rewards.ReleasePoints(r.Context(), guest, hold, c.actor.Email)
		}
		return posted(w, c, guest)(e, err)
	}
}

// reversePoints undoes an earlier redemption, capture or earning, named by its posting's idempotency key.
func (s *server) reversePoints(w http.ResponseWriter, r *http.Request, c *call) error {
	var in struct {
		EntryKey string `json:"entryKey"`
		Reason   string `json:"reason"`
	}
	guest, err := s.guestInput(r, c, access.LoyaltyWrite, &in)
	if err != nil {
		return err
	}
	return posted(w, c, guest)(s.Rewards.ReversePoints(r.Context(), guest, in.EntryKey, in.Reason, c.actor.Email))
}

// posted answers a points posting: audited on the guest's points, 201 with the entry.
func posted(w http.ResponseWriter, c *call, guest string) func(ledger.Entry, error) error {
	return func(e ledger.Entry, err error) error {
		if err != nil {
			return err
		}
		c.auditResource, c.after = "guest/"+guest+"/points", e
		writeJSON(w, http.StatusCreated, e)
		return nil
	}
}

// memberStatus makes a membership active or inactive ({"status": "active"|"inactive"}).
func (s *server) memberStatus(w http.ResponseWriter, r *http.Request, c *call) error {
	var in struct {
		Status string `json:"status"`
	}
	guest, err := s.guestInput(r, c, access.LoyaltyWrite, &in)
	if err != nil {
		return err
	}
	m, err := s.Rewards.SetStatus(r.Context(), guest, in.Status)
	if err != nil {
		return err
	}
	c.auditResource, c.after = "guest/"+guest+"/membership", m
	writeJSON(w, http.StatusOK, m)
	return nil
}

// guestInput authorizes perm on the path's guest and decodes the request body into v; it returns the guest id.
func (s *server) guestInput(r *http.Request, c *call, perm access.Permission, v any) (string, error) {
	if err := s.authorizeGuestID(r, c, perm); err != nil {
		return "", err
	}
	return r.PathValue("id"), decodeBody(r, v)
}
