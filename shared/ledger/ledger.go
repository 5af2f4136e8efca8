// Package ledger is Hearth's exact account ledger for points and stored value. Every posting is an append-only
// entry with an idempotency key; the entry and the account (balance, expiry lots, holds) change together or not at
// all, so a balance always equals the sum of its entries and a retried posting is applied once.
package ledger

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Kinds of account.
const (
	KindPoints = "points"
	KindValue  = "value" // stored value (gift cards) in minor units of Currency
)

// Kinds of entry.
const (
	EntryEarn     = "earn"     // points or value in (creates a lot)
	EntryRedeem   = "redeem"   // out immediately
	EntryAdjust   = "adjust"   // manual, signed
	EntryExpire   = "expire"   // a lot reached its expiry
	EntryHold     = "hold"     // reserve for a later capture (no balance change)
	EntryCapture  = "capture"  // take a hold
	EntryRelease  = "release"  // give a hold back
	EntryReverse  = "reverse"  // undo an earlier entry
	EntryTransfer = "transfer" // move to or from another account (merge, house account)
	EntryFee      = "fee"      // stored-value maintenance fee
	// EntrySkip records points a rule would have awarded but a setting withheld (a property's "do not award points
	// for checked-out reservations"). It changes no balance; its idempotency key is the award's, so the award can
	// never be posted later.
	EntrySkip = "skip"
)

// Errors callers map to 4xx.
var (
	ErrInvalid      = errors.New("invalid posting")
	ErrInsufficient = errors.New("insufficient balance")
	ErrOnHold       = errors.New("account is on hold")
	ErrUnknownHold  = errors.New("unknown hold")
	ErrNotFound     = errors.New("account not found")
	// ErrExists is opening an account that is already open (it also matches ErrInvalid).
	ErrExists = fmt.Errorf("%w: account exists", ErrInvalid)
)

// Account is the state a posting changes.
type Account struct {
	ID       string           `json:"id"`
	Kind     string           `json:"kind"`
	Currency string           `json:"currency,omitempty"` // value accounts only
	Status   string           `json:"status"`             // active, hold, closed
	Balance  int64            `json:"balance"`            // everything posted, pending lots included
	Lots     []Lot            `json:"lots,omitempty"`     // positive remainders, soonest expiry first
	Holds    map[string]int64 `json:"holds,omitempty"`    // hold id → amount reserved
	Version  int64            `json:"version"`
}

// Lot is what remains of one credit, with its expiry and the time it becomes spendable.
type Lot struct {
	ID            string    `json:"id"`
	Remaining     int64     `json:"remaining"`
	ExpiresOn     string    `json:"expiresOn,omitempty"` // YYYY-MM-DD; empty never expires
	AvailableFrom time.Time `json:"availableFrom,omitzero"`
}

// Refs tie an entry to the documents a points statement shows.
type Refs struct {
	Reservation  string `json:"reservation,omitempty"`
	Registration string `json:"registration,omitempty"`
	Invoice      string `json:"invoice,omitempty"`
	Folio        string `json:"folio,omitempty"`
	Check        string `json:"check,omitempty"`
	Property     string `json:"property,omitempty"`
	// Counterparty is the other side of a stored-value movement ("tender:cash", "folio:F1", "house:H").
	Counterparty string `json:"counterparty,omitempty"`
}

// Posting is a request to change an account.
type Posting struct {
	AccountID      string    `json:"accountId"`
	IdempotencyKey string    `json:"idempotencyKey"`
	Kind           string    `json:"kind"`
	Amount         int64     `json:"amount"` // positive; the kind gives the direction (adjust and transfer are signed)
	Currency       string    `json:"currency,omitempty"`
	Concept        string    `json:"concept"`
	Refs           Refs      `json:"refs"`
	ExpiresOn      string    `json:"expiresOn,omitempty"`    // credits: when the lot expires
	AvailableFrom  time.Time `json:"availableFrom,omitzero"` // credits: pending until then
	HoldID         string    `json:"holdId,omitempty"`       // hold, capture, release
	LotID          string    `json:"lotId,omitempty"`        // expire: the lot that expired
	// UpTo lets a redemption or a transfer out take less than Amount when less is available (split tender: the
	// card pays what it can, another tender pays the rest); the entry says how much was taken.
	UpTo bool `json:"upTo,omitempty"`
	// Lots makes a transfer keep the lots it moves (see transfer.go): a debit takes these lots first, pending ones
	// included; a credit recreates them with their ids, expiry and availability.
	Lots []Lot     `json:"lots,omitempty"`
	At   time.Time `json:"at"`
	By   string    `json:"by,omitempty"`
}

// Entry is one applied posting, as the statement shows it.
type Entry struct {
	ID             string           `json:"id"`
	AccountID      string           `json:"accountId"`
	IdempotencyKey string           `json:"idempotencyKey"`
	Kind           string           `json:"kind"`
	Amount         int64            `json:"amount"` // signed change of the balance
	Held           int64            `json:"held,omitempty"`
	BalanceAfter   int64            `json:"balanceAfter"`
	Concept        string           `json:"concept"`
	Refs           Refs             `json:"refs"`
	ExpiresOn      string           `json:"expiresOn,omitempty"`
	Consumed       map[string]int64 `json:"consumed,omitempty"` // lot id → amount taken, for reversals and audits
	Withheld       int64            `json:"withheld,omitempty"` // skip: what was not awarded
	Lots           []Lot            `json:"lots,omitempty"`     // transfers that keep lots: the lots moved
	At             time.Time        `json:"at"`
	By             string           `json:"by,omitempty"`
}

// Available is what can be spent now: lots already available, minus holds.
func (a Account) Available(now time.Time) int64 {
	var sum int64
	for _, l := range a.Lots {
		if !l.AvailableFrom.After(now) {
			sum += l.Remaining
		}
	}
	for _, h := range a.Holds {
		sum -= h
	}
	if sum < 0 {
		return 0
	}
	return sum
}

// Pending is what has been earned but is not yet spendable.
func (a Account) Pending(now time.Time) int64 {
	var sum int64
	for _, l := range a.Lots {
		if l.AvailableFrom.After(now) {
			sum += l.Remaining
		}
	}
	return sum
}

func (p Posting) validate(a Account) error {
	switch {
	case p.IdempotencyKey == "":
		return fmt.Errorf("%w: an idempotency key is required", ErrInvalid)
	case p.At.IsZero():
		return fmt.Errorf("%w: a time is required", ErrInvalid)
	case p.Amount < 0 && p.Kind != EntryAdjust && p.Kind != EntryTransfer:
		return fmt.Errorf("%w: %s amount must not be negative", ErrInvalid, p.Kind)
	case p.Amount == 0 && p.Kind != EntryRelease && p.Kind != EntryCapture && p.Kind != EntryExpire:
		return fmt.Errorf("%w: amount must not be zero", ErrInvalid)
	case a.Kind == KindValue && p.Currency != "" && p.Currency != a.Currency:
		return fmt.Errorf("%w: account %s holds %s, not %s", ErrInvalid, a.ID, a.Currency, p.Currency)
	case a.Status == "closed":
		return fmt.Errorf("%w: account %s is closed", ErrInvalid, a.ID)
	}
	return nil
}

// Apply computes the entry and the new account state for a posting, or an error that changes nothing. It is pure:
// the store persists both atomically.
func Apply(a Account, p Posting, entryID string) (Account, Entry, error) {
	if err := p.validate(a); err != nil {
		return a, Entry{}, err
	}
	next := a.clone()
	e := Entry{ID: entryID, AccountID: a.ID, IdempotencyKey: p.IdempotencyKey, Kind: p.Kind, Concept: p.Concept, Refs: p.Refs, At: p.At.UTC(), By: p.By}
	credit := func(amount int64) {
		next.Lots = append(next.Lots, Lot{ID: entryID, Remaining: amount, ExpiresOn: p.ExpiresOn, AvailableFrom: p.AvailableFrom})
		next.sortLots()
		next.Balance += amount
		e.Amount, e.ExpiresOn = amount, p.ExpiresOn
	}
	debit := func(amount int64, spendable int64) error {
		if next.Status == "hold" && p.Kind != EntryExpire && p.Kind != EntryReverse {
			return fmt.Errorf("%w: %s", ErrOnHold, a.ID)
		}
		if amount > spendable {
			return fmt.Errorf("%w: %s has %d available, %d requested", ErrInsufficient, a.ID, spendable, amount)
		}
		e.Consumed = next.consume(amount, p.At)
		next.Balance -= amount
		e.Amount = -amount
		return nil
	}
	switch p.Kind {
	case EntryEarn:
		credit(p.Amount)
	case EntryRedeem, EntryFee:
		amount, avail := p.Amount, next.Available(p.At)
		if p.UpTo && avail > 0 && amount > avail {
			amount = avail
		}
		if err := debit(amount, avail); err != nil {
			return a, Entry{}, err
		}
	case EntryTransfer:
		if err := next.transfer(p, &e); err != nil {
			return a, Entry{}, err
		}
	case EntryAdjust, EntryReverse:
		if p.Amount > 0 {
			credit(p.Amount)
		} else if err := debit(-p.Amount, next.Available(p.At)); err != nil {
			return a, Entry{}, err
		}
	case EntryHold:
		if err := next.hold(p, a.ID); err != nil {
			return a, Entry{}, err
		}
		e.Held = p.Amount
	case EntryCapture:
		held, ok := next.Holds[p.HoldID]
		if !ok {
			return a, Entry{}, fmt.Errorf("%w: %s on %s", ErrUnknownHold, p.HoldID, a.ID)
		}
		delete(next.Holds, p.HoldID)
		amount := held
		if p.Amount > 0 && p.Amount < held {
			amount = p.Amount // a partial capture releases the rest
		}
		if err := debit(amount, next.Available(p.At)); err != nil {
			return a, Entry{}, err
		}
		e.Held = -held
	case EntryRelease:
		held, ok := next.Holds[p.HoldID]
		if !ok {
			return a, Entry{}, fmt.Errorf("%w: %s on %s", ErrUnknownHold, p.HoldID, a.ID)
		}
		delete(next.Holds, p.HoldID)
		e.Held = -held
	case EntrySkip:
		e.Withheld = p.Amount
	case EntryExpire:
		amount := next.expireLot(p.LotID)
		next.Balance -= amount
		e.Amount = -amount
		e.Consumed = map[string]int64{p.LotID: amount}
	default:
		return a, Entry{}, fmt.Errorf("%w: unknown kind %q", ErrInvalid, p.Kind)
	}
	next.Version++
	e.BalanceAfter = next.Balance
	return next, e, nil
}

func (a *Account) hold(p Posting, id string) error {
	if p.HoldID == "" {
		return fmt.Errorf("%w: a hold needs a hold id", ErrInvalid)
	}
	if a.Status == "hold" {
		return fmt.Errorf("%w: %s", ErrOnHold, id)
	}
	if _, exists := a.Holds[p.HoldID]; exists {
		return fmt.Errorf("%w: hold %s exists", ErrInvalid, p.HoldID)
	}
	if avail := a.Available(p.At); p.Amount > avail {
		return fmt.Errorf("%w: %s has %d available, %d requested", ErrInsufficient, id, avail, p.Amount)
	}
	if a.Holds == nil {
		a.Holds = map[string]int64{}
	}
	a.Holds[p.HoldID] = p.Amount
	return nil
}

// consume takes amount from available lots, soonest expiry first (lots without expiry last).
func (a *Account) consume(amount int64, now time.Time) map[string]int64 {
	taken := map[string]int64{}
	kept := a.Lots[:0]
	for _, l := range a.Lots {
		if amount > 0 && !l.AvailableFrom.After(now) {
			n := min(amount, l.Remaining)
			l.Remaining -= n
			amount -= n
			taken[l.ID] = n
		}
		if l.Remaining > 0 {
			kept = append(kept, l)
		}
	}
	a.Lots = kept
	return taken
}

// expireLot removes a lot and returns what remained of it (0 if it is already spent or gone: expiry is idempotent).
func (a *Account) expireLot(id string) int64 {
	for i, l := range a.Lots {
		if l.ID == id {
			a.Lots = append(a.Lots[:i], a.Lots[i+1:]...)
			return l.Remaining
		}
	}
	return 0
}

func (a *Account) sortLots() {
	sort.SliceStable(a.Lots, func(i, j int) bool {
		ei, ej := a.Lots[i].ExpiresOn, a.Lots[j].ExpiresOn
		if ei == "" || ej == "" {
			return ej == "" && ei != ""
		}
		return ei < ej
	})
}

func (a Account) clone() Account {
	c := a
	c.Lots = append([]Lot(nil), a.Lots...)
	c.Holds = make(map[string]int64, len(a.Holds))
	for k, v := range a.Holds {
		c.Holds[k] = v
	}
	return c
}

// Due returns the lots that expire on or before day (YYYY-MM-DD).
func (a Account) Due(day string) []Lot {
	var out []Lot
	for _, l := range a.Lots {
		if l.ExpiresOn != "" && l.ExpiresOn <= day {
			out = append(out, l)
		}
	}
	return out
}

// Drift is a mismatch between an account and its entries.
type Drift struct {
	AccountID   string `json:"accountId"`
	Balance     int64  `json:"balance"`
	FromEntries int64  `json:"fromEntries"`
	FromLots    int64  `json:"fromLots"`
}

// Check recomputes the balance from the entries and from the lots; a mismatch is drift.
func Check(a Account, entries []Entry) *Drift {
	var sum, lots int64
	for _, e := range entries {
		sum += e.Amount
	}
	for _, l := range a.Lots {
		lots += l.Remaining
	}
	if sum == a.Balance && lots == a.Balance {
		return nil
	}
	return &Drift{AccountID: a.ID, Balance: a.Balance, FromEntries: sum, FromLots: lots}
}
