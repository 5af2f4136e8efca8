package dynamolocal

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/truora/minidyn/server"
)

// Server is a running embedded DynamoDB-compatible endpoint: the compat
// Handler in front of an in-memory minidyn server, listening on loopback.
type Server struct {
	handler  *Handler
	http     *http.Server
	endpoint string

	stopSweep context.CancelFunc
	sweepDone chan struct{}

	closeOnce sync.Once
	closeErr  error
}

// Option configures Start.
type Option func(*options)

type options struct {
	addr          string
	sweepInterval time.Duration
}

// WithAddr makes the server listen on addr (host:port) instead of a free
// port on 127.0.0.1, e.g. to give the dev runtime a stable endpoint.
func WithAddr(addr string) Option {
	return func(o *options) { o.addr = addr }
}

// WithSweepInterval makes the server delete expired TTL items every d in
// the background, until Close. Zero or less (the default) disables it, so
// tests decide when expiry happens by calling Sweep.
func WithSweepInterval(d time.Duration) Option {
	return func(o *options) { o.sweepInterval = d }
}

// Start launches a server with empty storage and returns once it accepts
// connections.
func Start(opts ...Option) (*Server, error) {
	o := options{addr: "127.0.0.1:0"}
	for _, opt := range opts {
		opt(&o)
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return nil, err
	}

	h := NewHandler(server.NewServer())
	s := &Server{
		handler:  h,
		http:     &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second},
		endpoint: "http://" + ln.Addr().String(),
	}

	go func() { _ = s.http.Serve(ln) }()

	if o.sweepInterval > 0 {
		ctx, cancel := context.WithCancel(context.Background())
		s.stopSweep = cancel
		s.sweepDone = make(chan struct{})

		go s.sweepEvery(ctx, o.sweepInterval)
	}

	return s, nil
}

// Endpoint returns the base URL for SDK clients (aws.Config.BaseEndpoint),
// e.g. http://127.0.0.1:54321.
func (s *Server) Endpoint() string { return s.endpoint }

// Sweep deletes expired TTL items now; see Handler.Sweep.
func (s *Server) Sweep(ctx context.Context) (int, error) { return s.handler.Sweep(ctx) }

// Close stops the background sweeper and the listener and drops all data.
// It is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		if s.stopSweep != nil {
			s.stopSweep()
			<-s.sweepDone
		}

		if err := s.http.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.closeErr = err
		}
	})

	return s.closeErr
}

func (s *Server) sweepEvery(ctx context.Context, every time.Duration) {
	defer close(s.sweepDone)

	ticker := time.NewTicker(every)
	defer ticker.Stop()

	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			// Background sweeps have no caller to return errors to; they
			// only fail on a broken table, which the next request reports.
			if _, err := s.handler.Sweep(ctx); err != nil && ctx.Err() == nil {
				slog.Warn("dynamolocal: background TTL sweep failed", "err", err)
			}
		}
	}
}
