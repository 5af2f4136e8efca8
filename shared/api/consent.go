package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/audit"
	"github.com/hearthcrm/hearth/shared/consent"
)

// consentScope is where a consent record or question applies: a brand, or the whole group.
func consentScope(scope string) access.Resource {
	if scope == "" || scope == consent.ScopeGroup {
		return access.Resource{}
	}
	return access.Resource{BrandID: scope}
}

func (s *server) consentHistory(w http.ResponseWriter, r *http.Request, c *call) error {
	history, err := s.Consent.History(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	visible := []consent.Record{}
	for _, rec := range history {
		// Group-wide records are shown to anyone who may read consent; brand records to those who cover the brand.
		if rec.Scope == consent.ScopeGroup || c.covers(access.ConsentRead, consentScope(rec.Scope)) {
			visible = append(visible, rec)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"guestId": r.PathValue("id"), "history": visible})
	return nil
}

type consentInput struct {
	Channel     string `json:"channel"`
	Purpose     string `json:"purpose"`
	Scope       string `json:"scope"`
	Status      string `json:"status"`
	Source      string `json:"source"`
	TextVersion string `json:"textVersion"`
}

func (s *server) recordConsent(w http.ResponseWriter, r *http.Request, c *call) error {
	var in consentInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if err := s.authorize(r.Context(), c, access.ConsentWrite, consentScope(in.Scope)); err != nil {
		return err
	}
	rec, err := s.Consent.Record(r.Context(), consent.Record{
		GuestID: r.PathValue("id"), Channel: in.Channel, Purpose: in.Purpose, Scope: in.Scope, Status: in.Status,
		Source: in.Source, TextVersion: in.TextVersion, RecordedBy: c.actor.Email,
	})
	if err != nil {
		return err
	}
	c.auditResource, c.after = "guest/"+rec.GuestID+"/consent", rec
	writeJSON(w, http.StatusCreated, rec)
	return nil
}

func (s *server) consentDecision(w http.ResponseWriter, r *http.Request, c *call) error {
	q := r.URL.Query()
	if err := s.authorize(r.Context(), c, access.ConsentRead, consentScope(q.Get("brandId"))); err != nil {
		return err
	}
	d, err := s.Consent.Decide(r.Context(), consent.Question{
		GuestID: r.PathValue("id"), Channel: q.Get("channel"), Purpose: q.Get("purpose"), BrandID: q.Get("brandId"), Address: q.Get("address"),
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

type linkInput struct {
	Channel   string `json:"channel"`
	Purpose   string `json:"purpose"`
	Scope     string `json:"scope"`
	ValidDays int    `json:"validDays"`
}

func (s *server) unsubscribeLink(w http.ResponseWriter, r *http.Request, c *call) error {
	var in linkInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if err := s.authorize(r.Context(), c, access.ConsentWrite, consentScope(in.Scope)); err != nil {
		return err
	}
	if in.ValidDays <= 0 || in.ValidDays > 400 {
		return errorf("validDays must be between 1 and 400")
	}
	token, err := s.Consent.UnsubscribeLink(r.PathValue("id"), in.Channel, in.Purpose, in.Scope, time.Duration(in.ValidDays)*24*time.Hour)
	if err != nil {
		return err
	}
	c.auditResource = "guest/" + r.PathValue("id") + "/unsubscribe-link"
	writeJSON(w, http.StatusCreated, map[string]string{"token": token, "path": "/v1/unsubscribe?token=" + url.QueryEscape(token)})
	return nil
}

// checkUnsubscribe shows what a link would withdraw without acting: mail scanners follow links with GET.
func (s *server) checkUnsubscribe(w http.ResponseWriter, r *http.Request, _ *call) error {
	u, err := s.Consent.CheckLink(r.URL.Query().Get("token"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"channel": u.Channel, "purpose": u.Purpose, "scope": u.Scope, "confirm": "POST this URL to unsubscribe"})
	return nil
}

// unsubscribe withdraws consent for a valid link (also the target of one-click List-Unsubscribe POSTs).
func (s *server) unsubscribe(w http.ResponseWriter, r *http.Request, _ *call) error {
	rec, err := s.Consent.Unsubscribe(r.Context(), r.URL.Query().Get("token"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"unsubscribed": true, "channel": rec.Channel, "purpose": rec.Purpose, "scope": rec.Scope})
	return nil
}

func (s *server) listSuppressions(w http.ResponseWriter, r *http.Request, _ *call) error {
	q, err := readPage(r, "suppressions")
	if err != nil {
		return err
	}
	all, err := s.Consent.Suppressions(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, paginate(all, func(s consent.Suppression) string { return s.Channel + "\x00" + s.Address + "\x00" + s.GuestID }, q))
	return nil
}

func (s *server) suppress(w http.ResponseWriter, r *http.Request, c *call) error {
	var in consent.Suppression
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	in.By, in.At = c.actor.Email, time.Time{}
	sup, err := s.Consent.Suppress(r.Context(), in)
	if err != nil {
		return err
	}
	// The audit log is append-only and survives erasure, so it names the address only by digest.
	c.auditResource, c.after = "suppression/"+sup.Channel+"/"+audit.Digest(sup.Address+sup.GuestID), sup
	writeJSON(w, http.StatusCreated, sup)
	return nil
}

func (s *server) unsuppress(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.Consent.Unsuppress(r.Context(), r.PathValue("channel"), r.PathValue("target")); err != nil {
		return err
	}
	target := r.PathValue("target")
	if ch := r.PathValue("channel"); ch != "*" {
		target = consent.NormaliseAddress(ch, target)
	}
	c.auditResource = "suppression/" + r.PathValue("channel") + "/" + audit.Digest(target)
	writeJSON(w, http.StatusOK, map[string]bool{"removed": true})
	return nil
}
