package accounts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/guest360"
)

// LinkRecord is one link item a guest holds: their own link to an account (Origin is the guest) or, after a
// merge, the link of a guest merged into them (Origin is that guest).
type LinkRecord struct {
	AccountID string
	Origin    string
	Kind      string
	Role      string
	Since     time.Time
	MergeID   string
}

// StayGuest is the guest a stay through an account was filed for, to link them to it.
type StayGuest struct {
	ID, Name, Role, PropertyID string
	At                         time.Time // when the stay ended: the link's since, if it is new
}

// Store keeps accounts, their history and their links.
type Store interface {
	Get(ctx context.Context, id string) (Account, error)
	GetMany(ctx context.Context, ids []string) (map[string]Account, error)
	// Save writes a (created when old is nil) if the stored version is still old's; ErrConflict if not,
	// ErrCodeTaken when another account has one of its codes.
	Save(ctx context.Context, old *Account, a Account) (Account, error)
	// FindOrCreate returns the account one of keys names (best first), or creates a.
	FindOrCreate(ctx context.Context, a Account, keys []string) (Account, error)
	List(ctx context.Context, kind string) ([]Account, error)
	Search(ctx context.Context, folded string) ([]Account, error)
	// AddStay files a stay in the account's history once (it reports whether it was new) and, with g, links the
	// guest in the same write.
	AddStay(ctx context.Context, a Account, s Stay, g *StayGuest) (bool, error)
	Stays(ctx context.Context, accountID string) ([]Stay, error)
	// StaysAmong returns those of facts (by key and departure) the account holds.
	StaysAmong(ctx context.Context, accountID string, facts []Stay) ([]Stay, error)
	Members(ctx context.Context, accountID string) ([]Member, error)
	Links(ctx context.Context, guestID string) ([]LinkRecord, error)
	Link(ctx context.Context, guestID string, a Account, role, name string, properties []string, at time.Time) error
	Unlink(ctx context.Context, guestID, accountID string) error
}

// Visits reads a guest's Guest 360 visits (a household's history is its members' stays).
type Visits interface {
	Visits(ctx context.Context, guestID string) ([]guest360.Visit, error)
}

// Service runs accounts over a store.
type Service struct {
	store  Store
	visits Visits
	now    func() time.Time
}

// NewService returns the service.
func NewService(s Store, v Visits, now func() time.Time) *Service {
	return &Service{store: s, visits: v, now: now}
}

// pmsRoles are the roles a stay booked through an account gives its guest.
var pmsRoles = map[string]string{KindCompany: RoleTraveller, KindAgency: RoleClient}

// Reservation finds or creates the accounts a reservation was booked through, so they exist (and can be searched)
// before the stay ends.
func (s *Service) Reservation(ctx context.Context, env events.Envelope, d events.ReservationUpserted) error {
	for kind, snap := range snapshots(d.Company, d.TravelAgent) {
		if _, err := s.findOrCreate(ctx, kind, d.Source.System, *snap); err != nil {
			return err
		}
	}
	return nil
}

// CheckOut files a checked-out stay in the history of each account it was booked through, once however often it
// is delivered, and links its guest (when matched) as traveller of the company and client of the agency.
func (s *Service) CheckOut(ctx context.Context, env events.Envelope, d events.StayCheckedOut) error {
	v := guest360.VisitFromStay(env, d)
	for kind, snap := range snapshots(d.Company, d.TravelAgent) {
		a, err := s.findOrCreate(ctx, kind, d.Source.System, *snap)
		if err != nil {
			return err
		}
		var g *StayGuest
		if env.GuestID != "" {
			g = &StayGuest{ID: env.GuestID, Name: strings.TrimSpace(d.Guest.FirstName + " " + d.Guest.LastName), Role: pmsRoles[kind], PropertyID: env.PropertyID, At: env.OccurredAt}
		}
		if _, err := s.store.AddStay(ctx, a, StayFromVisit(v, env.GuestID), g); err != nil {
			return fmt.Errorf("file stay %s under account %s: %w", d.StayID, a.ID, err)
		}
	}
	return nil
}

func snapshots(company, agent *events.AccountSnapshot) map[string]*events.AccountSnapshot {
	out := map[string]*events.AccountSnapshot{}
	if company != nil {
		out[KindCompany] = company
	}
	if agent != nil {
		out[KindAgency] = agent
	}
	return out
}

func (s *Service) findOrCreate(ctx context.Context, kind, system string, snap events.AccountSnapshot) (Account, error) {
	a, keys := FromSnapshot(kind, system, snap, s.now())
	if err := a.Normalise(); err != nil {
		return Account{}, fmt.Errorf("%w: account from %s: %v", events.ErrInvalid, system, err)
	}
	found, err := s.store.FindOrCreate(ctx, a, keys)
	if err != nil || found.Address != nil || a.Address == nil {
		return found, err
	}
	// A later message with the address the first lacked fills it in; what people typed is never overwritten.
	filled := found
	filled.Address, filled.UpdatedAt = a.Address, s.now().UTC()
	saved, err := s.store.Save(ctx, &found, filled)
	if errors.Is(err, ErrConflict) {
		return found, nil // edited meanwhile: theirs stands
	}
	return saved, err
}

// Put creates or updates an account by hand; it reports whether it was created. The kind of an account never
// changes (its members' roles depend on it).
func (s *Service) Put(ctx context.Context, id string, in Account, by string) (Account, bool, error) {
	in.ID = id
	if err := in.Normalise(); err != nil {
		return Account{}, false, err
	}
	now := s.now().UTC()
	old, err := s.store.Get(ctx, id)
	switch {
	case errors.Is(err, ErrUnknownAccount):
		in.CreatedAt, in.UpdatedAt, in.CreatedBy, in.Version = now, now, by, 0
		a, err := s.store.Save(ctx, nil, in)
		return a, true, err
	case err != nil:
		return Account{}, false, err
	}
	if in.Kind != old.Kind {
		return Account{}, false, &FieldError{Field: "kind", Problem: fmt.Sprintf("is %s; an account's kind does not change", old.Kind)}
	}
	in.CreatedAt, in.CreatedBy, in.UpdatedAt, in.Version = old.CreatedAt, old.CreatedBy, now, old.Version
	a, err := s.store.Save(ctx, &old, in)
	return a, false, err
}

// Find lists accounts of a kind ("" for all), or those whose name words or codes begin with q (accents and case
// ignored), by name.
func (s *Service) Find(ctx context.Context, q, kind string) ([]Account, error) {
	if kind != "" && !slices.Contains(Kinds(), kind) {
		return nil, &FieldError{Field: "kind", Problem: fmt.Sprintf("%q is not company, agency or household", kind)}
	}
	if strings.TrimSpace(q) == "" {
		return s.store.List(ctx, kind)
	}
	folded := Fold(q)
	if len([]rune(folded)) < 2 {
		return nil, &FieldError{Field: "q", Problem: "needs at least two letters or digits"}
	}
	found, err := s.store.Search(ctx, folded)
	if err != nil {
		return nil, err
	}
	out := found[:0]
	for _, a := range found {
		if kind == "" || a.Kind == kind {
			out = append(out, a)
		}
	}
	return out, nil
}

// View is an account with its figures, as a reader sees it.
type View struct {
	Account Account         `json:"account"`
	Stats   Stats           `json:"stats"`
	Members []MemberFigures `json:"members"`
}

// View reads an account with the history and members visible to the reader: only stays at properties visible
// says yes to count, and only members with a link or a stay at such a property are listed.
func (s *Service) View(ctx context.Context, id string, visible func(propertyID string) bool) (View, error) {
	a, err := s.store.Get(ctx, id)
	if err != nil {
		return View{}, err
	}
	members, err := s.store.Members(ctx, id)
	if err != nil {
		return View{}, err
	}
	stays, err := s.history(ctx, a, members)
	if err != nil {
		return View{}, err
	}
	stays = Filter(stays, visible)
	shown := members[:0]
	for _, m := range members {
		if slices.ContainsFunc(m.Properties, visible) || slices.ContainsFunc(stays, func(st Stay) bool { return slices.Contains(m.Origins, st.GuestID) }) {
			shown = append(shown, m)
		}
	}
	return View{Account: a, Stats: Summarise(stays), Members: Members(shown, stays)}, nil
}

// History is an account's stays visible to the reader, latest first.
func (s *Service) History(ctx context.Context, id string, visible func(propertyID string) bool) ([]Stay, error) {
	a, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	var members []Member
	if a.Kind == KindHousehold {
		if members, err = s.store.Members(ctx, id); err != nil {
			return nil, err
		}
	}
	stays, err := s.history(ctx, a, members)
	return Filter(stays, visible), err
}

// history is a company's or agency's stays booked through it, or a household's members' stays.
func (s *Service) history(ctx context.Context, a Account, members []Member) ([]Stay, error) {
	if a.Kind != KindHousehold {
		return s.store.Stays(ctx, a.ID)
	}
	visits := map[string][]guest360.Visit{}
	for _, m := range members {
		v, err := s.visits.Visits(ctx, m.GuestID)
		if err != nil {
			return nil, err
		}
		visits[m.GuestID] = v
	}
	return HouseholdStays(visits), nil
}

// LinkGuest links a guest to an account with a role (again: changes the role). A guest is in one household at
// most.
func (s *Service) LinkGuest(ctx context.Context, guestID, accountID, role, name string, properties []string) (Account, error) {
	a, err := s.store.Get(ctx, accountID)
	if err != nil {
		return Account{}, err
	}
	if err := ValidRole(a.Kind, role); err != nil {
		return Account{}, err
	}
	if a.Kind == KindHousehold {
		held, err := s.store.Links(ctx, guestID)
		if err != nil {
			return Account{}, err
		}
		for _, l := range held {
			if l.Kind == KindHousehold && l.AccountID != a.ID && l.Origin == guestID {
				return Account{}, fmt.Errorf("%w: guest %s is in household %s; unlink them first", ErrOneHousehold, guestID, l.AccountID)
			}
		}
	}
	return a, s.store.Link(ctx, guestID, a, role, name, properties, s.now())
}

// UnlinkGuest removes a guest's link to an account (and the links of guests merged into them).
func (s *Service) UnlinkGuest(ctx context.Context, guestID, accountID string) error {
	if _, err := s.store.Get(ctx, accountID); err != nil {
		return err
	}
	return s.store.Unlink(ctx, guestID, accountID)
}

// GuestLinks is what Guest 360 shows of a guest's accounts, households first: each account once (whether the
// guest's own link or a merged guest's), with the stays through it and their share of the guest's own revenue
// (from visits, the guest's Guest 360 history), both at the properties visible says yes to.
func (s *Service) GuestLinks(ctx context.Context, guestID string, visits []guest360.Visit, visible func(propertyID string) bool) ([]Link, error) {
	held, err := s.store.Links(ctx, guestID)
	if err != nil || len(held) == 0 {
		return []Link{}, err
	}
	byAccount := map[string][]LinkRecord{}
	var ids []string
	for _, l := range held {
		if _, ok := byAccount[l.AccountID]; !ok {
			ids = append(ids, l.AccountID)
		}
		byAccount[l.AccountID] = append(byAccount[l.AccountID], l)
	}
	accts, err := s.store.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	var own []guest360.Visit
	for _, v := range visits {
		if visible(v.PropertyID) {
			own = append(own, v)
		}
	}
	guestRevenue := Totals(guest360.Summarise(own).Revenue)
	var ownStays []Stay
	for _, v := range own {
		if v.Kind == "stay" {
			ownStays = append(ownStays, StayFromVisit(v, guestID))
		}
	}
	out := make([]Link, 0, len(ids))
	for _, id := range ids {
		a, ok := accts[id]
		if !ok {
			continue // removed meanwhile
		}
		recs := byAccount[id]
		role, since := recs[0].Role, recs[0].Since
		origins := []string{guestID}
		for _, r := range recs {
			if r.Origin == guestID {
				role = r.Role // the guest's own role wins over a merged guest's
			}
			if r.Since.Before(since) {
				since = r.Since
			}
			if !slices.Contains(origins, r.Origin) {
				origins = append(origins, r.Origin)
			}
		}
		var stays []Stay
		if a.Kind == KindHousehold {
			stays = HouseholdStays(map[string][]guest360.Visit{guestID: own})
		} else if stays, err = s.store.StaysAmong(ctx, id, ownStays); err != nil { // the guest's, not the account's whole history
			return nil, err
		}
		out = append(out, GuestLink(a, role, since, origins, Filter(stays, visible), guestRevenue))
	}
	SortLinks(out)
	return out, nil
}
