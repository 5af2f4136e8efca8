package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/giftcards"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/money"
)

// cardNumber reads the card number in the path, as typed or swiped.
func cardNumber(r *http.Request) (loyalty.CardNumber, error) {
	return loyalty.ParseCardNumber(r.PathValue("number"))
}

// cardOp is the body every till or front-desk operation on a card sends: where it happens (authorized on that
// property) and the till's transaction id, which makes a retried request apply once.
type cardOp struct {
	PropertyID    string      `json:"propertyId"`
	RequestID     string      `json:"requestId"`
	Amount        money.Money `json:"amount"`
	Tender        string      `json:"tender,omitempty"`
	Buyer         string      `json:"buyer,omitempty"`
	Recipient     string      `json:"recipient,omitempty"`
	Reference     string      `json:"reference,omitempty"`     // check or folio number of a redemption
	OtherTender   string      `json:"otherTender,omitempty"`   // pays what the card cannot (split tender)
	FolioID       string      `json:"folioId,omitempty"`       // folio transfers
	ReservationID string      `json:"reservationId,omitempty"` // prepayments
}

// cardCommand runs one operation on a card: op builds the engine's command from the body.
func (s *server) cardCommand(kind loyalty.MovementKind, build func(cardOp) loyalty.CardCommand) handler {
	return func(w http.ResponseWriter, r *http.Request, c *call) error {
		n, err := cardNumber(r)
		if err != nil {
			return err
		}
		var op cardOp
		if err := decodeBody(r, &op); err != nil {
			return err
		}
		if op.PropertyID == "" || op.RequestID == "" {
			return errorf("propertyId and requestId are required")
		}
		if err := s.authorize(r.Context(), c, access.StoredValueWrite, access.Resource{PropertyID: op.PropertyID}); err != nil {
			return err
		}
		res, err := s.GiftCards.Execute(r.Context(), n, build(op), "sv/"+string(n)+"/"+string(kind)+"/"+op.RequestID)
		if err != nil {
			return err
		}
		c.auditResource, c.after = "giftcard/"+n.Masked()+"/"+string(kind), op
		res.Moves = nonNil(res.Moves)
		writeJSON(w, http.StatusOK, res)
		return nil
	}
}

func (s *server) sellCard() handler {
	return s.cardCommand(loyalty.MoveSale, func(op cardOp) loyalty.CardCommand {
		return loyalty.Sell{RequestID: op.RequestID, Amount: op.Amount, Buyer: op.Buyer, Recipient: op.Recipient, Tender: op.Tender, PropertyID: op.PropertyID}
	})
}

func (s *server) loadCard() handler {
	return s.cardCommand(loyalty.MoveLoad, func(op cardOp) loyalty.CardCommand {
		return loyalty.Load{RequestID: op.RequestID, Amount: op.Amount, Tender: op.Tender}
	})
}

func (s *server) redeemCard() handler {
	return s.cardCommand(loyalty.MoveRedeem, func(op cardOp) loyalty.CardCommand {
		return loyalty.Redeem{RequestID: op.RequestID, Amount: op.Amount, Ref: op.Reference, OtherTender: op.OtherTender}
	})
}

func (s *server) cardToFolio() handler {
	return s.cardCommand(loyalty.MoveFolio, func(op cardOp) loyalty.CardCommand {
		return loyalty.TransferToFolio{RequestID: op.RequestID, FolioID: op.FolioID, Amount: op.Amount}
	})
}

func (s *server) prepayWithCard() handler {
	return s.cardCommand(loyalty.MovePrepayment, func(op cardOp) loyalty.CardCommand {
		return loyalty.Prepay{RequestID: op.RequestID, ReservationID: op.ReservationID, Amount: op.Amount}
	})
}

// reissueCard cancels a lost or damaged card and moves its balance to a card from stock.
func (s *server) reissueCard(w http.ResponseWriter, r *http.Request, c *call) error {
	n, err := cardNumber(r)
	if err != nil {
		return err
	}
	var in struct {
		PropertyID  string `json:"propertyId"`
		RequestID   string `json:"requestId"`
		Replacement string `json:"replacement"`
		Reason      string `json:"reason"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if err := s.authorize(r.Context(), c, access.StoredValueWrite, access.Resource{PropertyID: in.PropertyID}); err != nil {
		return err
	}
	repl, err := loyalty.ParseCardNumber(in.Replacement)
	if err != nil {
		return err
	}
	out, err := s.GiftCards.Reissue(r.Context(), n, repl, loyalty.Reissue{RequestID: in.RequestID, Reason: in.Reason})
	if err != nil {
		return err
	}
	c.auditResource, c.after = "giftcard/"+n.Masked()+"/reissue", map[string]string{"replacement": repl.Masked(), "reason": in.Reason}
	// In the API's own camelCase shape (the engine's outcome has no JSON names); a repeated reissue moved nothing now.
	writeJSON(w, http.StatusOK, map[string]any{"old": out.Old, "new": out.New, "movements": nonNil(out.Movements)})
	return nil
}

// addCardStock records a print run of pre-encoded cards.
func (s *server) addCardStock(w http.ResponseWriter, r *http.Request, c *call) error {
	var in struct {
		Numbers []string `json:"numbers"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	created, err := s.GiftCards.AddStock(r.Context(), in.Numbers)
	if err != nil {
		return err
	}
	c.auditResource, c.after = "giftcards/stock", map[string]int{"submitted": len(in.Numbers), "created": created}
	writeJSON(w, http.StatusCreated, map[string]int{"submitted": len(in.Numbers), "created": created})
	return nil
}

// card shows a card with its balance and transactions.
func (s *server) card(w http.ResponseWriter, r *http.Request, _ *call) error {
	n, err := cardNumber(r)
	if err != nil {
		return err
	}
	card, err := s.GiftCards.Card(r.Context(), n)
	if err != nil {
		return err
	}
	tx, err := s.GiftCards.Transactions(r.Context(), n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"card": card, "transactions": nonNil(tx)}) // a stock card has none
	return nil
}

// findCards answers an enquiry by number, buyer or recipient, a page at a time in card number order: a corporate
// buyer can hold thousands of cards.
func (s *server) findCards(w http.ResponseWriter, r *http.Request, _ *call) error {
	page, err := readPage(r, "giftcards")
	if err != nil {
		return err
	}
	q := loyalty.CardQuery{Buyer: r.URL.Query().Get("buyer"), Recipient: r.URL.Query().Get("recipient")}
	if raw := r.URL.Query().Get("number"); raw != "" {
		n, err := loyalty.ParseCardNumber(raw)
		if err != nil {
			return err
		}
		q.Number = n
	}
	if q == (loyalty.CardQuery{}) {
		return errorf("give a number, buyer or recipient to search by")
	}
	cards, err := s.GiftCards.Find(r.Context(), q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, paginate(cards, func(c loyalty.Card) string { return string(c.Number) }, page))
	return nil
}

// cardLiability is the outstanding stored value, sorted by age or balance.
func (s *server) cardLiability(w http.ResponseWriter, r *http.Request, _ *call) error {
	by := loyalty.LiabilitySort(r.URL.Query().Get("sort"))
	switch by {
	case "":
		by = loyalty.ByAge
	case loyalty.ByAge, loyalty.ByBalance:
	default:
		return errorf("sort must be age or balance")
	}
	l, err := s.GiftCards.Liability(r.Context(), by)
	if err != nil {
		return err
	}
	l.Rows, l.Totals = nonNil(l.Rows), nonNil(l.Totals) // no outstanding cards: empty lists, not null
	writeJSON(w, http.StatusOK, l)
	return nil
}

// topCardBuyers lists the buyers who loaded the most (?limit=, default 20).
func (s *server) topCardBuyers(w http.ResponseWriter, r *http.Request, _ *call) error {
	n := 20
	if raw := r.URL.Query().Get("limit"); raw != "" {
		v, err := strconv.Atoi(raw)
		if err != nil || v < 1 || v > 1000 {
			return errorf("limit must be 1 to 1000")
		}
		n = v
	}
	top, err := s.GiftCards.TopBuyers(r.Context(), n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"buyers": nonNil(top)})
	return nil
}

// exportCardGL writes a business day's stored-value movements, with their double entry, to the exports bucket.
func (s *server) exportCardGL(w http.ResponseWriter, r *http.Request, c *call) error {
	var day loyalty.Date
	if err := day.UnmarshalText([]byte(r.PathValue("day"))); err != nil {
		return errorf("day must be YYYY-MM-DD")
	}
	moves, err := s.GiftCards.Movements(r.Context(), day)
	if err != nil {
		return err
	}
	key := "gl/giftcards/" + day.String() + ".csv"
	if err := s.Blobs.Put(r.Context(), topology.BucketExports, key, giftcards.GLExport(moves), "text/csv"); err != nil {
		return err
	}
	c.auditResource, c.auditRead = "exports/"+key, true
	writeJSON(w, http.StatusCreated, map[string]any{"bucket": topology.BucketExports, "key": key, "rows": len(moves)})
	return nil
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// creditCard credits a card by hand (goodwill, a correction): within the caller's limit at once, above it after a
// second person approves.
func (s *server) creditCard(w http.ResponseWriter, r *http.Request, c *call) error {
	n, err := cardNumber(r)
	if err != nil {
		return err
	}
	var in struct {
		PropertyID string      `json:"propertyId"`
		RequestID  string      `json:"requestId"`
		Amount     money.Money `json:"amount"`
		Reason     string      `json:"reason"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if err := s.authorize(r.Context(), c, access.StoredValueWrite, access.Resource{PropertyID: in.PropertyID}); err != nil {
		return err
	}
	if in.Amount.Amount > giftcards.CreditLimit(roles(c)) {
		raw, _ := json.Marshal(giftcards.Credit{Card: n, Amount: in.Amount, Reason: in.Reason})
		a, err := s.Approvals.Request(r.Context(), giftcards.KindCredit, "credit "+n.Masked()+" with "+strconv.FormatInt(in.Amount.Amount, 10)+" "+in.Amount.Currency+": "+in.Reason,
			c.resource.BrandID, in.PropertyID, c.actor.Email, raw)
		if err != nil {
			return err
		}
		c.auditResource, c.after = "giftcard/"+n.Masked()+"/credit", a
		writeJSON(w, http.StatusAccepted, map[string]any{"status": "pending_approval", "approval": a})
		return nil
	}
	res, err := s.GiftCards.Goodwill(r.Context(), n, in.Amount, in.RequestID)
	if err != nil {
		return err
	}
	c.auditResource, c.after = "giftcard/"+n.Masked()+"/credit", map[string]any{"amount": in.Amount, "reason": in.Reason}
	writeJSON(w, http.StatusOK, res)
	return nil
}
