package consent

import (
	"context"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Store keeps consent histories and suppressions.
type Store interface {
	Append(ctx context.Context, r Record) error
	History(ctx context.Context, guestID string) ([]Record, error)
	PutSuppression(ctx context.Context, s Suppression) error
	DeleteSuppression(ctx context.Context, channel, target string) error
	// Suppressions returns the suppressions that could apply to a guest and address.
	Suppressions(ctx context.Context, guestID, channel, address string) ([]Suppression, error)
	AllSuppressions(ctx context.Context) ([]Suppression, error)
}

// Publisher announces consent changes on the bus.
type Publisher interface {
	Publish(ctx context.Context, envs ...events.Envelope) error
}

// Service records consent and answers questions.
type Service struct {
	store Store
	bus   Publisher
	links *Links
	now   func() time.Time
}

// NewService returns the consent service.
func NewService(store Store, bus Publisher, links *Links, now func() time.Time) *Service {
	return &Service{store: store, bus: bus, links: links, now: now}
}

// Record appends a consent decision (validated first, so nothing partial is written) and publishes it.
func (s *Service) Record(ctx context.Context, r Record) (Record, error) {
	if r.At.IsZero() {
		r.At = s.now().UTC()
	}
	r.At = r.At.UTC()
	if err := r.Validate(); err != nil {
		return Record{}, err
	}
	env, err := events.New(events.ConsentChanged{
		Channel: r.Channel, Purpose: r.Purpose, Scope: r.Scope, Status: r.Status, Source: r.Source, TextVersion: r.TextVersion,
	}, events.Scope{BrandID: brandOf(r.Scope), GuestID: r.GuestID},
		fmt.Sprintf("consent/%s/%s/%s/%s/%s", r.GuestID, r.Channel, r.Purpose, r.Scope, r.At.Format(time.RFC3339Nano)), r.At)
	if err != nil {
		return Record{}, err
	}
	if err := s.store.Append(ctx, r); err != nil {
		return Record{}, fmt.Errorf("record consent: %w", err)
	}
	if err := s.bus.Publish(ctx, env); err != nil {
		return Record{}, fmt.Errorf("publish consent change: %w", err)
	}
	return r, nil
}

func brandOf(scope string) string {
	if scope == ScopeGroup {
		return ""
	}
	return scope
}

// History returns a guest's consent records, oldest first.
func (s *Service) History(ctx context.Context, guestID string) ([]Record, error) {
	return s.store.History(ctx, guestID)
}

// Decide answers q from the stored history and suppressions.
func (s *Service) Decide(ctx context.Context, q Question) (Decision, error) {
	if q.At.IsZero() {
		q.At = s.now()
	}
	history, err := s.store.History(ctx, q.GuestID)
	if err != nil {
		return Decision{}, err
	}
	sup, err := s.store.Suppressions(ctx, q.GuestID, q.Channel, NormaliseAddress(q.Channel, q.Address))
	if err != nil {
		return Decision{}, err
	}
	return Decide(history, sup, q)
}

// UnsubscribeLink signs a link token valid for validity.
func (s *Service) UnsubscribeLink(guestID, channel, purpose, scope string, validity time.Duration) (string, error) {
	return s.links.Sign(Unsubscribe{GuestID: guestID, Channel: channel, Purpose: purpose, Scope: scope, Expires: s.now().Add(validity)})
}

// CheckLink verifies a token without acting on it (what a confirmation page shows).
func (s *Service) CheckLink(token string) (Unsubscribe, error) { return s.links.Verify(token, s.now()) }

// Unsubscribe withdraws what a valid link names.
func (s *Service) Unsubscribe(ctx context.Context, token string) (Record, error) {
	u, err := s.links.Verify(token, s.now())
	if err != nil {
		return Record{}, err
	}
	return s.Record(ctx, Record{GuestID: u.GuestID, Channel: u.Channel, Purpose: u.Purpose, Scope: u.Scope,
		Status: StatusWithdrawn, Source: "unsubscribe", RecordedBy: "guest (unsubscribe link)"})
}

// Suppress adds a suppression.
func (s *Service) Suppress(ctx context.Context, sup Suppression) (Suppression, error) {
	sup.Address = NormaliseAddress(sup.Channel, sup.Address)
	if sup.At.IsZero() {
		sup.At = s.now().UTC()
	}
	if err := sup.Validate(); err != nil {
		return Suppression{}, err
	}
	return sup, s.store.PutSuppression(ctx, sup)
}

// Unsuppress lifts a suppression (target is the address, or the guest id for channel "*").
func (s *Service) Unsuppress(ctx context.Context, channel, target string) error {
	if channel != "*" {
		target = NormaliseAddress(channel, target)
	}
	return s.store.DeleteSuppression(ctx, channel, target)
}

// Suppressions lists every suppression.
func (s *Service) Suppressions(ctx context.Context) ([]Suppression, error) {
	return s.store.AllSuppressions(ctx)
}
