package rewards

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// Tiers and guest merges. When both merged guests are members, the survivor keeps the higher of the two tiers (a
// guest never loses status by being recognised) and the merged member's qualifying activity counts towards the
// survivor's tier from then on, so a combined history may upgrade it at once. An unmerge stops counting it and
// gives the survivor back the tier it had before the merge, then reviews that on its own activity (an upgrade it
// earned alone meanwhile is kept). Both are idempotent: each absorbed member is recorded with its merge.

// tierHistory is the qualifying activity a member's tier is decided on: its own and its absorbed members'.
func (s *Service) tierHistory(ctx context.Context, m loyalty.Member) ([]loyalty.Activity, error) {
	history, err := s.members.Activities(ctx, m.GuestID)
	if err != nil {
		return nil, err
	}
	for _, b := range m.Absorbed {
		more, err := s.members.Activities(ctx, b.GuestID)
		if err != nil {
			return nil, err
		}
		history = append(history, more...)
	}
	return history, nil
}

// absorbTier records b as absorbed by the survivor, gives the survivor b's tier if it is higher, and reviews it.
func (s *Service) absorbTier(ctx context.Context, env events.Envelope, survivorID string, b loyalty.Member, mergeID string) error {
	scope := events.Scope{BrandID: env.BrandID, PropertyID: env.PropertyID, GuestID: survivorID}
	return s.editSurvivor(ctx, survivorID, scope, env.OccurredAt, func(a loyalty.Member, engine *loyalty.Engine) (loyalty.Member, string, bool) {
		if slices.ContainsFunc(a.Absorbed, func(x loyalty.AbsorbedMember) bool { return x.MergeID == mergeID && x.GuestID == b.GuestID }) {
			return a, "", false
		}
		next := a
		next.Absorbed = append(slices.Clone(a.Absorbed), loyalty.AbsorbedMember{GuestID: b.GuestID, MergeID: mergeID, Tier: b.Tier, TierBefore: a.Tier, SinceBefore: a.TierSince})
		if t := engine.HigherTier(a.Tier, b.Tier); t != a.Tier {
			next.Tier, next.TierSince = t, b.TierSince
		}
		return next, "merge", true
	})
}

// releaseTier stops counting the restored member's activity for the survivor and restores its tier from before.
func (s *Service) releaseTier(ctx context.Context, env events.Envelope, survivorID, restoredID, mergeID string) error {
	scope := events.Scope{BrandID: env.BrandID, PropertyID: env.PropertyID, GuestID: survivorID}
	return s.editSurvivor(ctx, survivorID, scope, env.OccurredAt, func(a loyalty.Member, engine *loyalty.Engine) (loyalty.Member, string, bool) {
		i := slices.IndexFunc(a.Absorbed, func(x loyalty.AbsorbedMember) bool { return x.MergeID == mergeID && x.GuestID == restoredID })
		if i < 0 {
			return a, "", false
		}
		next := a
		next.Absorbed = slices.Delete(slices.Clone(a.Absorbed), i, i+1)
		// Back to the tier from before this merge, unless a member still merged in holds a higher one.
		tier := a.Absorbed[i].TierBefore
		for _, x := range next.Absorbed {
			tier = engine.HigherTier(tier, x.Tier)
		}
		next.Tier, next.TierSince = tier, a.Absorbed[i].SinceBefore
		if tier == a.Tier {
			next.TierSince = a.TierSince
		}
		return next, "unmerge", true
	})
}

// editSurvivor applies edit to the survivor's membership (retrying when it changed meanwhile), announces a tier
// change it makes, then reviews the tier on the activity now counted.
func (s *Service) editSurvivor(ctx context.Context, survivorID string, scope events.Scope, at time.Time,
	edit func(loyalty.Member, *loyalty.Engine) (loyalty.Member, string, bool)) error {
	engine, err := s.engineFor(ctx)
	if err != nil {
		return err
	}
	for range 5 {
		a, err := s.members.Member(ctx, survivorID)
		if err != nil {
			return err
		}
		next, reason, changed := edit(a, engine)
		if !changed {
			return s.reviewTier(ctx, a, scope, at)
		}
		if next.Tier != a.Tier {
			d := loyalty.TierDecision{From: a.Tier, To: next.Tier, Reason: reason, EffectiveFrom: loyalty.DateOf(at, s.zone)}
			if err := s.announceTier(ctx, a, d, scope, at); err != nil {
				return err
			}
		}
		err = s.members.Update(ctx, a, next)
		if errors.Is(err, ErrMemberChanged) {
			continue
		}
		if err != nil {
			return err
		}
		return s.reviewTier(ctx, next, scope, at)
	}
	return fmt.Errorf("tier of %s after a merge: %w", survivorID, ErrMemberChanged)
}
