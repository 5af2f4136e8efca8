package rewards

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// Guest merges and loyalty. When matching merges guest B into survivor A:
//
//   - both members: B's points move to A's account through the ledger (Service.Move: a transfer out of B's
//     account and one into A's, keyed merge/<mergeId>/<B>, keeping each lot's expiry and availability, pending
//     points included), B's membership is marked merged into A, and A keeps the higher tier with B's activity
//     counting towards it (see mergetiers.go);
//   - only B a member: B's membership (number and account) moves to A, and B's record says so;
//   - otherwise nothing changes.
//
// From then on B's stays, redemptions and adjustments go to A's membership. When the merge is undone, the same
// amount moves back (keyed unmerge/<mergeId>/<B>: the lots that came from B first, as far as they remain, then A's
// available points; less if A has spent them meanwhile), or the membership moves back to B with its account as it
// is, and B is a member on its own again. Points earned in between stay on the account they were posted to. Every
// step is idempotent, and a merge delivered after its undoing does nothing, so redeliveries neither lose nor double
// points.

// maxMemberHops bounds how many merges a member lookup follows.
const maxMemberHops = 8

// active returns the membership a guest's activity goes to: its own, or the one it was merged into.
func (s *Service) active(ctx context.Context, guestID string) (loyalty.Member, error) {
	m, err := s.members.Member(ctx, guestID)
	for hop := 0; err == nil && m.MergedInto != "" && hop < maxMemberHops; hop++ {
		m, err = s.members.Member(ctx, m.MergedInto)
	}
	return m, err
}

func mergeKey(mergeID, mergedID string) string   { return "merge/" + mergeID + "/" + mergedID }
func unmergeKey(mergeID, mergedID string) string { return "unmerge/" + mergeID + "/" + mergedID }

// merge combines the memberships of the guests merged into the survivor.
func (s *Service) merge(ctx context.Context, env events.Envelope) error {
	d, err := events.DecodeAs[*events.ProfilesMerged](env)
	if err != nil {
		return err
	}
	for _, id := range d.MergedIDs {
		if err := s.mergeMember(ctx, env, d.MergeID, d.SurvivorID, id); err != nil {
			return fmt.Errorf("merge %s into %s: %w", id, d.SurvivorID, err)
		}
	}
	return nil
}

func (s *Service) mergeMember(ctx context.Context, env events.Envelope, mergeID, survivorID, mergedID string) error {
	b, err := s.members.Member(ctx, mergedID)
	if errors.Is(err, ErrNotMember) {
		return nil // the survivor keeps its membership, or neither is a member
	}
	if err != nil {
		return err
	}
	if slices.Contains(b.Undone, mergeID) || b.MergedInto != "" && b.MergeID != mergeID {
		return nil // undone before it got here, or merged by another merge
	}
	a, err := s.members.Member(ctx, survivorID)
	moved := err == nil && a.MovedFrom == mergedID && a.MergeID == mergeID
	switch {
	case errors.Is(err, ErrNotMember) || moved:
		// Only the merged guest is a member: the membership moves to the survivor.
		if !moved {
			a = b
			a.GuestID, a.Merge = survivorID, loyalty.Merge{MovedFrom: mergedID, MergeID: mergeID}
			if err := s.members.Create(ctx, a); err != nil {
				return fmt.Errorf("move membership %s: %w", b.Number, err)
			}
		}
		return s.markMerged(ctx, b, survivorID, mergeID)
	case err != nil:
		return err
	}
	// Both are members: mark first, so that B's activity from now on goes to A, then move what B has.
	if err := s.markMerged(ctx, b, survivorID, mergeID); err != nil {
		return err
	}
	out, in, err := s.ledger.Move(ctx, ledger.Move{
		From: AccountID(b), To: AccountID(a), Key: mergeKey(mergeID, mergedID), At: env.OccurredAt,
		Concept: "Guests merged: membership " + string(b.Number) + " combined into " + string(a.Number),
	})
	if err != nil {
		return err
	}
	if err := s.announce(ctx, env, mergedID, survivorID, "merge", out, in); err != nil {
		return err
	}
	return s.absorbTier(ctx, env, survivorID, b, mergeID)
}

func (s *Service) markMerged(ctx context.Context, b loyalty.Member, survivorID, mergeID string) error {
	if b.MergedInto == survivorID && b.MergeID == mergeID {
		return nil
	}
	b.MergedInto, b.MergeID = survivorID, mergeID
	return s.members.Put(ctx, b)
}

// unmerge gives the restored guests back their memberships and points.
func (s *Service) unmerge(ctx context.Context, env events.Envelope) error {
	d, err := events.DecodeAs[*events.ProfilesUnmerged](env)
	if err != nil {
		return err
	}
	if d.SurvivorID == "" {
		return fmt.Errorf("%w: %s names no survivor", events.ErrInvalid, env.ID)
	}
	for _, id := range d.RestoredIDs {
		if err := s.unmergeMember(ctx, env, d.MergeID, d.SurvivorID, id); err != nil {
			return fmt.Errorf("unmerge %s from %s: %w", id, d.SurvivorID, err)
		}
	}
	return nil
}

func (s *Service) unmergeMember(ctx context.Context, env events.Envelope, mergeID, survivorID, restoredID string) error {
	b, err := s.members.Member(ctx, restoredID)
	if errors.Is(err, ErrNotMember) {
		return nil
	}
	if err != nil || slices.Contains(b.Undone, mergeID) {
		return err
	}
	if b.MergeID == mergeID {
		a, err := s.members.Member(ctx, survivorID)
		switch {
		case err == nil && a.MovedFrom == restoredID && a.MergeID == mergeID:
			if err := s.members.Delete(ctx, survivorID); err != nil { // the membership goes back with its account
				return err
			}
		case err == nil:
			if err := s.moveBack(ctx, env, mergeID, a, b); err != nil {
				return err
			}
			if err := s.releaseTier(ctx, env, survivorID, restoredID, mergeID); err != nil {
				return err
			}
		case !errors.Is(err, ErrNotMember):
			return err
		}
	}
	// Not merged here (the unmerge arrived first) or moved back: remember it, so a late merge does nothing.
	b.Merge = loyalty.Merge{Undone: append(b.Undone, mergeID)}
	return s.members.Put(ctx, b)
}

// moveBack moves back what the merge moved from b to a.
func (s *Service) moveBack(ctx context.Context, env events.Envelope, mergeID string, a, b loyalty.Member) error {
	moved, err := s.ledger.EntryByKey(ctx, AccountID(b), mergeKey(mergeID, b.GuestID)+"/out")
	if errors.Is(err, ledger.ErrNotFound) || err == nil && moved.Amount == 0 {
		return nil // the merge moved nothing
	}
	if err != nil {
		return err
	}
	out, in, err := s.ledger.Move(ctx, ledger.Move{
		From: AccountID(a), To: AccountID(b), Key: unmergeKey(mergeID, b.GuestID), Amount: -moved.Amount, Lots: moved.Lots, UpTo: true,
		At: env.OccurredAt, Concept: "Guests unmerged: points of membership " + string(b.Number) + " returned from " + string(a.Number),
	})
	if err != nil {
		return err
	}
	return s.announce(ctx, env, a.GuestID, b.GuestID, "unmerge", out, in)
}

// announce publishes Points Posted for both sides of a move, with ids derived from the entries' keys, so a
// redelivery republishes the same events.
func (s *Service) announce(ctx context.Context, env events.Envelope, fromGuest, toGuest, reason string, out, in ledger.Entry) error {
	if out.ID == "" || out.Amount == 0 {
		return nil
	}
	var evs []events.Envelope
	for _, side := range []struct {
		guest string
		e     ledger.Entry
	}{{fromGuest, out}, {toGuest, in}} {
		ev, err := events.New(events.PointsPosted{AccountID: side.e.AccountID, EntryID: side.e.ID, Points: side.e.Amount, Balance: side.e.BalanceAfter, Reason: reason},
			events.Scope{BrandID: env.BrandID, PropertyID: env.PropertyID, GuestID: side.guest}, "points/"+side.e.IdempotencyKey, env.OccurredAt)
		if err != nil {
			return err
		}
		ev.ID = events.DerivedID(ev.IdempotencyKey, ev.OccurredAt)
		evs = append(evs, ev)
	}
	return s.bus.Publish(ctx, evs...)
}
