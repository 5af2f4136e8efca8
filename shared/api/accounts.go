package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/accounts"
	"github.com/hearthcrm/hearth/shared/guest360"
	"github.com/hearthcrm/hearth/shared/store"
)

// Accounts are group-wide: anyone who may read (or write) guests somewhere may find, read and edit them. Their
// figures are not: a property-scoped reader sees only the stays at the properties they are granted, and only the
// members known there.

// accountSummary is an account in a list.
type accountSummary struct {
	ID    string          `json:"id"`
	Kind  string          `json:"kind"`
	Name  string          `json:"name"`
	Codes []accounts.Code `json:"codes"`
	City  string          `json:"city,omitempty"`
}

// listAccounts finds accounts by name prefix (any word, accents and case ignored) or code (?q=), of a kind
// (?kind=), by name, a page at a time.
func (s *server) listAccounts(w http.ResponseWriter, r *http.Request, c *call) error {
	q, err := readPage(r, "accounts")
	if err != nil {
		return err
	}
	found, err := s.Accounts.Find(r.Context(), r.URL.Query().Get("q"), r.URL.Query().Get("kind"))
	if err != nil {
		return err
	}
	// Pointers: paginate's generic sort is then the one every pointer list shares, not one more in the binary.
	items := make([]*accountSummary, len(found))
	for i, a := range found {
		items[i] = &accountSummary{ID: a.ID, Kind: a.Kind, Name: a.Name, Codes: a.Codes}
		if a.Address != nil {
			items[i].City = a.Address.City
		}
	}
	writeJSON(w, http.StatusOK, paginate(items, func(a *accountSummary) string { return accounts.SortKey(accounts.Account{ID: a.ID, Name: a.Name}) }, q))
	return nil
}

// putAccount creates or updates an account by hand (households always; companies and agencies too).
func (s *server) putAccount(w http.ResponseWriter, r *http.Request, c *call) error {
	var in struct {
		Kind    string            `json:"kind"`
		Name    string            `json:"name"`
		Codes   []accounts.Code   `json:"codes"`
		Address *accounts.Address `json:"address"`
		Notes   string            `json:"notes"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	id := r.PathValue("id")
	a, created, err := s.Accounts.Put(r.Context(), id, accounts.Account{Kind: in.Kind, Name: in.Name, Codes: in.Codes, Address: in.Address, Notes: in.Notes}, c.actor.Email)
	if err != nil {
		return err
	}
	c.auditResource, c.after = "account/"+id, a
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, a)
	return nil
}

// getAccount shows an account, its statistics and its members with their share of its revenue.
func (s *server) getAccount(w http.ResponseWriter, r *http.Request, c *call) error {
	v, err := s.Accounts.View(r.Context(), r.PathValue("id"), s.visibleProperties(r.Context(), c))
	if err != nil {
		return err
	}
	if v.Members == nil {
		v.Members = []accounts.MemberFigures{}
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// accountStays pages through an account's history, latest departure first.
func (s *server) accountStays(w http.ResponseWriter, r *http.Request, c *call) error {
	q, err := readPage(r, "account/stays")
	if err != nil {
		return err
	}
	stays, err := s.Accounts.History(r.Context(), r.PathValue("id"), s.visibleProperties(r.Context(), c))
	if err != nil {
		return err
	}
	ptrs := make([]*accounts.Stay, len(stays))
	for i := range stays {
		ptrs[i] = &stays[i]
	}
	p := paginate(ptrs, latestFirst, q)
	writeJSON(w, http.StatusOK, map[string]any{"accountId": r.PathValue("id"), "items": p.Items, "nextCursor": p.NextCursor})
	return nil
}

// latestFirst orders stays by departure, latest first: the date's digits complemented sort in reverse.
func latestFirst(st *accounts.Stay) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '9' - r + '0'
		}
		return r
	}, st.Departure) + "#" + st.Key
}

// linkGuest links the guest in the path to an account with a role (again: changes the role).
func (s *server) linkGuest(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.authorizeGuestID(r, c, access.GuestsWrite); err != nil {
		return err
	}
	var in struct {
		AccountID string `json:"accountId"`
		Role      string `json:"role"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	id := r.PathValue("id")
	name, properties, err := s.guestName(r.Context(), id)
	if err != nil {
		return err
	}
	a, err := s.Accounts.LinkGuest(r.Context(), id, in.AccountID, in.Role, name, properties)
	if err != nil {
		return err
	}
	out := map[string]any{"guestId": id, "accountId": a.ID, "kind": a.Kind, "name": a.Name, "role": in.Role}
	c.auditResource, c.after = "guest/"+id+"/links/"+a.ID, out
	writeJSON(w, http.StatusOK, out)
	return nil
}

// unlinkGuest removes the guest's link to an account (and those of guests merged into them).
func (s *server) unlinkGuest(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.authorizeGuestID(r, c, access.GuestsWrite); err != nil {
		return err
	}
	id, accountID := r.PathValue("id"), r.PathValue("accountId")
	if err := s.Accounts.UnlinkGuest(r.Context(), id, accountID); err != nil {
		return err
	}
	out := map[string]any{"guestId": id, "accountId": accountID, "unlinked": true}
	c.auditResource, c.after = "guest/"+id+"/links/"+accountID, out
	writeJSON(w, http.StatusOK, out)
	return nil
}

// guestLinks is what Guest 360 shows of the guest's accounts.
func (s *server) guestLinks(ctx context.Context, c *call, guestID string, visits []guest360.Visit) ([]accounts.Link, error) {
	return s.Accounts.GuestLinks(ctx, guestID, visits, s.visibleProperties(ctx, c))
}

// guestName is how an account's member list names a guest linked by hand (the console profile, else matching's
// golden record), and the properties that know them.
func (s *server) guestName(ctx context.Context, id string) (string, []string, error) {
	sp, err := s.Profiles.Get(ctx, id)
	switch {
	case err == nil:
		return strings.TrimSpace(sp.Profile.Name.First + " " + sp.Profile.Name.Last), sp.Profile.Properties, nil
	case !errors.Is(err, store.ErrProfileNotFound):
		return "", nil, err
	}
	if g, err := s.Matcher.Guest(ctx, id); err == nil {
		sum := g.Summary()
		return strings.TrimSpace(sum.FirstName + " " + sum.LastName), nil, nil
	}
	return "", nil, nil
}

// visibleProperties says which properties' figures the caller may see: every one for group-wide readers, else
// those their grants cover (brand grants through the property's brand).
func (s *server) visibleProperties(ctx context.Context, c *call) func(propertyID string) bool {
	if c.covers(access.GuestsRead, access.Resource{}) {
		return func(string) bool { return true }
	}
	seen := map[string]bool{}
	return func(propertyID string) bool {
		if v, ok := seen[propertyID]; ok {
			return v
		}
		v := false
		if p, err := s.Hierarchy.Property(ctx, propertyID); err == nil {
			v = c.covers(access.GuestsRead, access.Resource{BrandID: p.BrandID, PropertyID: p.ID})
		}
		seen[propertyID] = v
		return v
	}
}
