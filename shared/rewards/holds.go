package rewards

import (
	"context"
	"fmt"

	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// Redemptions of room nights, dining and on-site services: points are held when the guest books or orders, taken
// (captured) when the service is given, given back (released) when it is not, and a capture or redemption can be
// reversed later (a refund). Each step is one idempotent posting.

// HoldPoints reserves points on a member's account under holdID (the booking or order reference).
func (s *Service) HoldPoints(ctx context.Context, guestID string, points int64, concept, holdID, by string) (ledger.Entry, error) {
	m, err := s.spender(ctx, guestID)
	if err != nil {
		return ledger.Entry{}, err
	}
	if points <= 0 || holdID == "" {
		return ledger.Entry{}, fmt.Errorf("%w: a hold needs positive points and a reference", ledger.ErrInvalid)
	}
	return s.ledger.Post(ctx, ledger.Posting{AccountID: AccountID(m), IdempotencyKey: "hold/" + holdID, Kind: ledger.EntryHold,
		Amount: points, HoldID: holdID, Concept: concept, At: s.now(), By: by})
}

// CapturePoints takes a hold: all of it, or points of it (the rest is released).
func (s *Service) CapturePoints(ctx context.Context, guestID, holdID string, points int64, by string) (ledger.Entry, error) {
	m, err := s.members.Member(ctx, guestID)
	if err != nil {
		return ledger.Entry{}, err
	}
	if points < 0 {
		return ledger.Entry{}, fmt.Errorf("%w: points to capture cannot be negative", ledger.ErrInvalid)
	}
	return s.ledger.Post(ctx, ledger.Posting{AccountID: AccountID(m), IdempotencyKey: "capture/" + holdID, Kind: ledger.EntryCapture,
		Amount: points, HoldID: holdID, Concept: "Redemption: " + holdID, At: s.now(), By: by})
}

// ReleasePoints gives a hold back in full.
func (s *Service) ReleasePoints(ctx context.Context, guestID, holdID, by string) (ledger.Entry, error) {
	m, err := s.members.Member(ctx, guestID)
	if err != nil {
		return ledger.Entry{}, err
	}
	return s.ledger.Post(ctx, ledger.Posting{AccountID: AccountID(m), IdempotencyKey: "release/" + holdID, Kind: ledger.EntryRelease,
		HoldID: holdID, Concept: "Released: " + holdID, At: s.now(), By: by})
}

// ReversePoints undoes a redemption or capture (points back) or an earning (points out, as when a stay is voided),
// identified by the posting's idempotency key. A reversal is itself posted once.
func (s *Service) ReversePoints(ctx context.Context, guestID, entryKey, reason, by string) (ledger.Entry, error) {
	m, err := s.members.Member(ctx, guestID)
	if err != nil {
		return ledger.Entry{}, err
	}
	orig, err := s.ledger.EntryByKey(ctx, AccountID(m), entryKey)
	if err != nil {
		return ledger.Entry{}, fmt.Errorf("%w: no posting %q on the member's account", ledger.ErrInvalid, entryKey)
	}
	switch orig.Kind {
	case ledger.EntryRedeem, ledger.EntryCapture, ledger.EntryEarn:
	default:
		return ledger.Entry{}, fmt.Errorf("%w: a %s posting cannot be reversed", ledger.ErrInvalid, orig.Kind)
	}
	if orig.Amount == 0 || reason == "" {
		return ledger.Entry{}, fmt.Errorf("%w: nothing to reverse, or no reason given", ledger.ErrInvalid)
	}
	return s.ledger.Post(ctx, ledger.Posting{AccountID: AccountID(m), IdempotencyKey: "reverse/" + entryKey, Kind: ledger.EntryReverse,
		Amount: -orig.Amount, Concept: "Reversal: " + reason, At: s.now(), By: by,
		Refs: orig.Refs, ExpiresOn: orig.ExpiresOn})
}

// spender is a member allowed to spend points: not on hold.
func (s *Service) spender(ctx context.Context, guestID string) (loyalty.Member, error) {
	m, err := s.members.Member(ctx, guestID)
	if err != nil {
		return m, err
	}
	if m.OnHold {
		return m, fmt.Errorf("%w: member %s", ledger.ErrOnHold, m.Number)
	}
	return m, nil
}
