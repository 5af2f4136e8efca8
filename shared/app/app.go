// Package app is Hearth's composition root: it builds the domain services over the store and the given bus and
// workflow adapters, and exposes each function's entry point. Lambda mains and `hearth dev` both build it.
package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/api"
	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/audit"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/blob"
	"github.com/hearthcrm/hearth/shared/consent"
	"github.com/hearthcrm/hearth/shared/consumer"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/journal"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/local"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/privacy"
	"github.com/hearthcrm/hearth/shared/retention"
	"github.com/hearthcrm/hearth/shared/rewards"
	"github.com/hearthcrm/hearth/shared/store"
)

// Config is what every function reads from its environment.
type Config struct {
	GroupID         string
	ApprovalTimeout time.Duration
	// UnsubscribeKey signs unsubscribe links; functions without it (all but the API) serve no consent routes.
	UnsubscribeKey []byte
	// IdentityKey keys the hashes erased identities are remembered by, and card hashes.
	IdentityKey []byte
	// PhoneRegion is the region of phone numbers written without a country code (ISO 3166 alpha-2).
	PhoneRegion string
}

// Publisher puts events on the bus.
type Publisher interface {
	Publish(ctx context.Context, envs ...events.Envelope) error
}

// Deps are the adapters at the edges.
type Deps struct {
	DB        *store.DB
	Bus       Publisher
	Workflows approval.Workflows
	Blobs     blob.Store
	// IngestQueue is the FIFO queue the ingest function fills; nil in functions that do not ingest.
	IngestQueue intake.Queue
	Log         *slog.Logger
	Now         func() time.Time
}

// App holds the services.
type App struct {
	cfg       Config
	deps      Deps
	Hierarchy *store.HierarchyStore
	Journal   *journal.Journal
	journal   *store.JournalStore
	Approvals *approval.Service
	Audit     *audit.Log
	Consent   *consent.Service
	Profiles  *store.ProfileStore
	Eraser    *privacy.Eraser
	Retention *store.RetentionStore
	Matcher   *matching.Matcher
	Health    *store.HealthStore
	Visits    *store.VisitStore
	Rewards   *rewards.Service
	Ledger    *ledger.Service
	Intake    *intake.Service // nil without an ingest queue
	policy    journal.Policy
}

// New builds the application.
func New(cfg Config, d Deps) (*App, error) {
	if d.DB == nil || d.Bus == nil || d.Workflows == nil || d.Blobs == nil {
		return nil, fmt.Errorf("app: store, bus, workflows and blobs are required")
	}
	for name, key := range map[string][]byte{"unsubscribe": cfg.UnsubscribeKey, "identity": cfg.IdentityKey} {
		if n := len(key); n > 0 && n < 16 {
			return nil, fmt.Errorf("app: the %s key must be at least 16 bytes", name)
		}
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if cfg.PhoneRegion == "" {
		cfg.PhoneRegion = "US"
	}
	if cfg.ApprovalTimeout <= 0 {
		if sm, ok := topology.Hearth().StateMachine(topology.WorkflowApproval); ok {
			cfg.ApprovalTimeout = sm.Timeout
		}
	}
	js := store.NewJournalStore(d.DB)
	policies := store.NewRetentionStore(d.DB)
	policy := cachedPolicy(func(ctx context.Context) (retention.Policy, error) { return policies.Get(ctx, cfg.GroupID) }, d.Now)
	consents, profiles := store.NewConsentStore(d.DB), store.NewProfileStore(d.DB)
	matches := store.NewMatchStore(d.DB)
	eraser := privacy.NewEraser(profiles, js, store.NewTombstoneStore(d.DB), consents, matches, cfg.IdentityKey, d.Now)
	matcher, err := matching.New(matching.Options{
		Store: matches, Erasure: matching.EraserCheck(eraser, cfg.PhoneRegion),
		Config: identity.Config{Region: cfg.PhoneRegion}, Now: d.Now,
	})
	if err != nil {
		return nil, fmt.Errorf("app: matcher: %w", err)
	}
	var in *intake.Service
	if d.IngestQueue != nil {
		sources := store.NewSourceStore(d.DB)
		in = intake.NewService(sources, d.Blobs, d.IngestQueue, sources, cfg.IdentityKey, topology.BucketArchive, d.Now).
			WithHealth(store.NewHealthStore(d.DB))
	}
	ledgers := ledger.NewService(store.NewLedgerStore(d.DB), d.Now)
	rw, err := rewards.NewService(rewards.DemoProgramme(), store.NewMemberStore(d.DB), ledgers, d.Bus, d.Now)
	if err != nil {
		return nil, fmt.Errorf("app: loyalty programme: %w", err)
	}
	approvals := approval.NewService(store.NewApprovalStore(d.DB), d.Workflows, cfg.ApprovalTimeout, d.Now)
	rw.WithApprovals(approvalPayloads{approvals})
	return &App{
		Health:  store.NewHealthStore(d.DB),
		Visits:  store.NewVisitStore(d.DB),
		Ledger:  ledgers,
		Rewards: rw,
		Matcher: matcher,
		Intake:  in,
		cfg:     cfg, deps: d,
		Hierarchy: store.NewHierarchyStore(d.DB),
		journal:   js,
		Journal:   journal.New(js, policy),
		Retention: policies,
		policy:    policy,
		Approvals: approvals,
		Audit:     audit.New(store.NewAuditStore(d.DB), d.Now),
		Consent:   consent.NewService(consents, d.Bus, consent.NewLinks(cfg.UnsubscribeKey), d.Now),
		Profiles:  profiles,
		Eraser:    eraser,
	}, nil
}

// ApprovalTask is the approvals function's entry point (invoked by the workflow with a task token).
func (a *App) ApprovalTask(ctx context.Context, payload []byte) error {
	var task topology.ApprovalTask
	if err := json.Unmarshal(payload, &task); err != nil {
		return fmt.Errorf("%w: approval task: %v", approval.ErrInvalid, err)
	}
	return a.Approvals.TaskArrived(ctx, task)
}

// Handlers returns every function's entry point by topology name, for the local runtime.
func (a *App) Handlers() local.Handlers {
	return local.Handlers{
		Consumers: map[string]consumer.Handler{
			topology.FunctionJournal: a.Journal.Handle, topology.FunctionPrivacy: a.Privacy, topology.FunctionMatch: a.Match,
			topology.FunctionLoyalty: a.Rewards.Handle, topology.FunctionGuest360: a.Visit,
		},
		Tasks: map[string]local.TaskHandler{topology.FunctionApprovals: a.ApprovalTask},
	}
}

// API returns the HTTP handler; identify authenticates callers and ops is nil outside the local runtime.
func (a *App) API(identify func(*http.Request) (auth.Actor, error), ops api.Operations) http.Handler {
	return api.New(api.Deps{
		GroupID: a.cfg.GroupID, Retention: a.Retention, Sources: store.NewSourceStore(a.deps.DB), Health: a.Health, Visits: a.Visits, Matcher: a.Matcher, Rewards: a.Rewards, Ledger: a.Ledger, Hierarchy: a.Hierarchy, Journal: a.journal, Approvals: a.Approvals, Audit: a.Audit, Consent: a.Consent, Profiles: a.Profiles, Eraser: a.Eraser,
		Bus: a.deps.Bus, Blobs: a.deps.Blobs, Ops: ops, Identify: identify, Log: a.deps.Log, Now: a.deps.Now,
	})
}

// Seed writes the demo hotel group.
func (a *App) Seed(ctx context.Context) error {
	return hierarchy.Save(ctx, a.Hierarchy, hierarchy.Demo())
}
