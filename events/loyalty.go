package events

import "errors"

// PointsPosted says a ledger entry was posted to a member account.
type PointsPosted struct {
	AccountID string `json:"accountId"`
	EntryID   string `json:"entryId"`
	Points    int64  `json:"points"`  // signed: earn > 0, burn/expiry < 0
	Balance   int64  `json:"balance"` // balance after the entry
	Reason    string `json:"reason"`  // stay, spend, bonus, adjustment, expiry, redemption, merge, unmerge
	ExpiresOn string `json:"expiresOn,omitempty"`
}

// EventType implements Detail.
func (PointsPosted) EventType() string { return TypePointsPosted }

// EventVersion implements Detail.
func (PointsPosted) EventVersion() int { return 1 }

func (d PointsPosted) validate() error {
	if d.AccountID == "" || d.EntryID == "" || d.Reason == "" {
		return errors.New("accountId, entryId and reason are required")
	}
	return nil
}

// TierChanged says a member moved between tiers.
type TierChanged struct {
	AccountID     string `json:"accountId"`
	From          string `json:"from"`
	To            string `json:"to"`
	Reason        string `json:"reason"` // qualified, downgraded, manual, merge
	EffectiveFrom string `json:"effectiveFrom"`
}

// EventType implements Detail.
func (TierChanged) EventType() string { return TypeTierChanged }

// EventVersion implements Detail.
func (TierChanged) EventVersion() int { return 1 }

func (d TierChanged) validate() error {
	if d.AccountID == "" || d.To == "" {
		return errors.New("accountId and to are required")
	}
	return nil
}
