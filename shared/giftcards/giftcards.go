// Package giftcards runs stored-value gift cards over the ledger: the loyalty engine decides what a command does to
// a card (package loyalty: Sell, Load, Redeem with split tender, TransferToFolio, Prepay, fees, expiry, reissue),
// the ledger holds the money (one stored-value account per card, every movement an idempotent entry), and the card
// record keeps status, buyer and terms. The ledger is the truth for the balance: a card's cached balance is
// refreshed from it before every command and after every posting, so a crash between the two heals on retry.
package giftcards

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/money"
)

// Errors the API maps.
var (
	ErrUnknownCard = errors.New("unknown card")
	ErrConflict    = errors.New("card changed concurrently")
)

// Store keeps card records. Versions make writes conditional: PutCard fails with ErrConflict when the stored
// version is no longer version.
type Store interface {
	Card(ctx context.Context, n loyalty.CardNumber) (loyalty.Card, int64, error)
	PutCard(ctx context.Context, c loyalty.Card, version int64) error
	// AddStock creates stock cards that do not exist yet and returns how many it created.
	AddStock(ctx context.Context, cards []loyalty.Card) (int, error)
	Cards(ctx context.Context) ([]loyalty.Card, error)
	// Log keeps a movement for the general-ledger export, by business day; writing one twice is harmless.
	Log(ctx context.Context, m loyalty.Movement) error
	Movements(ctx context.Context, day loyalty.Date) ([]loyalty.Movement, error)
}

// Service runs card commands.
type Service struct {
	store  Store
	ledger *ledger.Service
	policy loyalty.StoredValuePolicy
	zone   *time.Location
	now    func() time.Time
}

// NewService returns the service for the group's stored-value policy; zone gives business dates.
func NewService(s Store, l *ledger.Service, p loyalty.StoredValuePolicy, zone *time.Location, now func() time.Time) *Service {
	if zone == nil {
		zone = time.UTC
	}
	return &Service{store: s, ledger: l, policy: p, zone: zone, now: now}
}

// AccountID is a card's stored-value account.
func AccountID(n loyalty.CardNumber) string { return "SV-" + string(n) }

// Result is a command's outcome as the till or front desk needs it.
type Result struct {
	Card  loyalty.Card   `json:"card"`
	Split *loyalty.Split `json:"split,omitempty"`
	Moves []ledger.Entry `json:"entries"`
	Reply bool           `json:"replayed,omitempty"` // the request had been applied before: nothing changed now
}

// maxAttempts bounds the retries of a command that lost a race with another on the same card (each round one of
// the racers wins, so it is sized for a busy till, not for one request).
const maxAttempts = 100

// Execute runs cmd on card n once per request: a repeated request returns what it did the first time.
func (s *Service) Execute(ctx context.Context, n loyalty.CardNumber, cmd loyalty.CardCommand, requestKey string) (Result, error) {
	return s.executeAt(ctx, n, cmd, requestKey, s.now)
}

// executeAt runs cmd with the clock now (the nightly run's scheduled time, or the service's clock).
func (s *Service) executeAt(ctx context.Context, n loyalty.CardNumber, cmd loyalty.CardCommand, requestKey string, now func() time.Time) (Result, error) {
	for attempt := range maxAttempts {
		res, err := s.executeOnce(ctx, n, cmd, requestKey, now)
		if errors.Is(err, ErrConflict) || errors.Is(err, ledger.ErrConflict) {
			time.Sleep(time.Duration(rand.IntN(attempt+1)) * 100 * time.Microsecond) // spread the racers out
			continue
		}
		return res, err
	}
	return Result{}, fmt.Errorf("card %s: %w", n.Masked(), ErrConflict)
}

func (s *Service) executeOnce(ctx context.Context, n loyalty.CardNumber, cmd loyalty.CardCommand, requestKey string, now func() time.Time) (Result, error) {
	card, version, err := s.store.Card(ctx, n)
	if err != nil {
		return Result{}, err
	}
	if err := s.refresh(ctx, &card); err != nil {
		return Result{}, err
	}
	out, err := card.Execute(cmd, s.policy, loyalty.At(now(), s.zone))
	if err != nil {
		// Refused now, but perhaps because it was applied before (a retry after a lost answer): answer as then.
		if prev, perr := s.ledger.EntryByKey(ctx, AccountID(n), requestKey); perr == nil {
			return Result{Card: card, Moves: []ledger.Entry{prev}, Split: splitOf(cmd, prev), Reply: true}, nil
		}
		return Result{}, err
	}
	res := Result{Split: out.Split}
	if out.Card.Status == loyalty.CardActive && card.Status == loyalty.CardStock {
		// A retried sale finds the account open already.
		if err := s.ledger.Open(ctx, ledger.Account{ID: AccountID(n), Kind: ledger.KindValue, Currency: out.Card.Balance.Currency}); err != nil && !errors.Is(err, ledger.ErrExists) {
			return Result{}, err
		}
	}
	for _, m := range out.Movements {
		e, err := s.post(ctx, m)
		if err != nil {
			return Result{}, err
		}
		res.Moves = append(res.Moves, e)
		if res.Split != nil {
			res.Split = splitOf(cmd, e) // on a retry the entry, posted by the first attempt, says what the card paid
		}
	}
	if err := s.refresh(ctx, &out.Card); err != nil {
		return Result{}, err
	}
	if err := s.store.PutCard(ctx, out.Card, version); err != nil {
		return Result{}, err
	}
	res.Card = out.Card
	return res, nil
}

// post writes one movement to its card's account (credits as lots that never expire, debits only from what is
// there) and to the general-ledger log.
func (s *Service) post(ctx context.Context, m loyalty.Movement) (ledger.Entry, error) {
	p := ledger.Posting{
		AccountID: AccountID(m.Card), IdempotencyKey: m.Key, Currency: m.Amount.Currency, Concept: string(m.Kind),
		Refs: ledger.Refs{Counterparty: m.Counterparty, Check: m.Ref}, At: m.At,
	}
	if m.Amount.Amount >= 0 {
		p.Kind, p.Amount = ledger.EntryEarn, m.Amount.Amount
	} else {
		p.Kind, p.Amount = ledger.EntryRedeem, -m.Amount.Amount
	}
	e, err := s.ledger.Post(ctx, p)
	if err != nil {
		if errors.Is(err, ledger.ErrInsufficient) {
			return e, ErrConflict // another command spent it first: recompute from the fresh balance
		}
		return e, err
	}
	// A retried movement was posted by an earlier attempt: log it as of then, so the log keeps one row per key.
	m.At, m.BusinessDate = e.At, loyalty.DateOf(e.At, s.zone)
	return e, s.store.Log(ctx, m)
}

// refresh sets the card's balance from its account, the truth.
func (s *Service) refresh(ctx context.Context, c *loyalty.Card) error {
	if c.Status == loyalty.CardStock {
		return nil
	}
	a, err := s.ledger.Account(ctx, AccountID(c.Number))
	if errors.Is(err, ledger.ErrNotFound) {
		return nil // a sale whose posting never happened: the card record says stock on the next read
	}
	if err != nil {
		return err
	}
	c.Balance.Amount = a.Balance
	return nil
}

// splitOf is how a redemption was paid, from its ledger entry: the card what the entry took, the other tender
// the rest of the bill.
func splitOf(cmd loyalty.CardCommand, e ledger.Entry) *loyalty.Split {
	r, ok := cmd.(loyalty.Redeem)
	if !ok {
		return nil
	}
	sp := &loyalty.Split{Card: money.Money{Amount: -e.Amount, Currency: r.Amount.Currency}, Remainder: money.Money{Amount: r.Amount.Amount + e.Amount, Currency: r.Amount.Currency}}
	if sp.Remainder.Amount > 0 {
		sp.RemainderTender = r.OtherTender
	}
	return sp
}

// KindCredit is the approval kind of a manual stored-value credit above the caller's limit.
const KindCredit = "storedvalue_credit"

// Credit is what a manual credit approval carries.
type Credit struct {
	Card   loyalty.CardNumber `json:"card"`
	Amount money.Money        `json:"amount"`
	Reason string             `json:"reason"`
}

// creditLimits are the minor units a role may credit to a card by hand (goodwill, a correction) without a second
// person, in any currency.
var creditLimits = map[string]int64{"group-admin": 50000, "loyalty-manager": 20000, "guest-relations": 5000}

// CreditLimit is the largest manual credit any of the roles may post alone.
func CreditLimit(roles []string) int64 {
	var limit int64
	for _, r := range roles {
		limit = max(limit, creditLimits[r])
	}
	return limit
}

// Goodwill credits a card by hand: a reload whose tender is goodwill (the GL export posts it to tender_goodwill).
func (s *Service) Goodwill(ctx context.Context, n loyalty.CardNumber, amount money.Money, requestID string) (Result, error) {
	return s.Execute(ctx, n, loyalty.Load{RequestID: requestID, Amount: amount, Tender: "goodwill"}, "sv/"+string(n)+"/"+string(loyalty.MoveLoad)+"/"+requestID)
}
