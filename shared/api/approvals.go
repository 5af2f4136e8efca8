package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/approval"
)

func errorf(format string, args ...any) error {
	return errors.Join(errBadRequest, fmt.Errorf(format, args...))
}

type approvalRequest struct {
	Kind       string          `json:"kind"`
	Summary    string          `json:"summary"`
	BrandID    string          `json:"brandId"`
	PropertyID string          `json:"propertyId"`
	Payload    json.RawMessage `json:"payload"`
}

func (s *server) requestApproval(w http.ResponseWriter, r *http.Request, c *call) error {
	var req approvalRequest
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	if err := s.authorize(r.Context(), c, access.ApprovalsRequest, access.Resource{BrandID: req.BrandID, PropertyID: req.PropertyID}); err != nil {
		return err
	}
	a, err := s.Approvals.Request(r.Context(), req.Kind, req.Summary, req.BrandID, req.PropertyID, c.actor.Email, req.Payload)
	if err != nil {
		return err
	}
	c.auditResource, c.after = "approval/"+a.ID, a
	writeJSON(w, http.StatusAccepted, a)
	return nil
}

func (s *server) listApprovals(w http.ResponseWriter, r *http.Request, c *call) error {
	q, err := readPage(r, "approvals")
	if err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	if status == "" {
		status = approval.StatusPending
	}
	statuses := []string{status}
	switch status {
	case approval.StatusPending:
		statuses = []string{approval.StatusRequested, approval.StatusPending} // both wait for a decision
	case approval.StatusApproved, approval.StatusRejected, approval.StatusExpired, approval.StatusRequested:
	default:
		return errorf("status %q is not requested, pending, approved, rejected or expired", status)
	}
	out := []approval.Approval{}
	for _, st := range statuses {
		as, err := s.Approvals.List(r.Context(), st)
		if err != nil {
			return err
		}
		for _, a := range as {
			visible := c.covers(access.ApprovalsRead, access.Resource{BrandID: a.BrandID, PropertyID: a.PropertyID})
			if visible && (a.Status == status || status == approval.StatusPending && a.Status == approval.StatusRequested) {
				out = append(out, a)
			}
		}
	}
	writeJSON(w, http.StatusOK, paginate(out, func(a approval.Approval) string { return a.ID }, q))
	return nil
}

func (s *server) getApproval(w http.ResponseWriter, r *http.Request, c *call) error {
	a, err := s.approvalFor(r, c, access.ApprovalsRead)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// approvalFor loads the approval in the path and checks perm on where it applies.
func (s *server) approvalFor(r *http.Request, c *call, perm access.Permission) (approval.Approval, error) {
	a, err := s.Approvals.Get(r.Context(), r.PathValue("id"))
	if errors.Is(err, approval.ErrNotFound) && !c.covers(perm, access.Resource{}) {
		return approval.Approval{}, fmt.Errorf("%w: %s", errForbidden, access.Decide(c.grants, perm, access.Resource{}).Reason)
	}
	if err != nil {
		return approval.Approval{}, err
	}
	return a, s.authorize(r.Context(), c, perm, access.Resource{BrandID: a.BrandID, PropertyID: a.PropertyID})
}

type decision struct {
	Outcome string `json:"outcome"`
	Comment string `json:"comment"`
}

func (s *server) decide(w http.ResponseWriter, r *http.Request, c *call) error {
	var d decision
	if err := decodeBody(r, &d); err != nil {
		return err
	}
	before, err := s.approvalFor(r, c, access.ApprovalsDecide)
	if err != nil {
		return err
	}
	c.auditResource, c.before = "approval/"+before.ID, before
	if !before.EscalatedAt.IsZero() && !c.covers(access.ApprovalsDecide, access.Resource{}) {
		return fmt.Errorf("%w: escalated on %s: a group-wide approver decides it now", errForbidden, before.EscalatedAt.Format(time.RFC3339))
	}
	a, err := s.Approvals.Decide(r.Context(), r.PathValue("id"), c.actor.Email, d.Outcome, d.Comment)
	if err != nil {
		return err
	}
	c.after = a
	writeJSON(w, http.StatusOK, a)
	return nil
}
