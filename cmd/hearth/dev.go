package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sort"
	"time"

	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/console"
	"github.com/hearthcrm/hearth/shared/devlogin"
	"github.com/hearthcrm/hearth/shared/devstack"
)

func dev(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hearth dev", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", ":8080", "host:port the API listens on")
	dataDir := fs.String("data", ".hearth", "folder for the outbox and the stand-in for S3 buckets")
	prefix := fs.String("table-prefix", "hearth-dev-", "prefix of the DynamoDB table names")
	visibility := fs.Duration("retry-after", 2*time.Second, "cap on queue visibility timeouts, so failed messages retry quickly")
	seed := fs.Bool("seed", true, "seed the demo hotel group")
	demoGuests := fs.Bool("demo-guests", true, "file demo guests of each brand through the API (stays, points, consent, a pending adjustment)")
	verbose := fs.Bool("v", false, "log debug detail")
	consoleDir := fs.String("console", "console", "folder of the console's sources; its dist/ is built when missing or stale and served at /")
	noConsole := fs.Bool("no-console", false, "do not build or serve the console: the API only")
	oidcStub := fs.Bool("oidc-stub", false, "sign in to the console through a stand-in for Cognito's hosted login (code flow with PKCE) at /dev/oidc instead of the demo user list")
	oidcTTL := fs.Duration("oidc-stub-ttl", time.Hour, "lifetime of the ID and access tokens the --oidc-stub login issues")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: hearth dev [flags]

Runs Hearth in one process: an embedded DynamoDB-compatible server (or the endpoint in
AWS_ENDPOINT_URL_DYNAMODB), tables from the topology, every consumer wired to in-process queues with SQS
semantics, schedules, approval workflows, the API and the console at / (built with npm on first run, and
again when its sources change). Ctrl-C stops it.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	var consoleHandler http.Handler
	if !*noConsole {
		switch err := console.Build(ctx, *consoleDir, stderr); {
		case errors.Is(err, console.ErrNoSources):
			fmt.Fprintf(stderr, "console: no sources in %s (run from the repository root, or pass --console DIR); serving the API only\n", *consoleDir)
		case err != nil:
			return err
		default:
			consoleHandler = console.Handler(filepath.Join(*consoleDir, "dist"))
		}
	}
	st, err := devstack.Start(ctx, devstack.Options{DataDir: *dataDir, TablePrefix: *prefix, Visibility: *visibility, Seed: *seed, Log: log, Console: consoleHandler})
	if err != nil {
		return err
	}
	defer st.Close()

	if *seed && *demoGuests {
		if err := st.SeedDemoGuests(ctx, time.Now()); err != nil {
			return err
		}
	}

	handler := st.Handler
	var stub *devlogin.Stub
	if consoleHandler != nil {
		// The console reads its configuration at run time, as from S3 in AWS: the demo login, or the stub's.
		mux := http.NewServeMux()
		if *oidcStub {
			actors := make([]auth.Actor, len(st.Users))
			for i, u := range st.Users {
				actors[i] = u.Actor
			}
			stub = devlogin.New(actors, st.Signer(), *oidcTTL)
			mux.Handle(devlogin.Prefix+"/", stub.Handler())
		}
		mux.Handle("GET /config.json", devlogin.ConfigHandler(stub))
		mux.Handle("/", st.Handler)
		handler = mux
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go st.Runtime.Run(runCtx)
	go func() {
		<-ctx.Done()
		shutdown, done := context.WithTimeout(context.Background(), 5*time.Second)
		defer done()
		_ = srv.Shutdown(shutdown)
	}()

	fmt.Fprintf(stdout, "Hearth dev is running.\n  API:       http://%s (try curl http://%s/healthz)\n", displayAddr(ln.Addr()), displayAddr(ln.Addr()))
	if consoleHandler != nil {
		fmt.Fprintf(stdout, "  Console:   http://%s/ (log in as a demo user)\n", displayAddr(ln.Addr()))
	}
	if stub != nil {
		fmt.Fprintf(stdout, "  Sign-in:   http://%s%s (stand-in for Cognito's hosted login, --oidc-stub)\n", displayAddr(ln.Addr()), devlogin.Prefix)
	}
	fmt.Fprintf(stdout, "  DynamoDB:  %s\n  Data:      %s\nDemo users (send Authorization: Bearer <token>):\n", st.Endpoint, *dataDir)
	for _, u := range st.Users {
		fmt.Fprintf(stdout, "  %-22s %-36s %s\n", u.Email, u.Groups[0], u.Token)
	}
	fmt.Fprintf(stdout, "Demo PMS sources (POST signed messages to /ingest/<source>/<kind>; hearth import FILE --kind stays --source S --secret X [--upload]):\n")
	ids := make([]string, 0, len(st.Sources))
	for id := range st.Sources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(stdout, "  %-22s secret %s\n", id, st.Sources[id])
	}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "Hearth dev stopped.")
	return nil
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}
