package loyalty

// Reissue replaces a lost or damaged card with a card from stock, carrying its balance.
type Reissue struct {
	RequestID string
	Reason    string // "lost", "damaged"
}

// ReissueOutcome is both cards after a reissue and the two movements that carry the balance across.
type ReissueOutcome struct {
	Old       Card
	New       Card
	Movements []Movement
}

// ReissueCard cancels an active card and activates replacement (a stock card) with its balance, buyer,
// recipient, sale date and expiry, so the liability's age and the card's terms are unchanged. The old card is
// blocked at once; its number can no longer be used.
func ReissueCard(old, replacement Card, r Reissue, at Moment) (ReissueOutcome, error) {
	if err := old.usable("reissue", at.Today()); err != nil {
		return ReissueOutcome{Old: old, New: replacement}, err
	}
	if replacement.Status != CardStock {
		return ReissueOutcome{Old: old, New: replacement}, replacement.transition("issue as a replacement")
	}
	if replacement.Number == old.Number {
		return ReissueOutcome{Old: old, New: replacement}, invalid("replacement", "is the same card")
	}
	if r.Reason == "" {
		return ReissueOutcome{Old: old, New: replacement}, invalid("reason", "required")
	}
	n := old
	n.Number, n.Replaces, n.ReplacedBy = replacement.Number, old.Number, ""
	var mvs []Movement
	if b := old.Balance.Amount; b != 0 {
		// Keys name both cards: one reissue of this card to that card posts once, however often it is retried.
		mvs = []Movement{
			old.movement(MoveReissueOut, "sv/"+string(old.Number)+"/reissue/"+string(n.Number), -b, "card:"+string(n.Number), r.Reason, at),
			n.movement(MoveReissueIn, "sv/"+string(n.Number)+"/reissue/"+string(old.Number), b, "card:"+string(old.Number), r.Reason, at),
		}
	}
	old.Status, old.ReplacedBy, old.Balance.Amount = CardCancelled, n.Number, 0
	return ReissueOutcome{Old: old, New: n, Movements: mvs}, nil
}
