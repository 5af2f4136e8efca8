package rewards

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

// DemoFraudPolicy is the fraud and velocity policy `hearth dev` and a fresh deployment start with.
func DemoFraudPolicy() loyalty.FraudPolicy {
	return loyalty.FraudPolicy{
		MaxEarnsPerDay: 5, MinAgeToRedeem: 24 * time.Hour, MaxMembersPerCard: 3,
		MaxAdjustments: 10, AdjustmentWindow: time.Hour,
	}
}

// fraudLookback is how far back the rules look; events are kept a little longer (the store's TTL).
const fraudLookback = 30 * 24 * time.Hour

// Alert statuses.
const (
	AlertOpen     = "open"
	AlertResolved = "resolved"
)

// FraudAlert is an alert with what was done about it.
type FraudAlert struct {
	loyalty.Alert
	Status     string    `json:"status"`
	ResolvedBy string    `json:"resolvedBy,omitempty"`
	ResolvedAt time.Time `json:"resolvedAt,omitzero"`
	Note       string    `json:"note,omitempty"`
	Released   bool      `json:"released,omitempty"` // the holds were lifted
}

// FraudStore keeps recent fraud-relevant events and the alerts.
type FraudStore interface {
	// Record keeps an event under its member, its user and its card hash; recording it again changes nothing.
	Record(ctx context.Context, e loyalty.FraudEvent) error
	// Related returns the events since since that share e's member, user or card hash.
	Related(ctx context.Context, e loyalty.FraudEvent, since time.Time) ([]loyalty.FraudEvent, error)
	// Raise stores a new alert; an alert with the same key is left as it is (false).
	Raise(ctx context.Context, a FraudAlert) (bool, error)
	Alert(ctx context.Context, key string) (FraudAlert, error)
	Alerts(ctx context.Context, status string) ([]FraudAlert, error)
	// Resolve marks an open alert resolved (ErrAlertResolved if it was not open).
	Resolve(ctx context.Context, a FraudAlert) error
}

// Fraud errors the API maps.
var (
	ErrUnknownAlert  = errors.New("unknown fraud alert")
	ErrAlertResolved = errors.New("fraud alert already resolved")
)

// WithFraud makes the service watch earnings, redemptions and adjustments with policy: a match raises an alert
// and puts the accounts it names on hold (they keep earning; they cannot redeem).
func (s *Service) WithFraud(store FraudStore, policy loyalty.FraudPolicy) *Service {
	s.fraud, s.fraudPolicy = store, policy
	return s
}

// watch records an event of member m and evaluates the rules over the related recent events.
func (s *Service) watch(ctx context.Context, m loyalty.Member, e loyalty.FraudEvent) error {
	if s.fraud == nil {
		return nil
	}
	if err := s.fraud.Record(ctx, e); err != nil {
		return fmt.Errorf("record %s for fraud rules: %w", e.ID, err)
	}
	recent, err := s.fraud.Related(ctx, e, e.At.Add(-fraudLookback))
	if err != nil {
		return err
	}
	enrolled := map[string]time.Time{m.GuestID: m.EnrolledAt}
	for _, a := range loyalty.DetectFraud(s.fraudPolicy, recent, enrolled) {
		if _, err := s.fraud.Raise(ctx, FraudAlert{Alert: a, Status: AlertOpen}); err != nil {
			return err
		}
		cur, err := s.fraud.Alert(ctx, a.Key)
		if err != nil {
			return err
		}
		if cur.Status != AlertOpen {
			continue // resolved by a person: the same evidence does not hold the accounts again
		}
		for _, member := range a.Hold {
			if err := s.setHold(ctx, member, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// setHold puts a member's account on hold or releases it.
func (s *Service) setHold(ctx context.Context, guestID string, hold bool) error {
	for range 5 {
		m, err := s.members.Member(ctx, guestID)
		if errors.Is(err, ErrNotMember) {
			return nil
		}
		if err != nil {
			return err
		}
		if m.OnHold == hold {
			return nil
		}
		next := m
		next.OnHold = hold
		if err := s.members.Update(ctx, m, next); !errors.Is(err, ErrMemberChanged) {
			return err
		}
	}
	return ErrMemberChanged
}

// FraudAlerts lists alerts by status (open or resolved).
func (s *Service) FraudAlerts(ctx context.Context, status string) ([]FraudAlert, error) {
	if s.fraud == nil {
		return nil, nil
	}
	if status != AlertOpen && status != AlertResolved {
		return nil, fmt.Errorf("%w: status must be open or resolved", loyalty.ErrInvalid)
	}
	return s.fraud.Alerts(ctx, status)
}

// ResolveAlert closes an alert with a note; release lifts the holds it put on its accounts.
func (s *Service) ResolveAlert(ctx context.Context, key, by, note string, release bool) (FraudAlert, error) {
	if s.fraud == nil {
		return FraudAlert{}, ErrUnknownAlert
	}
	if note == "" {
		return FraudAlert{}, fmt.Errorf("%w: a note saying what was found is required", loyalty.ErrInvalid)
	}
	a, err := s.fraud.Alert(ctx, key)
	if err != nil {
		return a, err
	}
	if a.Status != AlertOpen {
		return a, fmt.Errorf("%w: %s", ErrAlertResolved, key)
	}
	a.Status, a.ResolvedBy, a.ResolvedAt, a.Note, a.Released = AlertResolved, by, s.now().UTC(), note, release
	if err := s.fraud.Resolve(ctx, a); err != nil {
		return a, err
	}
	if release {
		for _, member := range a.Hold {
			if err := s.setHold(ctx, member, false); err != nil {
				return a, err
			}
		}
	}
	return a, nil
}
