package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/audit"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/reply"
)

// errForbidden is returned when the caller's grants do not allow the action.
var errForbidden = errors.New("forbidden")

// call is one authenticated request: who, with which grants, and what to write to the audit log.
type call struct {
	actor     auth.Actor
	grants    []access.Grant
	requestID string
	resource  access.Resource
	// Set by handlers for the audit entry.
	auditResource string
	auditRead     bool // a privileged read to record
	before, after any
}

type handler func(w http.ResponseWriter, r *http.Request, c *call) error

// serve authenticates, authorizes by the route's declaration, validates the request against the contract
// (openapi.json), runs the handler and audits writes.
func (s *server) serve(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := &call{requestID: reply.RequestID(r.Context())}
		err := s.authenticate(r, rt, c)
		if err == nil {
			err = s.authorizeRoute(r, rt, c)
		}
		if err == nil {
			err = validate(r, rt)
		}
		if err == nil {
			err = rt.handle(w, r, c)
		}
		// Successful writes and refused attempts (403s: out of scope, self-approval) are both worth a trail.
		if audited(rt, c) && !rt.public && c.actor.Subject != "" && (err == nil || statusOf(err) == http.StatusForbidden) {
			if aerr := s.record(r.Context(), rt, c, err); aerr != nil && err == nil {
				s.Log.ErrorContext(r.Context(), "audit append failed", "request", c.requestID, "error", aerr)
			}
		}
		if err != nil {
			writeError(w, r, s.Log, err)
		}
	})
}

func (s *server) authenticate(r *http.Request, rt route, c *call) error {
	if rt.public {
		return nil
	}
	actor, err := s.Identify(r)
	if err != nil {
		return err
	}
	c.actor = actor
	for _, g := range actor.Groups {
		grant, err := access.ParseGrant(g)
		if err != nil {
			return fmt.Errorf("%w: %v", errInvalidGrant, err)
		}
		c.grants = append(c.grants, grant)
	}
	return nil
}

var errInvalidGrant = errors.New("invalid grant in token")

func (s *server) authorizeRoute(r *http.Request, rt route, c *call) error {
	switch rt.scope {
	case scopeNone, scopeInBody:
		return nil
	case scopeAny:
		for _, g := range c.grants {
			if access.Has(g.Role, rt.perm) {
				return nil
			}
		}
		return fmt.Errorf("%w: no role you hold grants %s", errForbidden, rt.perm)
	case scopeGroup:
		return s.authorize(r.Context(), c, rt.perm, access.Resource{})
	case scopePath:
		res := access.Resource{PropertyID: r.PathValue("id")}
		if strings.HasPrefix(rt.path, "/v1/brands/") {
			res = access.Resource{BrandID: r.PathValue("id")}
		}
		return s.authorize(r.Context(), c, rt.perm, res)
	}
	return fmt.Errorf("route %s %s has no scope", rt.method, rt.path)
}

// authorize checks perm on res, resolving a property to its brand so brand grants apply. An unknown property is
// not found rather than forbidden only for callers who could see it; others learn nothing.
func (s *server) authorize(ctx context.Context, c *call, perm access.Permission, res access.Resource) error {
	if res.PropertyID != "" {
		p, err := s.Hierarchy.Property(ctx, res.PropertyID)
		switch {
		case errors.Is(err, hierarchy.ErrNotFound):
			if d := access.Decide(c.grants, perm, access.Resource{}); !d.Allowed {
				return fmt.Errorf("%w: %s", errForbidden, access.Decide(c.grants, perm, res).Reason)
			}
			return err
		case err != nil:
			return err
		case res.BrandID != "" && res.BrandID != p.BrandID:
			return errorf("property %s belongs to brand %s, not %s", p.ID, p.BrandID, res.BrandID)
		}
		res.BrandID = p.BrandID
	}
	c.resource = res
	if d := access.Decide(c.grants, perm, res); !d.Allowed {
		return fmt.Errorf("%w: %s", errForbidden, d.Reason)
	}
	return nil
}

// covers reports whether the caller may use perm on res (for filtering lists).
func (c *call) covers(perm access.Permission, res access.Resource) bool {
	return access.Decide(c.grants, perm, res).Allowed
}

func (s *server) record(ctx context.Context, rt route, c *call, err error) error {
	if s.Audit == nil {
		return nil
	}
	outcome := "ok"
	if err != nil {
		outcome = "denied"
	}
	roles := make([]string, len(c.grants))
	for i, g := range c.grants {
		roles[i] = g.String()
	}
	resource := c.auditResource
	if resource == "" {
		resource = rt.path
	}
	_, aerr := s.Audit.Record(ctx, audit.Entry{
		Actor: c.actor.Email, Roles: roles, Action: rt.method + " " + rt.path, Resource: resource,
		BrandID: c.resource.BrandID, PropertyID: c.resource.PropertyID, RequestID: c.requestID, Outcome: outcome,
		BeforeDigest: audit.Digest(c.before), AfterDigest: audit.Digest(c.after),
	})
	return aerr
}

func statusOf(err error) int {
	status, _ := httpError(err)
	return status
}
