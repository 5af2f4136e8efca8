// Package devstack assembles the whole of Hearth in one process: the embedded DynamoDB (unless an endpoint is
// configured), tables from the topology, the application, the local runtime and the API. `hearth dev` serves it;
// end-to-end tests drive it through HTTP.
package devstack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/smithy-go/middleware"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/app/webapi"
	"github.com/hearthcrm/hearth/shared/app/webhooks"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/blob"
	"github.com/hearthcrm/hearth/shared/dynamolocal"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/ingest"
	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/local"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/reply"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/sourcestore"
)

// Options configure a stack.
type Options struct {
	// DataDir holds the outbox and the folder standing in for S3.
	DataDir string
	// TablePrefix names the tables (several stacks can share one external endpoint).
	TablePrefix string
	// Visibility caps queue visibility timeouts so failed messages retry quickly.
	Visibility time.Duration
	// ApprovalTimeout overrides the approval workflow's deadline (tests).
	ApprovalTimeout time.Duration
	Seed            bool
	Log             *slog.Logger
	// Fraud overrides the demo fraud policy (tests switch rules off with a zero policy).
	Fraud *loyalty.FraudPolicy
	// CacheSettings caches settings (retention policy, property switches) for a minute as the Lambda functions
	// do, for benchmarks; by default a change through the API applies at once, as one process allows.
	CacheSettings bool
	// Blobs, when set, wraps the data folder's blob store (tests inject failures).
	Blobs func(blob.Store) blob.Store
	// DynamoAPIOptions wrap every DynamoDB call (tests fail chosen calls to prove consumers retry safely).
	DynamoAPIOptions []func(*middleware.Stack) error
	// Console serves the marketer console at / (everything but the API's paths); nil serves the API alone.
	Console http.Handler
	// UploadChunkBytes overrides the size of an uploaded file's chunks (tests cut small files into many).
	UploadChunkBytes int64
	// Clock, when set, is the local runtime's time (tests move it past the FIFO queue's deduplication window).
	Clock func() time.Time
}

// DemoUser is a demo account with its locally signed token.
type DemoUser struct {
	auth.Actor
	Token string
}

// Stack is a running Hearth.
type Stack struct {
	App     *app.App
	Runtime *local.Runtime
	DB      *store.DB
	Handler http.Handler
	Users   []DemoUser
	// Sources are the demo PMS/POS sources and their signing secrets (one per hotel and outlet).
	Sources  map[string]string
	Endpoint string // DynamoDB endpoint in use

	server *dynamolocal.Server
	signer *auth.LocalSigner
}

// Token signs a local token for any actor (tests, scripts); demo users' tokens are in Users.
func (st *Stack) Token(a auth.Actor) (string, error) { return st.signer.Sign(a, 12*time.Hour) }

// Signer is the key the API trusts, for hearth dev's stand-in of the hosted login (shared/devlogin).
func (st *Stack) Signer() *auth.LocalSigner { return st.signer }

// Start builds the stack. The embedded DynamoDB is used unless AWS_ENDPOINT_URL_DYNAMODB names another endpoint
// (LocalStack, DynamoDB Local, AWS).
func Start(ctx context.Context, opts Options) (*Stack, error) {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	st := &Stack{}
	storeOpts := store.Options{Prefix: opts.TablePrefix, APIOptions: opts.DynamoAPIOptions}
	if ep := os.Getenv("AWS_ENDPOINT_URL_DYNAMODB"); ep != "" {
		st.Endpoint = ep
	} else {
		srv, err := dynamolocal.Start(dynamolocal.WithSweepInterval(time.Minute))
		if err != nil {
			return nil, fmt.Errorf("start embedded DynamoDB: %w", err)
		}
		st.server, st.Endpoint = srv, srv.Endpoint()
		storeOpts.Endpoint, storeOpts.StaticCredentials = srv.Endpoint(), true
	}
	if err := st.build(ctx, opts, storeOpts); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func (st *Stack) build(ctx context.Context, opts Options, storeOpts store.Options) error {
	top := topology.Hearth()
	db, err := store.Open(ctx, storeOpts)
	if err != nil {
		return err
	}
	if err := db.CreateTables(ctx, top.Tables); err != nil {
		return err
	}
	if opts.DataDir != "" {
		for _, b := range top.Buckets {
			if err := os.MkdirAll(filepath.Join(opts.DataDir, "s3", b.Name), 0o755); err != nil {
				return err
			}
		}
		if err := os.MkdirAll(filepath.Join(opts.DataDir, "outbox"), 0o755); err != nil {
			return err
		}
	}
	// The runtime needs the app's handlers and the app needs the runtime as its bus: forward through late binding.
	var rt *local.Runtime
	unsubscribeKey, identityKey := make([]byte, 32), make([]byte, 32)
	_, _ = rand.Read(unsubscribeKey) // crypto/rand never fails on supported platforms
	_, _ = rand.Read(identityKey)
	cfg := app.Config{GroupID: hierarchy.DemoGroupID, ApprovalTimeout: opts.ApprovalTimeout, UnsubscribeKey: unsubscribeKey, IdentityKey: identityKey, SettingsTTL: -1}
	cfg.Fraud = opts.Fraud
	if opts.CacheSettings {
		cfg.SettingsTTL = app.DefaultSettingsTTL
	}
	dir := blob.Dir{Root: filepath.Join(opts.DataDir, "s3")}
	var blobs blob.Store = dir
	if opts.Blobs != nil {
		blobs = opts.Blobs(blobs)
	}
	a, err := app.New(cfg, app.Deps{
		DB:        db,
		Bus:       publishFunc(func(ctx context.Context, envs ...events.Envelope) error { return rt.Publish(ctx, envs...) }),
		Workflows: lateWorkflows{&rt},
		Blobs:     blobs,
		Log:       opts.Log,
	})
	if err != nil {
		return err
	}
	if opts.ApprovalTimeout > 0 {
		for i := range top.StateMachines {
			if top.StateMachines[i].Kind == topology.KindApproval {
				top.StateMachines[i].Timeout = opts.ApprovalTimeout
			}
		}
	}
	// Uploads: hearth dev signs its own upload URLs into the uploads folder, and a file PUT there starts the import
	// workflow in process, as S3's notification starts the state machine.
	uploadKey := make([]byte, 32)
	_, _ = rand.Read(uploadKey)
	buckets := local.NewBuckets(uploadKey, dir, func(bucket, key, etag string) { rt.ObjectCreated(bucket, key, etag) }, opts.Clock)
	uploads := webhooks.Uploads{Objects: uploadObjects{Store: blobs, Reader: dir}, Presigner: buckets, ChunkBytes: opts.UploadChunkBytes}
	ingestQueue := lateQueue{rt: &rt, name: topology.QueueIngest}
	handlers, err := runtimeHandlers(a, ingestQueue, uploads)
	if err != nil {
		return err
	}
	if rt, err = local.New(top, handlers, local.Options{Visibility: opts.Visibility, Log: opts.Log, Blobs: dir, Now: opts.Clock}); err != nil {
		return err
	}
	if opts.Seed {
		if err := a.Seed(ctx); err != nil {
			return fmt.Errorf("seed demo group: %w", err)
		}
		if st.Sources, err = seedSources(ctx, sourcestore.New(db)); err != nil {
			return fmt.Errorf("seed demo sources: %w", err)
		}
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	signer := auth.NewLocalSigner(key)
	for _, u := range demoActors {
		tok, err := signer.Sign(u, 12*time.Hour)
		if err != nil {
			return err
		}
		st.Users = append(st.Users, DemoUser{Actor: u, Token: tok})
	}
	identify := func(r *http.Request) (auth.Actor, error) {
		return signer.Verify(r.Context(), r.Header.Get("Authorization"))
	}
	// One server, as API Gateway presents it: webhooks under /ingest/, everything else to the API.
	mux := http.NewServeMux()
	webhookHandler, err := webhooks.Handler(a, ingestQueue, uploads)
	if err != nil {
		return err
	}
	apiHandler, err := webapi.Handler(a, identify, rt)
	if err != nil {
		return err
	}
	mux.Handle("/ingest/", withBaseURL(webhookHandler))
	mux.Handle(local.PathPrefix, reply.RequestIDs(buckets))
	mux.Handle("GET /dev/users", demoUsers(st.Users))
	mux.Handle("GET /dev/guests", demoGuestList())
	if opts.Console == nil {
		mux.Handle("/", apiHandler)
	} else {
		for _, p := range apiPaths {
			mux.Handle(p, apiHandler)
		}
		mux.Handle("/", opts.Console)
	}
	st.App, st.Runtime, st.DB, st.Handler, st.signer = a, rt, db, mux, signer
	return nil
}

// demoActors are the demo group's staff, one per kind of grant: group, brand and property scopes. Their groups are
// Cognito group names as the JWT authorizer passes them in AWS.
var demoActors = []auth.Actor{
	{Subject: "demo-ana", Email: "ana@harbour.example", Name: "Ana Admin", Groups: []string{"group-admin/group"}},
	{Subject: "demo-ben", Email: "ben@harbour.example", Name: "Ben Loyalty", Groups: []string{"loyalty-manager/brand/harbour"}},
	{Subject: "demo-mia", Email: "mia@harbour.example", Name: "Mia Marketer", Groups: []string{"marketer/brand/lantern"}},
	{Subject: "demo-paul", Email: "paul@harbour.example", Name: "Paul Property", Groups: []string{"property-manager/property/hh-lisbon"}},
	{Subject: "demo-alex", Email: "alex@harbour.example", Name: "Alex Auditor", Groups: []string{"auditor/group"}},
}

// Close stops the embedded server.
func (st *Stack) Close() {
	if st.server != nil {
		_ = st.server.Close()
	}
}

// uploadObjects writes through the (possibly wrapped) blob store and reads the data folder.
type uploadObjects struct {
	blob.Store
	blob.Reader
}

// withBaseURL tells the presigner the address the request came to, so the upload URL it signs points back here.
func withBaseURL(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		h.ServeHTTP(w, r.WithContext(local.WithBaseURL(r.Context(), scheme+"://"+r.Host)))
	})
}

type publishFunc func(ctx context.Context, envs ...events.Envelope) error

func (f publishFunc) Publish(ctx context.Context, envs ...events.Envelope) error {
	return f(ctx, envs...)
}

// lateQueue sends to a runtime queue once the runtime exists (FIFO deduplication included).
type lateQueue struct {
	rt   **local.Runtime
	name string
}

func (q lateQueue) Enqueue(_ context.Context, msgs []intake.Message) error {
	queue, err := (*q.rt).Queue(q.name)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		queue.SendDedup(string(m.Body), m.Group, m.DedupID)
	}
	return nil
}

type lateWorkflows struct{ rt **local.Runtime }

func (w lateWorkflows) Start(ctx context.Context, workflow, name string, input []byte) error {
	if *w.rt == nil {
		return errors.New("runtime not started")
	}
	return (*w.rt).Workflows().Start(ctx, workflow, name, input)
}

func (w lateWorkflows) Complete(ctx context.Context, token string, output []byte) error {
	return (*w.rt).Workflows().Complete(ctx, token, output)
}

// seedSources registers one source per demo property, each with a fresh secret.
func seedSources(ctx context.Context, sources *sourcestore.Store) (map[string]string, error) {
	out := map[string]string{}
	for _, b := range hierarchy.Demo().Brands {
		for _, p := range b.Properties {
			raw := make([]byte, 16)
			_, _ = rand.Read(raw)
			secret := hex.EncodeToString(raw)
			reg := intake.Registration{
				Source: ingest.Source{ID: p.ID + "-pms", BrandID: b.ID, PropertyID: p.ID, Mapping: ingest.Mapping{
					Currency: p.Currency, TimeZone: p.TimeZone, DefaultRegion: demoRegion[p.Currency],
					RevenueCodes: map[string]string{"ROOM": "room", "FB": "food_beverage", "SPA": "spa", "OTHER": "other"},
				}},
				Secrets: []intake.Secret{{ID: "demo", Value: secret, CreatedAt: time.Now().UTC()}},
			}
			if err := sources.Put(ctx, reg); err != nil {
				return nil, err
			}
			out[reg.ID] = secret
		}
	}
	return out, nil
}

var demoRegion = map[string]string{"EUR": "PT", "GBP": "GB", "USD": "US", "JPY": "JP"}
