package rewards

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// TierStatus is what a member sees of their tier: its benefits (and every lower level's) and the way to the next.
type TierStatus struct {
	Tier     string           `json:"tier"`
	Since    loyalty.Date     `json:"since,omitzero"`
	Benefits []string         `json:"benefits"`
	Progress loyalty.Progress `json:"progress"`
}

// Tier returns a member's tier status now.
func (s *Service) Tier(ctx context.Context, m loyalty.Member) (TierStatus, error) {
	history, err := s.tierHistory(ctx, m)
	if err != nil {
		return TierStatus{}, err
	}
	engine, err := s.engineFor(ctx)
	if err != nil {
		return TierStatus{}, err
	}
	d, err := engine.EvaluateTier(m, history, s.now())
	if err != nil {
		return TierStatus{}, err
	}
	b, err := engine.Benefits(m.Tier)
	if err != nil {
		return TierStatus{}, err
	}
	return TierStatus{Tier: m.Tier, Since: m.TierSince, Benefits: b, Progress: d.Progress}, nil
}

// record keeps a stay's or check's tier-qualifying activity, once per fact, and reviews the member's tier: an
// upgrade applies at once.
func (s *Service) record(ctx context.Context, env events.Envelope, m loyalty.Member, key string, a loyalty.Activity) error {
	if a == (loyalty.Activity{}) {
		return nil
	}
	if err := s.members.AddActivity(ctx, m.GuestID, key, a); err != nil {
		return err
	}
	return s.reviewTier(ctx, m, events.Scope{BrandID: env.BrandID, PropertyID: env.PropertyID, GuestID: env.GuestID}, env.OccurredAt)
}

// reviewTier evaluates a member's tier at at and applies the decision. The Tier Changed event goes out before the
// member is updated: a failure in between is redelivered, decides the same, and republishes the same event (its
// id derives from the decision), which consumers absorb.
func (s *Service) reviewTier(ctx context.Context, m loyalty.Member, scope events.Scope, at time.Time) error {
	guestID := m.GuestID
	for attempt := range 5 {
		if attempt > 0 { // the member changed since read: read it again
			var err error
			if m, err = s.members.Member(ctx, guestID); err != nil {
				return err
			}
		}
		history, err := s.tierHistory(ctx, m)
		if err != nil {
			return err
		}
		engine, err := s.engineFor(ctx)
		if err != nil {
			return err
		}
		d, err := engine.EvaluateTier(m, history, at)
		if err != nil {
			return err
		}
		next := m.WithTier(d)
		if next.Tier == m.Tier && next.TierSince == m.TierSince && next.LastTierReview == m.LastTierReview {
			return nil
		}
		if d.Changed() {
			if err := s.announceTier(ctx, m, d, scope, at); err != nil {
				return err
			}
		}
		err = s.members.Update(ctx, m, next)
		if errors.Is(err, ErrMemberChanged) {
			continue
		}
		return err
	}
	return fmt.Errorf("review tier of %s: %w", guestID, ErrMemberChanged)
}

func (s *Service) announceTier(ctx context.Context, m loyalty.Member, d loyalty.TierDecision, scope events.Scope, at time.Time) error {
	// From is in the key: a member may reach the same tier twice in a day by different ways (a merge undone).
	key := "tier/" + string(m.Number) + "/" + d.From + "/" + d.To + "/" + d.EffectiveFrom.String()
	ev, err := events.New(events.TierChanged{AccountID: AccountID(m), From: d.From, To: d.To, Reason: d.Reason, EffectiveFrom: d.EffectiveFrom.String()}, scope, key, at)
	if err != nil {
		return err
	}
	ev.ID = events.DerivedID(key, at)
	return s.bus.Publish(ctx, ev)
}

// ReviewAnniversaries is the nightly tier review: members whose membership anniversary is the business day at
// at keep, lose (one level at most) or gain their tier. A repeated run reviews each anniversary once.
func (s *Service) ReviewAnniversaries(ctx context.Context, at time.Time) (int, error) {
	today := loyalty.DateOf(at, s.zone)
	days := []string{today.String()[5:]}
	if y, mo, d := today.Civil(); mo == time.February && d == 28 && !leap(y) {
		days = append(days, "02-29") // members enrolled on 29 February have their anniversary on the 28th
	}
	n := 0
	for _, md := range days {
		members, err := s.members.WithAnniversary(ctx, md)
		if err != nil {
			return n, err
		}
		for _, m := range members {
			if err := s.reviewTier(ctx, m, events.Scope{GuestID: m.GuestID}, at); err != nil {
				return n, fmt.Errorf("review %s: %w", m.Number, err)
			}
			n++
		}
	}
	return n, nil
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// OverrideTier sets a member's tier by hand (an approved override, key: the approval, at: its decision): invite-only levels are
// given this way. It is announced as Tier Changed with reason "manual"; the anniversary review treats it like any
// tier, except that invite-only tiers are never reviewed down.
func (s *Service) OverrideTier(ctx context.Context, guestID, tier, key string, at time.Time) error {
	engine, err := s.engineFor(ctx)
	if err != nil {
		return err
	}
	if _, err := engine.Benefits(tier); err != nil {
		return fmt.Errorf("%w: %v", loyalty.ErrInvalid, err)
	}
	for range 5 {
		m, err := s.members.Member(ctx, guestID)
		if err != nil {
			return err
		}
		if m.Tier == tier {
			return nil // applied already (a redelivery) or nothing to change
		}
		today := loyalty.DateOf(at, s.zone)
		ev, err := events.New(events.TierChanged{AccountID: AccountID(m), From: m.Tier, To: tier, Reason: "manual", EffectiveFrom: today.String()},
			events.Scope{GuestID: guestID}, "tier/"+key, at) // the decision's time: a redelivery republishes the same event
		if err != nil {
			return err
		}
		ev.ID = events.DerivedID(ev.IdempotencyKey, ev.OccurredAt)
		if err := s.bus.Publish(ctx, ev); err != nil {
			return err
		}
		next := m
		next.Tier, next.TierSince = tier, today
		err = s.members.Update(ctx, m, next)
		if errors.Is(err, ErrMemberChanged) {
			continue
		}
		return err
	}
	return ErrMemberChanged
}

// SetStatus makes a member active or inactive (a closed or suspended membership): an inactive member's
// certificates stop being usable until they are active again.
func (s *Service) SetStatus(ctx context.Context, guestID, status string) (loyalty.Member, error) {
	for range 5 {
		m, err := s.members.Member(ctx, guestID)
		if err != nil {
			return m, err
		}
		var next loyalty.Member
		switch {
		case string(m.Status) == status:
			return m, nil // already so: a repeat changes nothing
		case status == string(loyalty.MemberInactive):
			next, err = m.Deactivate()
		case status == string(loyalty.MemberActive):
			next, err = m.Reactivate()
		default:
			return m, fmt.Errorf("%w: status must be active or inactive", loyalty.ErrInvalid)
		}
		if err != nil {
			return m, err
		}
		if err := s.members.Update(ctx, m, next); !errors.Is(err, ErrMemberChanged) {
			return next, err
		}
	}
	return loyalty.Member{}, ErrMemberChanged
}
