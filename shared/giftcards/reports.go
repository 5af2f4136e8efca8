package giftcards

import (
	"context"
	"errors"

	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// Find answers an enquiry by card number, buyer or recipient.
func (s *Service) Find(ctx context.Context, q loyalty.CardQuery) ([]loyalty.Card, error) {
	cards, err := s.store.Cards(ctx)
	if err != nil {
		return nil, err
	}
	return loyalty.FindCards(cards, q), nil
}

// Liability is the outstanding stored value today, sorted by age or balance.
func (s *Service) Liability(ctx context.Context, by loyalty.LiabilitySort) (loyalty.Liability, error) {
	cards, err := s.store.Cards(ctx)
	if err != nil {
		return loyalty.Liability{}, err
	}
	return loyalty.LiabilityReport(cards, loyalty.At(s.now(), s.zone).Today(), by), nil
}

// TopBuyers are the buyers who loaded the most value.
func (s *Service) TopBuyers(ctx context.Context, n int) ([]loyalty.BuyerTotal, error) {
	cards, err := s.store.Cards(ctx)
	if err != nil {
		return nil, err
	}
	return loyalty.TopBuyers(cards, n), nil
}

// Movements are a business day's stored-value movements, for the general-ledger export.
func (s *Service) Movements(ctx context.Context, day loyalty.Date) ([]loyalty.Movement, error) {
	return s.store.Movements(ctx, day)
}

func isNotFound(err error) bool { return errors.Is(err, ledger.ErrNotFound) }

func isExists(err error) bool { return errors.Is(err, ledger.ErrExists) }
