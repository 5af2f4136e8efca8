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
	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/blob"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/local"
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
	Hierarchy hierarchy.Store
	Journal   Journal
	Approvals *approval.Service
	Bus       Publisher
	Blobs     blob.Store
	Ops       Operations // nil where the deployment has no in-process queues
	Identify  func(r *http.Request) (auth.Actor, error)
	Log       *slog.Logger
	Now       func() time.Time
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
	mux.HandleFunc("GET /healthz", s.health)
	mux.Handle("GET /v1/me", s.authed(s.me))
	mux.Handle("GET /v1/hierarchy", s.authed(s.tree))
	mux.Handle("GET /v1/properties/{id}", s.authed(s.property))
	mux.Handle("POST /v1/events", s.authed(s.publish))
	mux.Handle("GET /v1/journal/days/{day}", s.authed(s.journalDay))
	mux.Handle("GET /v1/journal/rollups/{day}", s.authed(s.rollup))
	mux.Handle("GET /v1/journal/guests/{id}", s.authed(s.guestEvents))
	mux.Handle("POST /v1/exports/journal/{day}", s.authed(s.exportJournal))
	mux.Handle("POST /v1/approvals", s.authed(s.requestApproval))
	mux.Handle("GET /v1/approvals", s.authed(s.listApprovals))
	mux.Handle("GET /v1/approvals/{id}", s.authed(s.getApproval))
	mux.Handle("POST /v1/approvals/{id}/decision", s.authed(s.decide))
	mux.Handle("GET /v1/ops/queues", s.authed(s.queues))
	mux.Handle("GET /v1/ops/queues/{name}/dead-letters", s.authed(s.deadLetters))
	mux.Handle("POST /v1/ops/queues/{name}/redrive", s.authed(s.redrive))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]Error{"error": {Code: "no_route", Message: r.Method + " " + r.URL.Path + " is not an API route"}})
	})
	return mux
}

type authedHandler func(w http.ResponseWriter, r *http.Request, actor auth.Actor) error

// authed identifies the caller and turns returned errors into JSON error responses.
func (s *server) authed(h authedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor, err := s.Identify(r)
		if err == nil {
			err = h(w, r, actor)
		}
		if err != nil {
			writeError(w, r, s.Log, err)
		}
	})
}

func (s *server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "time": s.Now().UTC().Format(time.RFC3339)})
}

func (s *server) me(w http.ResponseWriter, _ *http.Request, a auth.Actor) error {
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *server) tree(w http.ResponseWriter, r *http.Request, _ auth.Actor) error {
	t, err := hierarchy.Load(r.Context(), s.Hierarchy, s.GroupID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *server) property(w http.ResponseWriter, r *http.Request, _ auth.Actor) error {
	p, err := s.Hierarchy.Property(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// publish accepts an event envelope, validates it fully and puts it on the bus.
func (s *server) publish(w http.ResponseWriter, r *http.Request, _ auth.Actor) error {
	var raw json.RawMessage
	if err := decodeBody(r, &raw); err != nil {
		return err
	}
	env, err := events.Parse(raw)
	if err != nil {
		return err
	}
	if err := s.Bus.Publish(r.Context(), env); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"id": env.ID, "type": env.Type})
	return nil
}

func validDay(day string) error {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return errorf("day %q is not YYYY-MM-DD", day)
	}
	return nil
}

func (s *server) journalDay(w http.ResponseWriter, r *http.Request, _ auth.Actor) error {
	day := r.PathValue("day")
	if err := validDay(day); err != nil {
		return err
	}
	envs, err := s.Journal.Day(r.Context(), day)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"day": day, "events": envs})
	return nil
}

func (s *server) rollup(w http.ResponseWriter, r *http.Request, _ auth.Actor) error {
	day := r.PathValue("day")
	if err := validDay(day); err != nil {
		return err
	}
	counts, err := s.Journal.Rollup(r.Context(), day)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"day": day, "counts": counts})
	return nil
}

func (s *server) guestEvents(w http.ResponseWriter, r *http.Request, _ auth.Actor) error {
	envs, err := s.Journal.Guest(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"guestId": r.PathValue("id"), "events": envs})
	return nil
}
