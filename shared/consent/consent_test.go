package consent_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/consent"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

type bus struct {
	mu   sync.Mutex
	sent []events.Envelope
}

func (b *bus) Publish(_ context.Context, envs ...events.Envelope) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sent = append(b.sent, envs...)
	return nil
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
func (c *clock) tick()          { c.t = c.t.Add(time.Hour) }

func newService(t *testing.T) (*consent.Service, *bus, *clock) {
	t.Helper()
	db := storetest.Open(t)
	b, c := &bus{}, &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	return consent.NewService(store.NewConsentStore(db), b, consent.NewLinks([]byte("k")), c.now), b, c
}

// TestGrantWithdrawRegrantAcrossChannelsAndBrands walks one guest through a year of consent decisions.
func TestGrantWithdrawRegrantAcrossChannelsAndBrands(t *testing.T) {
	t.Parallel()
	svc, b, clk := newService(t)
	ctx := context.Background()
	record := func(channel, purpose, scope, status, source string) {
		t.Helper()
		clk.tick()
		if _, err := svc.Record(ctx, consent.Record{GuestID: "G1", Channel: channel, Purpose: purpose, Scope: scope, Status: status, Source: source, TextVersion: "2026-01", RecordedBy: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	ask := func(channel, purpose, brand string, want bool, says string) {
		t.Helper()
		d, err := svc.Decide(ctx, consent.Question{GuestID: "G1", Channel: channel, Purpose: purpose, BrandID: brand})
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed != want || !strings.Contains(d.Reason, says) {
			t.Fatalf("%s/%s at %q: %+v, want allowed=%v saying %q", channel, purpose, brand, d, want, says)
		}
	}
	ask("email", "marketing", "harbour", false, "no marketing consent on email")
	ask("email", "service", "harbour", true, "service messages need no opt-in")

	record("email", "marketing", "group", "granted", "precheckin")
	ask("email", "marketing", "harbour", true, "granted for marketing on email at the group")
	ask("email", "marketing", "lantern", true, "granted")
	ask("sms", "marketing", "harbour", false, "no marketing consent on sms") // channels are independent

	record("email", "marketing", "lantern", "withdrawn", "console") // one brand only
	ask("email", "marketing", "lantern", false, "withdrawn for marketing on email at brand lantern")
	ask("email", "marketing", "harbour", true, "at the group")

	record("email", "marketing", "group", "withdrawn", "unsubscribe") // newer group withdrawal covers every brand
	ask("email", "marketing", "harbour", false, "withdrawn")
	ask("email", "marketing", "lantern", false, "at the group")

	record("email", "marketing", "lantern", "granted", "tablet") // re-grant for one brand
	ask("email", "marketing", "lantern", true, "granted for marketing on email at brand lantern (tablet")
	ask("email", "marketing", "harbour", false, "withdrawn")

	record("sms", "surveys", "harbour", "denied", "pms")
	ask("sms", "surveys", "harbour", false, "denied")
	record("email", "service", "group", "denied", "console") // even service can be refused explicitly
	ask("email", "service", "harbour", false, "denied for service")

	// The past is answerable too: at the time of the first grant, marketing email to harbour was allowed.
	first := time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC)
	if d, _ := svc.Decide(ctx, consent.Question{GuestID: "G1", Channel: "email", Purpose: "marketing", BrandID: "harbour", At: first}); !d.Allowed {
		t.Fatalf("historical decision = %+v", d)
	}
	history, err := svc.History(ctx, "G1")
	if err != nil || len(history) != 6 {
		t.Fatalf("history = %d records, %v; want 6, never overwritten", len(history), err)
	}
	for i := 1; i < len(history); i++ {
		if history[i].At.Before(history[i-1].At) {
			t.Fatalf("history out of order at %d", i)
		}
	}
	if len(b.sent) != 6 || b.sent[1].BrandID != "lantern" || b.sent[1].Type != events.TypeConsentChanged {
		t.Fatalf("published %d events, second %+v", len(b.sent), b.sent[1])
	}
}

func TestSuppressionsOverrideConsent(t *testing.T) {
	t.Parallel()
	svc, _, _ := newService(t)
	ctx := context.Background()
	if _, err := svc.Record(ctx, consent.Record{GuestID: "G2", Channel: "email", Purpose: "marketing", Scope: "group", Status: "granted", Source: "import"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Suppress(ctx, consent.Suppression{Channel: "email", Address: " Ana@Example.COM ", Reason: consent.ReasonHardBounce, By: "mailer"}); err != nil {
		t.Fatal(err)
	}
	d, _ := svc.Decide(ctx, consent.Question{GuestID: "G2", Channel: "email", Purpose: "marketing", Address: "ana@example.com"})
	if d.Allowed || !strings.Contains(d.Reason, "hard_bounce") {
		t.Fatalf("suppressed address: %+v", d)
	}
	if d, _ := svc.Decide(ctx, consent.Question{GuestID: "G2", Channel: "email", Purpose: "marketing", Address: "ana.new@example.com"}); !d.Allowed {
		t.Fatalf("another address: %+v", d)
	}
	if _, err := svc.Suppress(ctx, consent.Suppression{Channel: "*", GuestID: "G2", Reason: consent.ReasonDoNotContact}); err != nil {
		t.Fatal(err)
	}
	if d, _ := svc.Decide(ctx, consent.Question{GuestID: "G2", Channel: "sms", Purpose: "service"}); d.Allowed {
		t.Fatalf("guest-wide do-not-contact: %+v", d)
	}
	if err := svc.Unsuppress(ctx, "*", "G2"); err != nil {
		t.Fatal(err)
	}
	if d, _ := svc.Decide(ctx, consent.Question{GuestID: "G2", Channel: "sms", Purpose: "service"}); !d.Allowed {
		t.Fatalf("after lifting do-not-contact: %+v", d)
	}
	all, _ := svc.Suppressions(ctx)
	if len(all) != 1 || all[0].Address != "ana@example.com" {
		t.Fatalf("suppressions = %+v", all)
	}
	if _, err := svc.Suppress(ctx, consent.Suppression{Channel: "email", Address: "x@y", Reason: "annoyed"}); !errors.Is(err, consent.ErrInvalid) {
		t.Fatalf("bad reason: err = %v", err)
	}
}

func TestUnsubscribeLinks(t *testing.T) {
	t.Parallel()
	svc, _, clk := newService(t)
	ctx := context.Background()
	_, _ = svc.Record(ctx, consent.Record{GuestID: "G3", Channel: "email", Purpose: "marketing", Scope: "harbour", Status: "granted", Source: "pms"})
	token, err := svc.UnsubscribeLink("G3", "email", "marketing", "harbour", 30*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	other := consent.NewService(nil, nil, consent.NewLinks([]byte("another key")), clk.now)
	forged, _ := other.UnsubscribeLink("G3", "email", "marketing", "harbour", time.Hour)
	payload, sig, _ := strings.Cut(token, ".")
	for name, bad := range map[string]string{
		"other key":       forged,
		"flipped payload": strings.ToUpper(payload[:4]) + payload[4:] + "." + sig,
		"no signature":    payload,
		"garbage":         "abc.def",
	} {
		if _, err := svc.Unsubscribe(ctx, bad); !errors.Is(err, consent.ErrBadLink) {
			t.Errorf("%s: err = %v, want ErrBadLink", name, err)
		}
	}
	clk.tick()
	clk.tick()
	rec, err := svc.Unsubscribe(ctx, token)
	if err != nil || rec.Status != consent.StatusWithdrawn || rec.Source != "unsubscribe" {
		t.Fatalf("Unsubscribe = %+v, %v", rec, err)
	}
	if d, _ := svc.Decide(ctx, consent.Question{GuestID: "G3", Channel: "email", Purpose: "marketing", BrandID: "harbour"}); d.Allowed {
		t.Fatalf("after unsubscribe: %+v", d)
	}
	clk.t = clk.t.Add(31 * 24 * time.Hour)
	if _, err := svc.CheckLink(token); !errors.Is(err, consent.ErrBadLink) {
		t.Fatalf("expired link: err = %v", err)
	}
}

func TestRecordRejectsInvalidInput(t *testing.T) {
	t.Parallel()
	svc, b, _ := newService(t)
	good := consent.Record{GuestID: "G", Channel: "email", Purpose: "marketing", Scope: "group", Status: "granted", Source: "console"}
	for name, mutate := range map[string]func(*consent.Record){
		"status":  func(r *consent.Record) { r.Status = "maybe" },
		"channel": func(r *consent.Record) { r.Channel = "pigeon" },
		"purpose": func(r *consent.Record) { r.Purpose = "spam" },
		"source":  func(r *consent.Record) { r.Source = "rumour" },
		"scope":   func(r *consent.Record) { r.Scope = "" },
		"guest":   func(r *consent.Record) { r.GuestID = "" },
	} {
		r := good
		mutate(&r)
		if _, err := svc.Record(context.Background(), r); !errors.Is(err, consent.ErrInvalid) {
			t.Errorf("invalid %s: err = %v", name, err)
		}
	}
	if len(b.sent) != 0 {
		t.Fatalf("invalid records published %d events", len(b.sent))
	}
	if h, _ := svc.History(context.Background(), "G"); len(h) != 0 {
		t.Fatalf("invalid records were stored: %+v", h)
	}
}
