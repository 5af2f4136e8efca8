// Package api is Hearth's HTTP API: one http.Handler served by the api Lambda (through aws-lambda-go-api-proxy)
// and by `hearth dev`.
package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/accounts"
	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/audit"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/blob"
	"github.com/hearthcrm/hearth/shared/consent"
	"github.com/hearthcrm/hearth/shared/giftcards"
	"github.com/hearthcrm/hearth/shared/guest360"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/local"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/privacy"
	"github.com/hearthcrm/hearth/shared/reconcile"
	"github.com/hearthcrm/hearth/shared/reply"
	"github.com/hearthcrm/hearth/shared/rewards"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/sourcestore"
)

// Journal is what the API reads from the event journal.
type Journal interface {
	Day(ctx context.Context, day string) ([]events.Envelope, error)
	Rollup(ctx context.Context, day string) (map[string]int, error)
	Guest(ctx context.Context, guestID string) ([]events.Envelope, error)
}

// Publisher puts events on the bus.
type Publisher interface {
	Publish(ctx context.Context, envs ...events.Envelope) error
}

// Operations exposes queue health and dead letters (the local runtime; in AWS, CloudWatch and the SQS console).
type Operations interface {
	Stats() []local.QueueStats
	Queue(name string) (*local.Queue, error)
}

// Deps are the API's collaborators.
type Deps struct {
	GroupID   string
	Retention *store.RetentionStore
	Sources   *sourcestore.Store
	Health    *store.HealthStore
	Visits    *store.VisitStore
	Matcher   *matching.Matcher
	// ReviewStore lists matching's review tasks.
	ReviewStore *store.MatchStore
	// Preferences are what guests' PMS profiles state.
	Preferences *store.PreferenceStore
	// Dashboards keeps the loyalty dashboard the nightly run computes.
	Dashboards *store.DashboardStore
	Rewards    *rewards.Service
	Ledger     *ledger.Service
	Hierarchy  hierarchy.Store
	Journal    Journal
	Approvals  *approval.Service
	Audit      *audit.Log
	Consent    *consent.Service
	Profiles   *store.ProfileStore
	Eraser     *privacy.Eraser
	Reconcile  *reconcile.Service
	Search     *store.SearchStore
	Accounts   *accounts.Service
	// Dossier builds a property's arrivals dossier.
	Dossier      func(ctx context.Context, propertyID, from, to string) (guest360.Dossier, error)
	GiftCards    *giftcards.Service
	Certificates *rewards.CertificateService
	Bus          Publisher
	Blobs        blob.Store
	Ops          Operations // nil where the deployment has no in-process queues
	Identify     func(r *http.Request) (auth.Actor, error)
	Log          *slog.Logger
	Now          func() time.Time
}

type server struct{ Deps }

// New returns the API handler.
func New(d Deps) http.Handler {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &server{d}
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.method+" "+rt.path, s.serve(rt))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		reply.Fail(w, r, http.StatusNotFound, Error{Code: "no_route", Message: r.Method + " " + r.URL.Path + " is not an API route"})
	})
	return reply.RequestIDs(mux)
}

func (s *server) health(w http.ResponseWriter, _ *http.Request, _ *call) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "time": s.Now().UTC().Format(time.RFC3339)})
	return nil
}

// me answers "who am I and what may I do where".
func (s *server) me(w http.ResponseWriter, _ *http.Request, c *call) error {
	writeJSON(w, http.StatusOK, map[string]any{"actor": c.actor, "grants": c.grants, "permissions": access.Effective(c.grants)})
	return nil
}

func (s *server) tree(w http.ResponseWriter, r *http.Request, c *call) error {
	t, err := hierarchy.Load(r.Context(), s.Hierarchy, s.GroupID)
	if err != nil {
		return err
	}
	visible := t.Brands[:0]
	for _, b := range t.Brands {
		props := b.Properties[:0]
		for _, p := range b.Properties {
			if c.covers(access.HierarchyRead, access.Resource{BrandID: b.ID, PropertyID: p.ID}) {
				props = append(props, p)
			}
		}
		if len(props) > 0 || c.covers(access.HierarchyRead, access.Resource{BrandID: b.ID}) {
			b.Properties = props
			visible = append(visible, b)
		}
	}
	t.Brands = visible
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *server) property(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := s.Hierarchy.Property(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// publish accepts an event envelope, validates it fully and puts it on the bus.
func (s *server) publish(w http.ResponseWriter, r *http.Request, c *call) error {
	var raw json.RawMessage
	if err := decodeBody(r, &raw); err != nil {
		return err
	}
	env, err := events.Parse(raw)
	if err != nil {
		return err
	}
	if err := s.authorize(r.Context(), c, access.EventsPublish, access.Resource{BrandID: env.BrandID, PropertyID: env.PropertyID}); err != nil {
		return err
	}
	c.auditResource, c.after = "event/"+env.ID, env
	if err := s.Bus.Publish(r.Context(), env); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"id": env.ID, "type": env.Type})
	return nil
}

// pathDay reads and checks the {day} path value.
func pathDay(r *http.Request) (string, error) {
	day := r.PathValue("day")
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return "", errorf("day %q is not YYYY-MM-DD", day)
	}
	return day, nil
}

// dayEvents reads the journal of the {day} in the path.
func (s *server) dayEvents(r *http.Request) (string, []events.Envelope, error) {
	day, err := pathDay(r)
	if err != nil {
		return "", nil, err
	}
	envs, err := s.Journal.Day(r.Context(), day)
	return day, envs, err
}

// eventKey orders events as the journal's sort keys do: by occurrence, then id.
func eventKey(e events.Envelope) string { return timeKey(e.OccurredAt) + "#" + e.ID }

func (s *server) journalDay(w http.ResponseWriter, r *http.Request, c *call) error {
	q, err := readPage(r, "journal/day")
	if err != nil {
		return err
	}
	day, envs, err := s.dayEvents(r)
	if err != nil {
		return err
	}
	p := paginate(envs, eventKey, q)
	writeJSON(w, http.StatusOK, map[string]any{"day": day, "items": p.Items, "nextCursor": p.NextCursor})
	return nil
}

func (s *server) rollup(w http.ResponseWriter, r *http.Request, c *call) error {
	day, err := pathDay(r)
	if err != nil {
		return err
	}
	counts, err := s.Journal.Rollup(r.Context(), day)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"day": day, "counts": counts})
	return nil
}

func (s *server) guestEvents(w http.ResponseWriter, r *http.Request, c *call) error {
	q, err := readPage(r, "journal/guest")
	if err != nil {
		return err
	}
	envs, err := s.Journal.Guest(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := paginate(envs, eventKey, q)
	writeJSON(w, http.StatusOK, map[string]any{"guestId": r.PathValue("id"), "items": p.Items, "nextCursor": p.NextCursor})
	return nil
}
