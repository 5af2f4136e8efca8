package api

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/ingest"
	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/synchealth"
)

// sourceView is a registration as the API shows it (openapi.json's Source): camelCase fields, secrets by id and age
// only. ingest.Source has no JSON names of its own (it is stored as Go marshals it), so the API spells them here.
type sourceView struct {
	ID         string       `json:"id"`
	BrandID    string       `json:"brandId"`
	PropertyID string       `json:"propertyId"`
	HotelCode  string       `json:"hotelCode,omitempty"`
	Mapping    mappingView  `json:"mapping"`
	Disabled   bool         `json:"disabled"`
	Secrets    []secretView `json:"secrets"`
}

// mappingView is ingest.Mapping with the API's names (openapi.json's Mapping); input decodes into it too.
type mappingView struct {
	RoomTypes      map[string]string `json:"roomTypes,omitempty"`
	RatePlans      map[string]string `json:"ratePlans,omitempty"`
	MarketCodes    map[string]string `json:"marketCodes,omitempty"`
	SourceCodes    map[string]string `json:"sourceCodes,omitempty"`
	RevenueCodes   map[string]string `json:"revenueCodes,omitempty"`
	Currency       string            `json:"currency"`
	DefaultRegion  string            `json:"defaultRegion,omitempty"`
	TimeZone       string            `json:"timeZone,omitempty"`
	LoyaltyProgram string            `json:"loyaltyProgram,omitempty"`
}

func (m mappingView) mapping() ingest.Mapping { return ingest.Mapping(m) }

type secretView struct {
	ID        string `json:"id"`
	CreatedAt string `json:"createdAt"`
}

func view(reg intake.Registration) sourceView {
	v := sourceView{ID: reg.ID, BrandID: reg.BrandID, PropertyID: reg.PropertyID, HotelCode: reg.HotelCode,
		Mapping: mappingView(reg.Mapping), Disabled: reg.Disabled, Secrets: []secretView{}}
	for _, s := range reg.Secrets {
		v.Secrets = append(v.Secrets, secretView{ID: s.ID, CreatedAt: s.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")})
	}
	return v
}

func (s *server) listSources(w http.ResponseWriter, r *http.Request, c *call) error {
	q, err := readPage(r, "sources")
	if err != nil {
		return err
	}
	regs, err := s.Sources.List(r.Context())
	if err != nil {
		return err
	}
	out := []sourceView{}
	for _, reg := range regs {
		if c.covers(access.HierarchyRead, access.Resource{BrandID: reg.BrandID, PropertyID: reg.PropertyID}) {
			out = append(out, view(reg))
		}
	}
	writeJSON(w, http.StatusOK, paginate(out, func(v sourceView) string { return v.ID }, q))
	return nil
}

type sourceInput struct {
	PropertyID string      `json:"propertyId"`
	HotelCode  string      `json:"hotelCode"`
	Mapping    mappingView `json:"mapping"`
	Disabled   bool        `json:"disabled"`
}

// putSource registers a PMS/POS source for a property or changes its mapping; its secrets are kept.
func (s *server) putSource(w http.ResponseWriter, r *http.Request, c *call) error {
	var in sourceInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if in.PropertyID == "" {
		return errorf("a source belongs to a property: propertyId is required")
	}
	if err := s.authorize(r.Context(), c, access.HierarchyWrite, access.Resource{PropertyID: in.PropertyID}); err != nil {
		return err
	}
	id := r.PathValue("id")
	reg, err := s.Sources.Source(r.Context(), id)
	switch {
	case errors.Is(err, intake.ErrUnknownSource):
		reg = intake.Registration{}
	case err != nil:
		return err
	default:
		c.before = view(reg)
		if reg.PropertyID != in.PropertyID {
			return errorf("source %s belongs to property %s; register a new source instead of moving it", id, reg.PropertyID)
		}
	}
	reg.Source = ingest.Source{ID: id, BrandID: c.resource.BrandID, PropertyID: in.PropertyID, HotelCode: in.HotelCode, Mapping: in.Mapping.mapping()}
	reg.Disabled = in.Disabled
	if err := ingest.ValidateSource(reg.Source); err != nil {
		return errors.Join(errBadRequest, err) // the mapping must be usable before messages arrive
	}
	if err := s.Sources.Put(r.Context(), reg); err != nil {
		return err
	}
	c.auditResource, c.after = "source/"+id, view(reg)
	writeJSON(w, http.StatusOK, view(reg))
	return nil
}

// rotateSecret adds a new signing secret and keeps only the previous one besides it, so senders can switch over
// without downtime. The value is shown once.
func (s *server) rotateSecret(w http.ResponseWriter, r *http.Request, c *call) error {
	reg, err := s.Sources.Source(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.authorize(r.Context(), c, access.HierarchyWrite, access.Resource{PropertyID: reg.PropertyID}); err != nil {
		return err
	}
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	now := s.Now().UTC()
	secret := intake.Secret{ID: events.NewID(now), Value: hex.EncodeToString(raw), CreatedAt: now}
	reg.Secrets = append(reg.Secrets, secret)
	if len(reg.Secrets) > 2 {
		reg.Secrets = reg.Secrets[len(reg.Secrets)-2:]
	}
	if err := s.Sources.Put(r.Context(), reg); err != nil {
		return err
	}
	c.auditResource, c.after = "source/"+reg.ID+"/secrets", view(reg) // the audit log never holds the value
	writeJSON(w, http.StatusCreated, map[string]string{"id": secret.ID, "secret": secret.Value, "note": "store it now: Hearth will not show it again"})
	return nil
}

// sourceHealth reports a source's sync health for a UTC day (?day=YYYY-MM-DD, default today): messages received,
// accepted, rejected, duplicates, the last message time and lag percentiles, plus the ingest queue's dead letters
// where this deployment can see them.
func (s *server) sourceHealth(w http.ResponseWriter, r *http.Request, c *call) error {
	reg, err := s.Sources.Source(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.authorize(r.Context(), c, access.HierarchyRead, access.Resource{PropertyID: reg.PropertyID}); err != nil {
		return err
	}
	day := r.URL.Query().Get("day")
	if day == "" {
		day = s.Now().UTC().Format(time.DateOnly)
	} else if _, err := time.Parse(time.DateOnly, day); err != nil {
		return errorf("day %q is not YYYY-MM-DD", day)
	}
	d, err := s.Health.Day(r.Context(), reg.ID, day)
	if err != nil {
		return err
	}
	out := map[string]any{"health": d.Report()}
	if s.Ops != nil {
		if q, err := s.Ops.Queue("ingest"); err == nil {
			out["ingestDeadLetters"] = q.Stats().Dead
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// maxHealthDays bounds a health series: a quarter is enough to see a trend, and it stays one small Query.
const maxHealthDays = 92

// sourceHealthDays reports a source's sync health day by day from ?from= to ?to= (UTC days, inclusive; the last
// 14 days by default, at most 92): the series the console charts lag, throughput and errors from.
func (s *server) sourceHealthDays(w http.ResponseWriter, r *http.Request, c *call) error {
	reg, err := s.Sources.Source(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.authorize(r.Context(), c, access.HierarchyRead, access.Resource{PropertyID: reg.PropertyID}); err != nil {
		return err
	}
	to := s.Now().UTC().Truncate(24 * time.Hour)
	if v := r.URL.Query().Get("to"); v != "" {
		if to, err = time.Parse(time.DateOnly, v); err != nil {
			return errorf("to %q is not YYYY-MM-DD", v)
		}
	}
	from := to.AddDate(0, 0, -13)
	if v := r.URL.Query().Get("from"); v != "" {
		if from, err = time.Parse(time.DateOnly, v); err != nil {
			return errorf("from %q is not YYYY-MM-DD", v)
		}
	}
	if from.After(to) || to.Sub(from) >= maxHealthDays*24*time.Hour {
		return errorf("from %s to %s: the range must run forwards and cover at most %d days", from.Format(time.DateOnly), to.Format(time.DateOnly), maxHealthDays)
	}
	days, err := s.Health.Days(r.Context(), reg.ID, from.Format(time.DateOnly), to.Format(time.DateOnly))
	if err != nil {
		return err
	}
	reports := make([]synchealth.Report, len(days))
	for i, d := range days {
		reports[i] = d.Report()
	}
	writeJSON(w, http.StatusOK, map[string]any{"source": reg.ID, "from": from.Format(time.DateOnly), "to": to.Format(time.DateOnly), "days": reports})
	return nil
}
