package giftcards

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

// Nightly applies the stored-value policy as of at: the maintenance fee on cards unused for the policy's months,
// and expiry (the balance to the house account) of cards past their last day. Each is keyed by the day it fell due,
// so a repeated or late run charges and expires once. It returns how many fees and expiries it posted.
func (s *Service) Nightly(ctx context.Context, at time.Time) (fees, expired int, err error) {
	cards, err := s.store.Cards(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, c := range cards {
		if c.Status != loyalty.CardActive {
			continue
		}
		for _, cmd := range []loyalty.CardCommand{loyalty.ChargeFee{}, loyalty.ExpireCard{}} {
			_, err := s.executeAt(ctx, c.Number, cmd, "", func() time.Time { return at })
			switch {
			case errors.Is(err, loyalty.ErrNotDue) || errors.Is(err, loyalty.ErrInvalidTransition):
			case err != nil:
				return fees, expired, fmt.Errorf("nightly %s: %w", c.Number.Masked(), err)
			case cmd == loyalty.CardCommand(loyalty.ChargeFee{}):
				fees++
			default:
				expired++
			}
		}
	}
	return fees, expired, nil
}
