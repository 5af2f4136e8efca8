package loyalty

import (
	"github.com/hearthcrm/hearth/shared/money"
)

// Sell activates a stock card with its first load.
type Sell struct {
	RequestID  string // the sale's transaction id at the till; part of the idempotency key
	Amount     money.Money
	Buyer      string
	Recipient  string // optional
	Tender     string // how the buyer paid: cash, card, folio...
	PropertyID string
}

func (s Sell) apply(c Card, p *StoredValuePolicy, at Moment) (CardOutcome, error) {
	if c.Status != CardStock {
		return CardOutcome{}, c.transition("sell")
	}
	if err := checkRequest(s.RequestID); err != nil {
		return CardOutcome{}, err
	}
	if err := s.Amount.Validate(); err != nil {
		return CardOutcome{}, invalid("amount", err.Error())
	}
	if s.Buyer == "" || s.Tender == "" {
		return CardOutcome{}, invalid("sale", "buyer and tender are required")
	}
	today := at.Today()
	c.Balance = money.Money{Currency: s.Amount.Currency}
	if err := c.checkAmount(s.Amount); err != nil {
		return CardOutcome{}, err
	}
	if err := c.withinCap(p, s.Amount.Amount); err != nil {
		return CardOutcome{}, err
	}
	c.Status, c.Buyer, c.Recipient, c.SoldAtProperty = CardActive, s.Buyer, s.Recipient, s.PropertyID
	c.SoldAt, c.SoldOn, c.LastUsedOn = at.UTC(), today, today
	if p.ExpiryYears > 0 {
		c.ExpiresOn = today.AddYears(p.ExpiryYears)
	}
	mv := c.movement(MoveSale, c.requestKey(MoveSale, s.RequestID), s.Amount.Amount, "tender:"+s.Tender, "", at)
	c.Balance.Amount, c.Loaded = s.Amount.Amount, s.Amount
	return CardOutcome{Card: c, Movements: []Movement{mv}}, nil
}

// Load adds value to an active card (a reload).
type Load struct {
	RequestID string
	Amount    money.Money
	Tender    string
}

func (l Load) apply(c Card, p *StoredValuePolicy, at Moment) (CardOutcome, error) {
	if err := c.usable("load", at.Today()); err != nil {
		return CardOutcome{}, err
	}
	if err := checkRequest(l.RequestID); err != nil {
		return CardOutcome{}, err
	}
	if err := c.checkAmount(l.Amount); err != nil {
		return CardOutcome{}, err
	}
	if l.Tender == "" {
		return CardOutcome{}, invalid("tender", "required")
	}
	if err := c.withinCap(p, l.Amount.Amount); err != nil {
		return CardOutcome{}, err
	}
	mv := c.movement(MoveLoad, c.requestKey(MoveLoad, l.RequestID), l.Amount.Amount, "tender:"+l.Tender, "", at)
	c.Balance.Amount += l.Amount.Amount
	c.Loaded.Amount += l.Amount.Amount
	c.LastUsedOn = at.Today()
	return CardOutcome{Card: c, Movements: []Movement{mv}}, nil
}

// Redeem pays a bill at a POS or the front desk. The card pays up to its balance; with OtherTender set the rest
// is left to that tender (split tender), without it a bill above the balance is refused.
type Redeem struct {
	RequestID   string
	Amount      money.Money // the bill
	Ref         string      // check or folio number
	OtherTender string
}

func (r Redeem) apply(c Card, _ *StoredValuePolicy, at Moment) (CardOutcome, error) {
	if err := c.usable("redeem", at.Today()); err != nil {
		return CardOutcome{}, err
	}
	if err := checkRequest(r.RequestID); err != nil {
		return CardOutcome{}, err
	}
	if err := c.checkAmount(r.Amount); err != nil {
		return CardOutcome{}, err
	}
	pays := min(r.Amount.Amount, c.Balance.Amount)
	if pays <= 0 || (pays < r.Amount.Amount && r.OtherTender == "") {
		return CardOutcome{}, &FieldError{Field: "amount", Problem: "above the card balance", Cause: ErrInsufficientBalance}
	}
	split := &Split{
		Card:      money.Money{Amount: pays, Currency: c.Balance.Currency},
		Remainder: money.Money{Amount: r.Amount.Amount - pays, Currency: c.Balance.Currency},
	}
	if split.Remainder.Amount > 0 {
		split.RemainderTender = r.OtherTender
	}
	mv := c.movement(MoveRedeem, c.requestKey(MoveRedeem, r.RequestID), -pays, "tender:giftcard", r.Ref, at)
	c.Balance.Amount -= pays
	c.LastUsedOn = at.Today()
	return CardOutcome{Card: c, Movements: []Movement{mv}, Split: split}, nil
}

// TransferToFolio moves value to a guest folio at check-in; a zero Amount moves the whole balance.
type TransferToFolio struct {
	RequestID string
	FolioID   string
	Amount    money.Money
}

func (t TransferToFolio) apply(c Card, _ *StoredValuePolicy, at Moment) (CardOutcome, error) {
	if t.FolioID == "" {
		return CardOutcome{}, invalid("folioId", "required")
	}
	return c.debit("transfer to folio", MoveFolio, t.RequestID, t.Amount, "folio:"+t.FolioID, at)
}

// Prepay uses the card as a reservation's prepayment (deposit).
type Prepay struct {
	RequestID     string
	ReservationID string
	Amount        money.Money
}

func (p Prepay) apply(c Card, _ *StoredValuePolicy, at Moment) (CardOutcome, error) {
	if p.ReservationID == "" {
		return CardOutcome{}, invalid("reservationId", "required")
	}
	if p.Amount.Amount == 0 {
		return CardOutcome{}, invalid("amount", "must be positive")
	}
	return c.debit("prepay", MovePrepayment, p.RequestID, p.Amount, "reservation:"+p.ReservationID, at)
}

// debit moves amount (the whole balance when zero) from the card to counterparty, never more than the balance.
func (c Card) debit(action string, kind MovementKind, requestID string, amount money.Money, counterparty string, at Moment) (CardOutcome, error) {
	if err := c.usable(action, at.Today()); err != nil {
		return CardOutcome{}, err
	}
	if err := checkRequest(requestID); err != nil {
		return CardOutcome{}, err
	}
	if amount.Amount == 0 && amount.Currency == "" {
		if c.Balance.Amount <= 0 {
			return CardOutcome{}, &FieldError{Field: "amount", Problem: "the card is empty", Cause: ErrInsufficientBalance}
		}
		amount = c.Balance
	}
	if err := c.checkAmount(amount); err != nil {
		return CardOutcome{}, err
	}
	if amount.Amount > c.Balance.Amount {
		return CardOutcome{}, &FieldError{Field: "amount", Problem: "above the card balance", Cause: ErrInsufficientBalance}
	}
	mv := c.movement(kind, c.requestKey(kind, requestID), -amount.Amount, counterparty, "", at)
	c.Balance.Amount -= amount.Amount
	c.LastUsedOn = at.Today()
	return CardOutcome{Card: c, Movements: []Movement{mv}}, nil
}

// ChargeFee charges the maintenance fee when the policy makes it due (see Card.FeeDue); ErrNotDue otherwise.
type ChargeFee struct{}

func (ChargeFee) apply(c Card, p *StoredValuePolicy, at Moment) (CardOutcome, error) {
	if c.Status != CardActive {
		return CardOutcome{}, c.transition("charge a fee")
	}
	fee, due, ok := c.FeeDue(*p, at.Today())
	if !ok {
		return CardOutcome{}, ErrNotDue
	}
	// The key names the date the fee fell due, so a nightly run repeated on a later day posts it once.
	mv := c.movement(MoveFee, "sv/"+string(c.Number)+"/fee/"+due.String(), -fee.Amount, "fees", "", at)
	c.Balance.Amount -= fee.Amount
	c.LastFeeOn = at.Today()
	return CardOutcome{Card: c, Movements: []Movement{mv}}, nil
}

// FeeDue returns the maintenance fee due today, the date it fell due, and whether one is due: the card is active
// and unexpired with a positive balance, unused for FeeAfterMonths, and not charged in the last twelve months.
// The fee is capped at the balance, so it never makes the balance negative.
func (c Card) FeeDue(p StoredValuePolicy, today Date) (money.Money, Date, bool) {
	if c.Status != CardActive || p.FeeAfterMonths <= 0 || c.Balance.Amount <= 0 || (c.ExpiresOn != 0 && today > c.ExpiresOn) {
		return money.Money{}, 0, false
	}
	fee := p.Fees[c.Balance.Currency]
	if fee <= 0 {
		return money.Money{}, 0, false
	}
	due := max(c.LastUsedOn, c.SoldOn).AddMonths(p.FeeAfterMonths)
	if c.LastFeeOn != 0 {
		due = max(due, c.LastFeeOn.AddMonths(12))
	}
	if today < due {
		return money.Money{}, 0, false
	}
	return money.Money{Amount: min(fee, c.Balance.Amount), Currency: c.Balance.Currency}, due, true
}

// ExpireCard moves the balance of a card past its last day to the policy's house account and marks it expired;
// ErrNotDue before then.
type ExpireCard struct{}

func (ExpireCard) apply(c Card, p *StoredValuePolicy, at Moment) (CardOutcome, error) {
	if c.Status != CardActive {
		return CardOutcome{}, c.transition("expire")
	}
	if c.ExpiresOn == 0 || at.Today() <= c.ExpiresOn {
		return CardOutcome{}, ErrNotDue
	}
	if p.HouseAccount == "" && c.Balance.Amount != 0 {
		return CardOutcome{}, invalid("storedValuePolicy.houseAccount", "required to expire a balance")
	}
	var mvs []Movement
	if c.Balance.Amount != 0 {
		mvs = append(mvs, c.movement(MoveExpiry, "sv/"+string(c.Number)+"/expiry", -c.Balance.Amount, "house:"+p.HouseAccount, "", at))
	}
	c.Balance.Amount = 0
	c.Status = CardExpired
	return CardOutcome{Card: c, Movements: mvs}, nil
}
