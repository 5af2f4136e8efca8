package ledger

import (
	"fmt"
	"slices"
	"time"
)

// A transfer moves points between two accounts as a pair of entries, a debit on one and a credit of the same
// amount on the other (Service.Move posts both). A plain transfer behaves like an adjustment: the debit takes
// available points, soonest expiry first, and the credit makes one lot. A transfer with Lots keeps the lots it
// moves, so that points moved to another account expire and become spendable when they would have, and can move
// back as they were: the debit takes the named lots first (pending ones too, as far as they remain), then
// available points soonest expiry first, and records every lot it took in Entry.Lots; the credit, given those
// lots, recreates them with the same ids, expiry dates and availability.
func (a *Account) transfer(p Posting, e *Entry) error {
	if p.Amount > 0 {
		return a.transferIn(p, e)
	}
	if a.Status == "hold" {
		return fmt.Errorf("%w: %s", ErrOnHold, a.ID)
	}
	want := -p.Amount
	var taken []Lot
	for _, l := range p.Lots {
		taken = merge(taken, a.take(l.ID, min(l.Remaining, want-sum(taken))))
	}
	rest := want - sum(taken)
	if avail := a.Available(p.At); rest > avail {
		if !p.UpTo {
			return fmt.Errorf("%w: %s has %d to move, %d requested", ErrInsufficient, a.ID, sum(taken)+avail, want)
		}
		rest = avail
	}
	for rest > 0 {
		i := slices.IndexFunc(a.Lots, func(l Lot) bool { return !l.AvailableFrom.After(p.At) })
		if i < 0 {
			break
		}
		n := a.take(a.Lots[i].ID, rest)
		taken = merge(taken, n)
		rest -= n.Remaining
	}
	if a.uncovered(p.At) {
		return fmt.Errorf("%w: moving %d from %s would leave its holds uncovered", ErrInsufficient, want, a.ID)
	}
	moved := sum(taken)
	a.Balance -= moved
	e.Amount, e.Lots = -moved, taken
	e.Consumed = make(map[string]int64, len(taken))
	for _, l := range taken {
		e.Consumed[l.ID] += l.Remaining
	}
	return nil
}

// transferIn credits a transfer: one lot, or the lots the debit took, kept as they were.
func (a *Account) transferIn(p Posting, e *Entry) error {
	if len(p.Lots) == 0 {
		a.Lots = append(a.Lots, Lot{ID: e.ID, Remaining: p.Amount, ExpiresOn: p.ExpiresOn, AvailableFrom: p.AvailableFrom})
		a.sortLots()
		a.Balance += p.Amount
		e.Amount, e.ExpiresOn = p.Amount, p.ExpiresOn
		return nil
	}
	if sum(p.Lots) != p.Amount {
		return fmt.Errorf("%w: the lots moved add up to %d, not %d", ErrInvalid, sum(p.Lots), p.Amount)
	}
	for _, l := range p.Lots {
		if l.ID == "" || l.Remaining <= 0 {
			return fmt.Errorf("%w: a moved lot needs an id and a positive amount", ErrInvalid)
		}
		if i := a.lot(l.ID); i >= 0 {
			// The lot comes back to an account that kept part of it: one lot again.
			if a.Lots[i].ExpiresOn != l.ExpiresOn {
				return fmt.Errorf("%w: lot %s expires on %q here, not %q", ErrInvalid, l.ID, a.Lots[i].ExpiresOn, l.ExpiresOn)
			}
			a.Lots[i].Remaining += l.Remaining
			continue
		}
		a.Lots = append(a.Lots, l)
	}
	a.sortLots()
	a.Balance += p.Amount
	e.Amount, e.Lots = p.Amount, append([]Lot(nil), p.Lots...)
	return nil
}

// merge adds a taken lot to the list, one entry per lot.
func merge(taken []Lot, l Lot) []Lot {
	if l.Remaining == 0 {
		return taken
	}
	for i := range taken {
		if taken[i].ID == l.ID {
			taken[i].Remaining += l.Remaining
			return taken
		}
	}
	return append(taken, l)
}

// take removes up to amount from lot id, pending or not, and returns what it took as a lot (Remaining: the
// amount); a lot it empties is removed.
func (a *Account) take(id string, amount int64) Lot {
	i := a.lot(id)
	if i < 0 || amount <= 0 {
		return Lot{}
	}
	l := &a.Lots[i]
	n := min(amount, l.Remaining)
	l.Remaining -= n
	out := Lot{ID: l.ID, Remaining: n, ExpiresOn: l.ExpiresOn, AvailableFrom: l.AvailableFrom}
	if l.Remaining == 0 {
		a.Lots = append(a.Lots[:i], a.Lots[i+1:]...)
	}
	return out
}

func (a *Account) lot(id string) int {
	for i, l := range a.Lots {
		if l.ID == id {
			return i
		}
	}
	return -1
}

// uncovered reports whether the available lots no longer cover the holds.
func (a Account) uncovered(now time.Time) bool {
	var avail, held int64
	for _, l := range a.Lots {
		if !l.AvailableFrom.After(now) {
			avail += l.Remaining
		}
	}
	for _, h := range a.Holds {
		held += h
	}
	return avail < held
}

// Movable lists what of the account can move to another (a merge): every pending lot, and the available lots
// beyond what the holds reserve, soonest expiry first. Each lot's Remaining is the amount to take from it.
func (a Account) Movable(now time.Time) []Lot {
	spare := a.Available(now) // what the holds do not reserve
	var out []Lot
	for _, l := range a.Lots {
		n := l.Remaining
		if !l.AvailableFrom.After(now) {
			n = min(n, spare)
			spare -= n
		}
		if n > 0 {
			l.Remaining = n
			out = append(out, l)
		}
	}
	return out
}

func sum(lots []Lot) int64 {
	var n int64
	for _, l := range lots {
		n += l.Remaining
	}
	return n
}

// Move is a transfer of points between two accounts.
type Move struct {
	From, To string
	// Key identifies the move: the debit is posted under Key+"/out" on From, the credit under Key+"/in" on To.
	Key     string
	Concept string
	// Amount is how much to move; 0 moves everything From has beyond its holds (Account.Movable), pending points
	// included.
	Amount int64
	// Lots are taken first, as far as they remain; the rest comes from available points, soonest expiry first.
	Lots []Lot
	// UpTo moves less than Amount when From has less (the entry says how much moved).
	UpTo bool
	At   time.Time
	By   string
}
