package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/auth"
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

func (s *server) requestApproval(w http.ResponseWriter, r *http.Request, actor auth.Actor) error {
	var req approvalRequest
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	a, err := s.Approvals.Request(r.Context(), req.Kind, req.Summary, req.BrandID, req.PropertyID, actor.Email, req.Payload)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, a)
	return nil
}

func (s *server) listApprovals(w http.ResponseWriter, r *http.Request, _ auth.Actor) error {
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
			if a.Status == status || status == approval.StatusPending && a.Status == approval.StatusRequested {
				out = append(out, a)
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"approvals": out})
	return nil
}

func (s *server) getApproval(w http.ResponseWriter, r *http.Request, _ auth.Actor) error {
	a, err := s.Approvals.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

type decision struct {
	Outcome string `json:"outcome"`
	Comment string `json:"comment"`
}

func (s *server) decide(w http.ResponseWriter, r *http.Request, actor auth.Actor) error {
	var d decision
	if err := decodeBody(r, &d); err != nil {
		return err
	}
	a, err := s.Approvals.Decide(r.Context(), r.PathValue("id"), actor.Email, d.Outcome, d.Comment)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}
