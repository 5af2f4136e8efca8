// Package app is Hearth's composition root: it builds the domain services over the store and whichever bus,
// workflow, blob and queue adapters it is given, and exposes each function's entry point. Services are built on
// first use, so a Lambda main that asks for one handler builds (and, since the linker drops what is never called,
// links) only what that handler reaches; `hearth dev` gives every adapter and asks for everything.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/audit"
	"github.com/hearthcrm/hearth/shared/blob"
	"github.com/hearthcrm/hearth/shared/consent"
	"github.com/hearthcrm/hearth/shared/giftcards"
	"github.com/hearthcrm/hearth/shared/guest360"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/journal"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/metrics"
	"github.com/hearthcrm/hearth/shared/privacy"
	"github.com/hearthcrm/hearth/shared/profile"
	"github.com/hearthcrm/hearth/shared/reconcile"
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
	// Fraud is the fraud and velocity policy; nil means rewards.DemoFraudPolicy().
	Fraud *loyalty.FraudPolicy
	// SettingsTTL is how long settings read from the Config table are trusted: zero means DefaultSettingsTTL;
	// negative means not at all (hearth dev, where the API that changes them runs in the same process).
	SettingsTTL time.Duration
}

// Publisher puts events on the bus.
type Publisher interface {
	Publish(ctx context.Context, envs ...events.Envelope) error
}

// Deps are the adapters at the edges. Only DB is always required; each entry point names what else it needs.
type Deps struct {
	DB        *store.DB
	Bus       Publisher
	Workflows approval.Workflows
	Blobs     blob.Store
	Log       *slog.Logger
	Now       func() time.Time
	// Metrics, when set, emits CloudWatch metrics (EMF log lines) next to the sync health counters: the ingest and
	// match functions set it in AWS.
	Metrics *metrics.EMF
}

// App holds the configuration, the adapters and the services built so far.
type App struct {
	cfg  Config
	deps Deps

	once      struct{ policy, rules, eraser, matcher, rewards, approvals, consent sync.Once }
	policy    journal.Policy
	rules     func(ctx context.Context, propertyID string) (hierarchy.CheckOutRules, error)
	eraser    *privacy.Eraser
	matcher   *matching.Matcher
	matchErr  error
	rewards   *rewards.Service
	rewardErr error
	approvals *approval.Service
	consent   *consent.Service
}

// New checks the configuration and returns the application; nothing is built yet.
func New(cfg Config, d Deps) (*App, error) {
	if d.DB == nil {
		return nil, fmt.Errorf("app: the store is required")
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
	if cfg.SettingsTTL == 0 {
		cfg.SettingsTTL = DefaultSettingsTTL
	}
	if cfg.ApprovalTimeout <= 0 {
		if sm, ok := topology.Hearth().StateMachine(topology.WorkflowApproval); ok {
			cfg.ApprovalTimeout = sm.Timeout
		}
	}
	return &App{cfg: cfg, deps: d}, nil
}

// need reports which of the named adapters are missing, for entry points to fail at start rather than per event.
func (a *App) need(entry string, adapters map[string]bool) error {
	for name, ok := range adapters {
		if !ok {
			return fmt.Errorf("app: %s needs the %s adapter", entry, name)
		}
	}
	return nil
}

// Hierarchy is the property hierarchy store.
func (a *App) Hierarchy() *store.HierarchyStore { return store.NewHierarchyStore(a.deps.DB) }

// Retention is the retention policy store.
func (a *App) Retention() *store.RetentionStore { return store.NewRetentionStore(a.deps.DB) }

// Profiles is the guest profile store.
func (a *App) Profiles() *store.ProfileStore { return store.NewProfileStore(a.deps.DB) }

// Health is the sync health store.
func (a *App) Health() *store.HealthStore { return store.NewHealthStore(a.deps.DB) }

// SourceHealth counts received and matched messages per source, in the sync health table and, when the function
// emits metrics, in CloudWatch.
func (a *App) SourceHealth() SourceHealth {
	return SourceHealth{store: a.Health(), metrics: a.deps.Metrics}
}

// SourceHealth records sync health; recording is best effort (callers ignore its errors).
type SourceHealth struct {
	store   *store.HealthStore
	metrics *metrics.EMF
}

// Received records an authenticated message.
func (h SourceHealth) Received(ctx context.Context, source string, at time.Time, accepted bool) error {
	if h.metrics != nil {
		h.metrics.Received(source, accepted)
	}
	return h.store.Received(ctx, source, at, accepted)
}

// Matched records a message resolved to its guest.
func (h SourceHealth) Matched(ctx context.Context, source string, at time.Time, duplicate bool, lag time.Duration) error {
	if h.metrics != nil {
		h.metrics.Matched(source, duplicate, lag)
	}
	return h.store.Matched(ctx, source, at, duplicate, lag)
}

// Visits is the Guest 360 visit store.
func (a *App) Visits() *store.VisitStore { return store.NewVisitStore(a.deps.DB) }

// ArchiveIndex ties guests to their archived raw messages.
func (a *App) ArchiveIndex() *store.ArchiveIndexStore { return store.NewArchiveIndexStore(a.deps.DB) }

// Audit is the hash-chained audit log.
func (a *App) Audit() *audit.Log { return audit.New(store.NewAuditStore(a.deps.DB), a.deps.Now) }

// Ledger is the points and stored-value ledger.
func (a *App) Ledger() *ledger.Service {
	return ledger.NewService(store.NewLedgerStore(a.deps.DB), a.deps.Now)
}

// JournalStore reads and writes the event journal.
func (a *App) JournalStore() *store.JournalStore { return store.NewJournalStore(a.deps.DB) }

// Journal is the event journal consumer.
func (a *App) Journal() *journal.Journal { return journal.New(a.JournalStore(), a.retentionPolicy()) }

// retentionPolicy is the group's policy, cached per process.
func (a *App) retentionPolicy() journal.Policy {
	a.once.policy.Do(func() {
		policies := a.Retention()
		a.policy = cachedPolicy(func(ctx context.Context) (retention.Policy, error) { return policies.Get(ctx, a.cfg.GroupID) }, a.cfg.SettingsTTL, a.deps.Now)
	})
	return a.policy
}

// checkOutRules are the properties' check-out switches, cached per process.
func (a *App) checkOutRules() func(ctx context.Context, propertyID string) (hierarchy.CheckOutRules, error) {
	a.once.rules.Do(func() { a.rules = checkOutRules(a.Hierarchy(), a.cfg.SettingsTTL, a.deps.Now) })
	return a.rules
}

// Eraser tombstones guests' personal data; with the blob adapter it erases their raw archived messages too.
func (a *App) Eraser() *privacy.Eraser {
	a.once.eraser.Do(func() {
		db := a.deps.DB
		a.eraser = privacy.NewEraser(a.Profiles(), a.JournalStore(), store.NewTombstoneStore(db), store.NewConsentStore(db),
			store.NewMatchStore(db), a.cfg.IdentityKey, a.deps.Now).WithSearch(store.NewSearchStore(db)).
			WithAccounts(store.NewAccountStore(db))
		if a.deps.Blobs != nil {
			a.eraser.WithArchive(a.ArchiveIndex(), a.deps.Blobs, topology.BucketArchive)
		}
	})
	return a.eraser
}

// Matcher resolves guests incrementally.
func (a *App) Matcher() (*matching.Matcher, error) {
	a.once.matcher.Do(func() {
		a.matcher, a.matchErr = matching.New(matching.Options{
			Store: store.NewMatchStore(a.deps.DB), Erasure: matching.EraserCheck(a.Eraser(), a.cfg.PhoneRegion),
			Config: identity.Config{Region: a.cfg.PhoneRegion}, Now: a.deps.Now,
			AddNew: func(ctx context.Context, propertyID string) (bool, error) {
				r, err := a.checkOutRules()(ctx, propertyID)
				return !r.DoNotAddNewGuests, err
			},
		})
		if a.matchErr != nil {
			a.matchErr = fmt.Errorf("app: matcher: %w", a.matchErr)
		}
	})
	return a.matcher, a.matchErr
}

// Approvals is the maker-checker service; requesting and deciding need the workflow adapter.
func (a *App) Approvals() *approval.Service {
	a.once.approvals.Do(func() {
		a.approvals = approval.NewService(store.NewApprovalStore(a.deps.DB), a.deps.Workflows, a.cfg.ApprovalTimeout, a.deps.Now)
	})
	return a.approvals
}

// Rewards is the loyalty programme service; it publishes through the bus.
func (a *App) Rewards() (*rewards.Service, error) {
	a.once.rewards.Do(func() {
		rw, err := rewards.NewService(rewards.DemoProgramme(), store.NewMemberStore(a.deps.DB), a.Ledger(), a.deps.Bus, a.deps.Now)
		if err != nil {
			a.rewardErr = fmt.Errorf("app: loyalty programme: %w", err)
			return
		}
		fraud := rewards.DemoFraudPolicy()
		if a.cfg.Fraud != nil {
			fraud = *a.cfg.Fraud
		}
		a.rewards = rw.WithApprovals(approvalPayloads{store.NewApprovalStore(a.deps.DB)}).
			WithDashboards(store.NewDashboardStore(a.deps.DB)).
			WithProgrammes(store.NewProgrammeStore(a.deps.DB, a.cfg.GroupID), max(a.cfg.SettingsTTL, 0)).
			WithStayCount(a.completedStays).
			WithFraud(store.NewFraudStore(a.deps.DB), fraud).
			WithCheckOutRules(func(ctx context.Context, propertyID string) (bool, error) {
				r, err := a.checkOutRules()(ctx, propertyID)
				return !r.DoNotAwardPoints, err
			})
	})
	return a.rewards, a.rewardErr
}

// Consent is the consent service; it publishes changes through the bus.
func (a *App) Consent() *consent.Service {
	a.once.consent.Do(func() {
		a.consent = consent.NewService(store.NewConsentStore(a.deps.DB), a.deps.Bus, consent.NewLinks(a.cfg.UnsubscribeKey), a.deps.Now)
	})
	return a.consent
}

// GiftCards runs stored-value gift cards over the ledger.
func (a *App) GiftCards() *giftcards.Service {
	return giftcards.NewService(store.NewCardStore(a.deps.DB), a.Ledger(), rewards.DemoStoredValuePolicy(), rewards.DemoProgramme().Zone, a.deps.Now)
}

// completedStays counts the stays Guest 360 filed for a guest.
func (a *App) completedStays(ctx context.Context, guestID string) (int, error) {
	visits, err := a.Visits().Visits(ctx, guestID)
	n := 0
	for _, v := range visits {
		if v.Kind == "stay" {
			n++
		}
	}
	return n, err
}

// Certificates runs benefit certificates over the members' points accounts.
func (a *App) Certificates() (*rewards.CertificateService, error) {
	rw, err := a.Rewards()
	if err != nil {
		return nil, err
	}
	return rewards.NewCertificateService(rw, store.NewCertStore(a.deps.DB), rewards.DemoBenefits(), rewards.DemoProgramme().Expiry), nil
}

// Reconciler runs the daily reconciliation of each hotel's stays.
func (a *App) Reconciler() (*reconcile.Service, error) {
	rw, err := a.Rewards()
	if err != nil {
		return nil, err
	}
	return reconcile.NewService(a.Hierarchy(), a.cfg.GroupID, a.JournalStore(), a.Visits(), rw, store.NewReportStore(a.deps.DB), a.deps.Now), nil
}

// Dossier is a property's arrivals from from to to, with what the desk needs to know of each guest.
func (a *App) Dossier(ctx context.Context, propertyID, from, to string) (guest360.Dossier, error) {
	return guest360.BuildDossier(ctx, store.NewArrivalStore(a.deps.DB), guestFacts{a}, propertyID, from, to, a.deps.Now())
}

// guestFacts answers the dossier from the profile store, matching's golden record, Guest 360 and loyalty.
type guestFacts struct{ a *App }

// Profile is the console profile with what the guest's PMS profiles state of preferences and dietary needs; the
// name is the console profile's, else matching's.
func (f guestFacts) Profile(ctx context.Context, guestID string) (*profile.Profile, string, error) {
	var console *profile.Profile
	name := ""
	sp, err := f.a.Profiles().Get(ctx, guestID)
	switch {
	case err == nil:
		console, name = &sp.Profile, strings.TrimSpace(sp.Profile.Name.First+" "+sp.Profile.Name.Last)
	case !errors.Is(err, store.ErrProfileNotFound):
		return nil, "", err
	}
	m, err := f.a.Matcher()
	if err != nil {
		return nil, "", err
	}
	g, err := m.Guest(ctx, guestID)
	if errors.Is(err, matching.ErrNotFound) {
		return console, name, nil
	}
	if err != nil {
		return nil, "", err
	}
	if name == "" {
		s := g.Summary()
		name = strings.TrimSpace(s.FirstName + " " + s.LastName)
	}
	stated, err := store.NewPreferenceStore(f.a.deps.DB).Of(ctx, g.Sources())
	if err != nil || (console == nil && len(stated) == 0) {
		return console, name, err
	}
	combined := guest360.WithStated(console, stated)
	return &combined, name, nil
}

func (f guestFacts) Visits(ctx context.Context, guestID string) ([]guest360.Visit, error) {
	return f.a.Visits().Visits(ctx, guestID)
}

func (f guestFacts) Tier(ctx context.Context, guestID string) (string, error) {
	m, err := store.NewMemberStore(f.a.deps.DB).Member(ctx, guestID)
	if errors.Is(err, rewards.ErrNotMember) {
		return "", nil
	}
	return m.Tier, err
}

// Deps returns the adapters the application was built with, for the HTTP entry points (packages webapi and
// webhooks, kept apart so that queue consumers do not link the API or the ingest parsers).
func (a *App) Deps() Deps { return a.deps }

// Config returns the application's configuration.
func (a *App) Config() Config { return a.cfg }

// Need fails when an entry point's adapters are missing, so it fails at start rather than per request or event.
func (a *App) Need(entry string, adapters map[string]bool) error { return a.need(entry, adapters) }

// Seed writes the demo hotel group.
func (a *App) Seed(ctx context.Context) error {
	return hierarchy.Save(ctx, a.Hierarchy(), hierarchy.Demo())
}
