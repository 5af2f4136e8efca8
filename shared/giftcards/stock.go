package giftcards

import (
	"context"
	"fmt"

	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// AddStock records a print run of pre-encoded cards (numbers as typed or swiped, check digits verified); cards
// already known are left as they are. It returns how many were new.
func (s *Service) AddStock(ctx context.Context, numbers []string) (int, error) {
	if len(numbers) == 0 || len(numbers) > 10000 {
		return 0, fmt.Errorf("%w: between 1 and 10,000 card numbers per print run", loyalty.ErrInvalid)
	}
	cards := make([]loyalty.Card, len(numbers))
	for i, raw := range numbers {
		n, err := loyalty.ParseCardNumber(raw)
		if err != nil {
			return 0, fmt.Errorf("card %d: %w", i+1, err)
		}
		cards[i] = loyalty.StockCard(n)
	}
	return s.store.AddStock(ctx, cards)
}

// Card returns a card with its balance from the ledger.
func (s *Service) Card(ctx context.Context, n loyalty.CardNumber) (loyalty.Card, error) {
	c, _, err := s.store.Card(ctx, n)
	if err != nil {
		return loyalty.Card{}, err
	}
	return c, s.refresh(ctx, &c)
}

// Transactions returns a card's ledger entries in order.
func (s *Service) Transactions(ctx context.Context, n loyalty.CardNumber) ([]ledger.Entry, error) {
	if _, _, err := s.store.Card(ctx, n); err != nil {
		return nil, err
	}
	entries, err := s.ledger.Statement(ctx, AccountID(n))
	if err != nil && !isNotFound(err) {
		return nil, err
	}
	return entries, nil
}

// Reissue replaces a lost or damaged card with a stock card carrying its balance, buyer, recipient and terms. The
// old card is cancelled at once. Retrying the same reissue posts nothing twice.
func (s *Service) Reissue(ctx context.Context, old, replacement loyalty.CardNumber, r loyalty.Reissue) (loyalty.ReissueOutcome, error) {
	for range maxAttempts {
		out, err := s.reissueOnce(ctx, old, replacement, r)
		if err == ErrConflict {
			continue
		}
		return out, err
	}
	return loyalty.ReissueOutcome{}, ErrConflict
}

func (s *Service) reissueOnce(ctx context.Context, oldN, newN loyalty.CardNumber, r loyalty.Reissue) (loyalty.ReissueOutcome, error) {
	oldC, oldV, err := s.store.Card(ctx, oldN)
	if err != nil {
		return loyalty.ReissueOutcome{}, err
	}
	newC, newV, err := s.store.Card(ctx, newN)
	if err != nil {
		return loyalty.ReissueOutcome{}, err
	}
	if oldC.Status == loyalty.CardCancelled && oldC.ReplacedBy == newN && newC.Status == loyalty.CardActive {
		return loyalty.ReissueOutcome{Old: oldC, New: newC}, nil // done before
	}
	if err := s.refresh(ctx, &oldC); err != nil {
		return loyalty.ReissueOutcome{}, err
	}
	out, err := loyalty.ReissueCard(oldC, newC, r, loyalty.At(s.now(), s.zone))
	if err != nil {
		return out, err
	}
	if err := s.ledger.Open(ctx, ledger.Account{ID: AccountID(newN), Kind: ledger.KindValue, Currency: out.New.Balance.Currency}); err != nil && !isExists(err) {
		return out, err
	}
	for _, m := range out.Movements {
		if _, err := s.post(ctx, m); err != nil {
			return out, err
		}
	}
	// The replacement first: if the old card's write is lost, the retry above sees it pending and completes it.
	if err := s.refresh(ctx, &out.New); err != nil {
		return out, err
	}
	if err := s.store.PutCard(ctx, out.New, newV); err != nil {
		return out, err
	}
	if err := s.refresh(ctx, &out.Old); err != nil {
		return out, err
	}
	return out, s.store.PutCard(ctx, out.Old, oldV)
}
