package rewards_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/rewards"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

type nopBus struct{}

func (nopBus) Publish(context.Context, ...events.Envelope) error { return nil }

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type certFixture struct {
	rw    *rewards.Service
	certs *rewards.CertificateService
	clock *clock
}

func newCertFixture(t *testing.T) *certFixture {
	t.Helper()
	db := storetest.Open(t)
	clk := &clock{t: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)}
	l := ledger.NewService(store.NewLedgerStore(db), clk.now)
	rw, err := rewards.NewService(rewards.DemoProgramme(), store.NewMemberStore(db), l, nopBus{}, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	return &certFixture{rw: rw, certs: rewards.NewCertificateService(rw, store.NewCertStore(db), rewards.DemoBenefits(), rewards.DemoProgramme().Expiry), clock: clk}
}

// member enrols a guest with points.
func (f *certFixture) member(t *testing.T, guest string, points int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := f.rw.Enrol(ctx, guest); err != nil {
		t.Fatal(err)
	}
	if points > 0 {
		if _, err := f.rw.Adjust(ctx, guest, points, "opening", "opening/"+guest, "test"); err != nil {
			t.Fatal(err)
		}
	}
}

func (f *certFixture) balance(t *testing.T, guest string) int64 {
	t.Helper()
	_, a, err := f.rw.Member(context.Background(), guest)
	if err != nil {
		t.Fatal(err)
	}
	return a.Balance
}

// TestCertificateLifecycles walks each path of a certificate's life and what it does to the owner's points.
func TestCertificateLifecycles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	use := loyalty.CertificateUse{ReservationID: "R-1", Guest: "a friend, not a member", PropertyID: "hh-lisbon"}
	for _, tc := range []struct {
		name       string
		run        func(f *certFixture, code string) (loyalty.Certificate, error)
		status     loyalty.CertificateStatus
		pointsLeft int64
	}{
		{"issued and used by anyone", func(f *certFixture, code string) (loyalty.Certificate, error) {
			if _, err := f.certs.Issue(ctx, code); err != nil {
				return loyalty.Certificate{}, err
			}
			return f.certs.Use(ctx, code, use)
		}, loyalty.CertificateUsed, 25000 - 20000},
		{"issued then cancelled: points back", func(f *certFixture, code string) (loyalty.Certificate, error) {
			if _, err := f.certs.Issue(ctx, code); err != nil {
				return loyalty.Certificate{}, err
			}
			return f.certs.Cancel(ctx, code)
		}, loyalty.CertificateCancelled, 25000},
		{"cancelled before issue", func(f *certFixture, code string) (loyalty.Certificate, error) {
			return f.certs.Cancel(ctx, code)
		}, loyalty.CertificateCancelled, 25000},
		{"issued, unused, expired by the nightly run", func(f *certFixture, code string) (loyalty.Certificate, error) {
			if _, err := f.certs.Issue(ctx, code); err != nil {
				return loyalty.Certificate{}, err
			}
			f.clock.add(400 * 24 * time.Hour)
			if _, err := f.certs.Use(ctx, code, use); !errors.Is(err, loyalty.ErrExpired) {
				return loyalty.Certificate{}, errors.New("a certificate past its last day was used")
			}
			for range 2 {
				if _, err := f.certs.ExpireDue(ctx, f.clock.now()); err != nil {
					return loyalty.Certificate{}, err
				}
			}
			if c, err := f.certs.Certificate(ctx, code); err != nil || c.Status != loyalty.CertificateExpired {
				return c, fmt.Errorf("after the nightly run: %s, %v", c.Status, err)
			}
			return f.certs.Cancel(ctx, code) // an expired certificate can no longer be cancelled
		}, "", 25000 - 20000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newCertFixture(t)
			f.member(t, "G-1", 25000)
			reg, err := f.certs.Register(ctx, "G-1", "free-night", "REQ-1")
			if err != nil || reg.Status != loyalty.CertificateRegistered || reg.Code == "" {
				t.Fatalf("register: %+v, %v", reg, err)
			}
			again, err := f.certs.Register(ctx, "G-1", "free-night", "REQ-1")
			if err != nil || again.Code != reg.Code {
				t.Fatalf("the same registration twice gave %s and %s (%v)", reg.Code, again.Code, err)
			}
			c, err := tc.run(f, reg.Code)
			if tc.status == "" {
				if !errors.Is(err, loyalty.ErrInvalidTransition) {
					t.Fatalf("cancelling an expired certificate: %v", err)
				}
			} else if err != nil || c.Status != tc.status {
				t.Fatalf("status %s, %v; want %s", c.Status, err, tc.status)
			}
			if b := f.balance(t, "G-1"); b != tc.pointsLeft {
				t.Fatalf("balance %d, want %d", b, tc.pointsLeft)
			}
		})
	}
}

// TestCertificateBadInputChangesNothing: refused requests leave the certificate and the points as they were.
func TestCertificateBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newCertFixture(t)
	f.member(t, "G-POOR", 1000)
	if _, err := f.certs.Register(ctx, "G-POOR", "penthouse", "R1"); !errors.Is(err, rewards.ErrUnknownBenefit) {
		t.Errorf("unknown benefit: %v", err)
	}
	if _, err := f.certs.Register(ctx, "G-NOBODY", "spa-60", "R1"); !errors.Is(err, rewards.ErrNotMember) {
		t.Errorf("not a member: %v", err)
	}
	c, err := f.certs.Register(ctx, "G-POOR", "spa-60", "R2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.certs.Issue(ctx, c.Code); !errors.Is(err, ledger.ErrInsufficient) {
		t.Errorf("issuing without the points: %v", err)
	}
	if got, _ := f.certs.Certificate(ctx, c.Code); got.Status != loyalty.CertificateRegistered || f.balance(t, "G-POOR") != 1000 {
		t.Errorf("after a refused issue: %s, balance %d", got.Status, f.balance(t, "G-POOR"))
	}
	if _, err := f.certs.Use(ctx, c.Code, loyalty.CertificateUse{ReservationID: "R-1"}); !errors.Is(err, loyalty.ErrInvalidTransition) {
		t.Errorf("using a certificate that was never issued: %v", err)
	}
	if _, err := f.certs.Issue(ctx, "1234-5678-9012"); !errors.Is(err, loyalty.ErrInvalidNumber) {
		t.Errorf("a mistyped code: %v", err)
	}
	good, _ := loyalty.NewCertificateCode(424242)
	if _, err := f.certs.Issue(ctx, good); !errors.Is(err, rewards.ErrUnknownCertificate) {
		t.Errorf("an unknown code: %v", err)
	}
}

// TestCertificateTransitionsApplyOnce: an issue and a cancel each retried (the console resent them) move the
// points once.
func TestCertificateTransitionsApplyOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newCertFixture(t)
	f.member(t, "G-1", 10000)
	c, err := f.certs.Register(ctx, "G-1", "suite-upgrade", "R1")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := f.certs.Issue(ctx, c.Code); err != nil {
			t.Fatal(err)
		}
	}
	if b := f.balance(t, "G-1"); b != 2000 {
		t.Fatalf("after a double issue: %d", b)
	}
	for range 2 {
		if _, err := f.certs.Cancel(ctx, c.Code); err != nil {
			t.Fatal(err)
		}
	}
	if b := f.balance(t, "G-1"); b != 10000 {
		t.Fatalf("after a double cancel: %d", b)
	}
}
