package loyalty

import (
	"time"

	"github.com/hearthcrm/hearth/shared/money"
)

// CardStatus is where a gift card is in its life.
type CardStatus string

// Card statuses: stock (printed, unsold) → active → cancelled (lost or damaged, balance moved to a replacement)
// | expired (balance moved to the house account).
const (
	CardStock     CardStatus = "stock"
	CardActive    CardStatus = "active"
	CardCancelled CardStatus = "cancelled"
	CardExpired   CardStatus = "expired"
)

// Card is a stored-value gift card's state. The ledger's stored-value account holds the same balance; the card
// carries it too so commands can validate without a read of the ledger.
type Card struct {
	Number  CardNumber  `json:"number"`
	Status  CardStatus  `json:"status"`
	Balance money.Money `json:"balance"`
	// Loaded is everything ever sold or loaded onto the card, for the top-buyers report.
	Loaded         money.Money `json:"loaded"`
	Buyer          string      `json:"buyer,omitempty"`
	Recipient      string      `json:"recipient,omitempty"`
	SoldAt         time.Time   `json:"soldAt,omitzero"`
	SoldOn         Date        `json:"soldOn,omitzero"`
	SoldAtProperty string      `json:"soldAtProperty,omitempty"`
	// LastUsedOn is the last load, redemption or transfer by the holder; fees do not count as use.
	LastUsedOn Date       `json:"lastUsedOn,omitzero"`
	LastFeeOn  Date       `json:"lastFeeOn,omitzero"`
	ExpiresOn  Date       `json:"expiresOn,omitzero"` // last day of use; zero: never
	Replaces   CardNumber `json:"replaces,omitempty"`
	ReplacedBy CardNumber `json:"replacedBy,omitempty"`
}

// StockCard returns an unsold card from a print run.
func StockCard(n CardNumber) Card { return Card{Number: n, Status: CardStock} }

// StoredValuePolicy is the group's gift card terms.
type StoredValuePolicy struct {
	// FeeAfterMonths is how long a card may go unused before the maintenance fee is due; zero: no fee. After a
	// fee, the next is due twelve months later if the card is still unused.
	FeeAfterMonths int `json:"feeAfterMonths,omitempty"`
	// Fees is the maintenance fee per currency, in minor units; a fee never takes a balance below zero.
	Fees map[string]int64 `json:"fees,omitempty"`
	// ExpiryYears after sale, the balance moves to HouseAccount; zero: cards never expire.
	ExpiryYears  int    `json:"expiryYears,omitempty"`
	HouseAccount string `json:"houseAccount,omitempty"`
	// MaxBalance caps a card's balance per currency (anti-money-laundering limits); missing: no cap.
	MaxBalance map[string]int64 `json:"maxBalance,omitempty"`
}

func (p *StoredValuePolicy) validate() error {
	if p.FeeAfterMonths < 0 || p.ExpiryYears < 0 {
		return invalid("storedValuePolicy", "months and years cannot be negative")
	}
	if p.ExpiryYears > 0 && p.HouseAccount == "" {
		return invalid("storedValuePolicy.houseAccount", "expiring cards need a house account")
	}
	for cur, f := range p.Fees {
		if f < 0 {
			return invalid("storedValuePolicy.fees", "fee in "+cur+" is negative")
		}
	}
	return nil
}

// MovementKind is why a card's balance moved.
type MovementKind string

// Movement kinds; a general-ledger export maps each to its accounts.
const (
	MoveSale       MovementKind = "sale"
	MoveLoad       MovementKind = "load"
	MoveRedeem     MovementKind = "redemption"
	MoveFolio      MovementKind = "folio_transfer"
	MovePrepayment MovementKind = "prepayment"
	MoveFee        MovementKind = "fee"
	MoveExpiry     MovementKind = "expiry"
	MoveReissueOut MovementKind = "reissue_out"
	MoveReissueIn  MovementKind = "reissue_in"
)

// Movement is one stored-value posting for the ledger: the card's balance changes by Amount and Counterparty is
// the other side of the double entry.
type Movement struct {
	// Key is the idempotency key: "sv/<card>/<kind>/<request>", or a key derived from the card's state for fees,
	// expiry and reissue, so a retried command posts once.
	Key    string       `json:"key"`
	Card   CardNumber   `json:"card"`
	Kind   MovementKind `json:"kind"`
	Amount money.Money  `json:"amount"` // signed change of the card balance
	// Counterparty is "tender:<tender>", "folio:<id>", "reservation:<id>", "fees", "house:<account>" or
	// "card:<number>".
	Counterparty string    `json:"counterparty"`
	Ref          string    `json:"ref,omitempty"`
	At           time.Time `json:"at"`
	BusinessDate Date      `json:"businessDate"`
}

// Split is how a redemption was paid: the card up to its balance, the remainder by another tender.
type Split struct {
	Card            money.Money `json:"card"`
	Remainder       money.Money `json:"remainder"`
	RemainderTender string      `json:"remainderTender,omitempty"`
}

// CardOutcome is a command's result: the card's new state, the movements to post with it, and for redemptions
// the split. Persist the card and post the movements in one transaction.
type CardOutcome struct {
	Card      Card       `json:"card"`
	Movements []Movement `json:"movements"`
	Split     *Split     `json:"split,omitempty"`
}

// CardCommand is an action on one card; see Sell, Load, Redeem, TransferToFolio, Prepay, ChargeFee and
// ExpireCard.
type CardCommand interface {
	apply(c Card, p *StoredValuePolicy, at Moment) (CardOutcome, error)
}

// Execute validates cmd against the card and the policy and returns the outcome. On error nothing changes: the
// returned outcome holds the card as it was and no movements.
func (c Card) Execute(cmd CardCommand, p StoredValuePolicy, at Moment) (CardOutcome, error) {
	if err := p.validate(); err != nil {
		return CardOutcome{Card: c}, err
	}
	out, err := cmd.apply(c, &p, at)
	if err != nil {
		return CardOutcome{Card: c}, err
	}
	return out, nil
}

// movement builds a movement of amount (signed) for the card.
func (c *Card) movement(kind MovementKind, key string, amount int64, counterparty, ref string, at Moment) Movement {
	return Movement{
		Key: key, Card: c.Number, Kind: kind, Amount: money.Money{Amount: amount, Currency: c.Balance.Currency},
		Counterparty: counterparty, Ref: ref, At: at.UTC(), BusinessDate: at.Today(),
	}
}

func (c *Card) requestKey(kind MovementKind, requestID string) string {
	return "sv/" + string(c.Number) + "/" + string(kind) + "/" + requestID
}

// usable checks the card can be used by its holder today.
func (c *Card) usable(action string, today Date) error {
	if c.Status != CardActive {
		return c.transition(action)
	}
	if c.ExpiresOn != 0 && today > c.ExpiresOn {
		return ErrExpired
	}
	return nil
}

func (c *Card) transition(action string) error {
	return &TransitionError{Entity: "card", ID: c.Number.Masked(), From: string(c.Status), Action: action}
}

// checkAmount requires a positive amount in the card's currency.
func (c *Card) checkAmount(m money.Money) error {
	if m.Amount <= 0 {
		return invalid("amount", "must be positive")
	}
	if m.Currency != c.Balance.Currency {
		return &FieldError{Field: "amount", Problem: m.Currency + " on a " + c.Balance.Currency + " card", Cause: ErrCurrencyMismatch}
	}
	return nil
}

// withinCap checks a credit keeps the balance under the policy's cap.
func (c *Card) withinCap(p *StoredValuePolicy, credit int64) error {
	limit, ok := p.MaxBalance[c.Balance.Currency]
	if !ok {
		return nil
	}
	if credit > limit || c.Balance.Amount > limit-credit {
		return invalid("amount", "the card would exceed its maximum balance")
	}
	return nil
}

func checkRequest(id string) error {
	if id == "" || containsSlash(id) {
		return invalid("requestId", "required, without '/'")
	}
	return nil
}
