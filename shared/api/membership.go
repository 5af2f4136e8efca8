package api

import (
	"errors"
	"net/http"
	"sort"
	"time"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/store"
)

// authorizeGuestID checks perm on a guest: on the properties of their console profile, or group-wide when they
// have none (a guest known only from PMS messages).
func (s *server) authorizeGuestID(r *http.Request, c *call, perm access.Permission) error {
	return s.authorizeGuestOf(r, c, perm, r.PathValue("id"))
}

// authorizeGuestOf is authorizeGuestID for a guest named elsewhere than the path.
func (s *server) authorizeGuestOf(r *http.Request, c *call, perm access.Permission, guestID string) error {
	sp, err := s.Profiles.Get(r.Context(), guestID)
	if errors.Is(err, store.ErrProfileNotFound) {
		return s.authorize(r.Context(), c, perm, access.Resource{})
	}
	if err != nil {
		return err
	}
	return s.authorizeGuest(r, c, perm, sp.Profile.Properties)
}

// enrol makes the guest a loyalty member (idempotent: enrolling a member again returns the membership).
func (s *server) enrol(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.authorizeGuestID(r, c, access.GuestsWrite); err != nil {
		return err
	}
	m, err := s.Rewards.Enrol(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	c.auditResource, c.after = "guest/"+r.PathValue("id")+"/membership", m
	writeJSON(w, http.StatusCreated, m)
	return nil
}

// membership shows the member, their points (available, pending, total) and the statement.
func (s *server) membership(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.authorizeGuestID(r, c, access.GuestsRead); err != nil {
		return err
	}
	m, a, err := s.Rewards.Member(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	entries, err := s.Ledger.Statement(r.Context(), a.ID)
	if err != nil {
		return err
	}
	tier, err := s.Rewards.Tier(r.Context(), m)
	if err != nil {
		return err
	}
	tier.Benefits = nonNil(tier.Benefits)
	now := s.Now()
	writeJSON(w, http.StatusOK, map[string]any{
		"member": m, "account": a.ID, "balance": a.Balance, "available": a.Available(now), "pending": a.Pending(now),
		"tier": tier, "expiringSoon": expiringSoon(a, now), "statement": entries,
	})
	return nil
}

// expiringSoonDays is how far ahead the membership shows expiring points.
const expiringSoonDays = 90

// expiringSoon sums the account's lots expiring within expiringSoonDays by date, soonest first.
func expiringSoon(a ledger.Account, now time.Time) []map[string]any {
	by := map[string]int64{}
	for _, l := range a.Due(now.AddDate(0, 0, expiringSoonDays).Format(time.DateOnly)) {
		by[l.ExpiresOn] += l.Remaining
	}
	days := make([]string, 0, len(by))
	for d := range by {
		days = append(days, d)
	}
	sort.Strings(days)
	out := make([]map[string]any, 0, len(days))
	for _, d := range days {
		out = append(out, map[string]any{"expiresOn": d, "points": by[d]})
	}
	return out
}
