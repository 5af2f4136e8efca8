package ledger

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// ErrConflict is returned by Store.Commit when the account changed since it was read.
var ErrConflict = errors.New("account changed concurrently")

// ErrDuplicate is returned by Store.Commit when the idempotency key was already used.
var ErrDuplicate = errors.New("posting already applied")

// Store persists accounts and entries.
type Store interface {
	Open(ctx context.Context, a Account) error
	Account(ctx context.Context, id string) (Account, error)
	// Commit writes after (if the stored version is still before.Version), the entry and its idempotency key in one
	// transaction; ErrConflict or ErrDuplicate say why it did not.
	Commit(ctx context.Context, before, after Account, e Entry) error
	// EntryByKey returns the entry an idempotency key produced, or ErrNotFound.
	EntryByKey(ctx context.Context, accountID, key string) (Entry, error)
	Entries(ctx context.Context, accountID string) ([]Entry, error)
	// DueAccounts lists accounts with a lot expiring on or before day.
	DueAccounts(ctx context.Context, day string) ([]string, error)
	// AccountIDs lists every account (a full read of the accounts, for the check).
	AccountIDs(ctx context.Context) ([]string, error)
}

// Service posts to accounts, exactly once per idempotency key, under concurrency.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns the ledger service.
func NewService(store Store, now func() time.Time) *Service { return &Service{store: store, now: now} }

// maxAttempts bounds optimistic retries; contention on one account beyond it is reported, not hidden.
const maxAttempts = 200

// Post applies a posting once. A repeated idempotency key returns the entry it produced the first time, even when
// the account could no longer afford it; a conflicting concurrent write is retried on the fresh state.
func (s *Service) Post(ctx context.Context, p Posting) (Entry, error) {
	if p.At.IsZero() {
		p.At = s.now()
	}
	for attempt := 0; attempt < maxAttempts; attempt++ {
		a, err := s.store.Account(ctx, p.AccountID)
		if err != nil {
			return Entry{}, err
		}
		next, e, err := Apply(a, p, events.NewID(p.At))
		if err != nil {
			if prev, perr := s.store.EntryByKey(ctx, p.AccountID, p.IdempotencyKey); perr == nil {
				return prev, nil // already applied; the state it left is why it cannot apply again
			}
			return Entry{}, err
		}
		switch err := s.store.Commit(ctx, a, next, e); {
		case err == nil:
			return e, nil
		case errors.Is(err, ErrDuplicate):
			return s.store.EntryByKey(ctx, p.AccountID, p.IdempotencyKey)
		case errors.Is(err, ErrConflict):
			backoff(attempt)
			continue
		default:
			return Entry{}, fmt.Errorf("post %s to %s: %w", p.IdempotencyKey, p.AccountID, err)
		}
	}
	return Entry{}, fmt.Errorf("post %s to %s: %w after %d attempts", p.IdempotencyKey, p.AccountID, ErrConflict, maxAttempts)
}

func backoff(attempt int) {
	if attempt > 2 {
		time.Sleep(time.Duration(min(attempt, 20)) * 200 * time.Microsecond)
	}
}

// Open creates an account.
func (s *Service) Open(ctx context.Context, a Account) error {
	if a.ID == "" || (a.Kind != KindPoints && a.Kind != KindValue) || (a.Kind == KindValue && len(a.Currency) != 3) {
		return fmt.Errorf("%w: an account needs an id, a kind (points or value) and, for value, a currency", ErrInvalid)
	}
	a.Status, a.Balance, a.Version, a.Lots, a.Holds = "active", 0, 0, nil, nil
	return s.store.Open(ctx, a)
}

// Account returns an account.
func (s *Service) Account(ctx context.Context, id string) (Account, error) {
	return s.store.Account(ctx, id)
}

// EntryByKey returns the entry an idempotency key produced on an account (ErrNotFound-like store error otherwise).
func (s *Service) EntryByKey(ctx context.Context, accountID, key string) (Entry, error) {
	return s.store.EntryByKey(ctx, accountID, key)
}

// Statement returns an account's entries in order.
func (s *Service) Statement(ctx context.Context, id string) ([]Entry, error) {
	return s.store.Entries(ctx, id)
}

// Verify recomputes an account's balance from its entries and lots.
func (s *Service) Verify(ctx context.Context, id string) (*Drift, error) {
	a, err := s.store.Account(ctx, id)
	if err != nil {
		return nil, err
	}
	entries, err := s.store.Entries(ctx, id)
	if err != nil {
		return nil, err
	}
	return Check(a, entries), nil
}

// ExpireDue expires every lot due on or before day, one idempotent posting per lot, and returns how many points
// expired.
func (s *Service) ExpireDue(ctx context.Context, day string) (int64, error) {
	ids, err := s.store.DueAccounts(ctx, day)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, id := range ids {
		a, err := s.store.Account(ctx, id)
		if err != nil {
			return total, err
		}
		for _, lot := range a.Due(day) {
			e, err := s.Post(ctx, Posting{AccountID: id, IdempotencyKey: "expire/" + lot.ID, Kind: EntryExpire, LotID: lot.ID,
				Concept: "points expired (earned lot " + lot.ID + ")", At: s.now()})
			if err != nil {
				return total, err
			}
			total -= e.Amount
		}
	}
	return total, nil
}

// CheckReport is the result of checking every account.
type CheckReport struct {
	Accounts int     `json:"accounts"`
	Drifts   []Drift `json:"drifts"`
}

// CheckAll recomputes every account's balance from its entries and from its lots: what the check command and the
// operators' endpoint report. Any drift is a bug to investigate, never something to paper over.
func (s *Service) CheckAll(ctx context.Context) (CheckReport, error) {
	ids, err := s.store.AccountIDs(ctx)
	if err != nil {
		return CheckReport{}, err
	}
	r := CheckReport{Accounts: len(ids), Drifts: []Drift{}}
	for _, id := range ids {
		d, err := s.Verify(ctx, id)
		if err != nil {
			return r, fmt.Errorf("check %s: %w", id, err)
		}
		if d != nil {
			r.Drifts = append(r.Drifts, *d)
		}
	}
	return r, nil
}

// Move posts a transfer as a pair of entries that keep the lots moved (see transfer.go), each applied once: a
// retry after a failure between the two finds the debit done and posts the credit for exactly what the debit
// took; a repeat changes nothing. Moving everything from an empty account posts nothing.
func (s *Service) Move(ctx context.Context, m Move) (out, in Entry, err error) {
	if m.From == "" || m.To == "" || m.From == m.To || m.Key == "" || m.Amount < 0 {
		return Entry{}, Entry{}, fmt.Errorf("%w: a move needs two accounts, a key and a non-negative amount", ErrInvalid)
	}
	if m.At.IsZero() {
		m.At = s.now()
	}
	out, err = s.store.EntryByKey(ctx, m.From, m.Key+"/out")
	if errors.Is(err, ErrNotFound) {
		out, err = s.moveOut(ctx, m)
	}
	if err != nil || out.Amount == 0 {
		return out, Entry{}, err
	}
	in, err = s.Post(ctx, Posting{
		AccountID: m.To, IdempotencyKey: m.Key + "/in", Kind: EntryTransfer, Amount: -out.Amount, Lots: out.Lots,
		Concept: m.Concept + " (from " + m.From + ")", At: m.At, By: m.By,
	})
	return out, in, err
}

// moveOut posts the debit of a move. Moving everything reads what is movable first; if the account changes
// before the debit applies (a lot spent meanwhile), it reads again.
func (s *Service) moveOut(ctx context.Context, m Move) (Entry, error) {
	p := Posting{
		AccountID: m.From, IdempotencyKey: m.Key + "/out", Kind: EntryTransfer, Amount: -m.Amount, Lots: m.Lots, UpTo: m.UpTo,
		Concept: m.Concept + " (to " + m.To + ")", At: m.At, By: m.By,
	}
	for attempt := 0; ; attempt++ {
		if m.Amount == 0 {
			a, err := s.store.Account(ctx, m.From)
			if err != nil {
				return Entry{}, err
			}
			p.Lots = a.Movable(m.At)
			p.Amount = -sum(p.Lots)
			if p.Amount == 0 {
				return Entry{}, nil
			}
		}
		e, err := s.Post(ctx, p)
		if m.Amount == 0 && errors.Is(err, ErrInsufficient) && attempt < 3 {
			continue
		}
		return e, err
	}
}
