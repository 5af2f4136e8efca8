package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/privacy"
	"github.com/hearthcrm/hearth/shared/profile"
	"github.com/hearthcrm/hearth/shared/search"
	"github.com/hearthcrm/hearth/shared/store"
)

// authorizeGuest allows perm if the caller covers the group or any property the guest is known at.
func (s *server) authorizeGuest(r *http.Request, c *call, perm access.Permission, properties []string) error {
	if c.covers(perm, access.Resource{}) {
		return nil
	}
	var last error = fmt.Errorf("%w: %s", errForbidden, access.Decide(c.grants, perm, access.Resource{}).Reason)
	for _, p := range properties {
		if last = s.authorize(r.Context(), c, perm, access.Resource{PropertyID: p}); last == nil {
			return nil
		}
	}
	return last
}

// loadGuest reads a profile and checks perm on it; a missing profile is only reported to group-wide callers.
func (s *server) loadGuest(r *http.Request, c *call, perm access.Permission) (store.StoredProfile, error) {
	sp, err := s.Profiles.Get(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrProfileNotFound) && !c.covers(perm, access.Resource{}) {
		return sp, fmt.Errorf("%w: %s", errForbidden, access.Decide(c.grants, perm, access.Resource{}).Reason)
	}
	if err != nil {
		return sp, err
	}
	return sp, s.authorizeGuest(r, c, perm, sp.Profile.Properties)
}

func (s *server) getProfile(w http.ResponseWriter, r *http.Request, c *call) error {
	sp, err := s.loadGuest(r, c, access.GuestsRead)
	if err != nil {
		return err
	}
	if sp.Profile.VIP != nil && sp.Profile.VIP.Level > 0 {
		c.auditRead, c.auditResource = true, "guest/"+sp.GuestID // VIP profile views are privileged reads
	}
	w.Header().Set("ETag", strconv.Itoa(sp.Version))
	writeJSON(w, http.StatusOK, sp)
	return nil
}

// putProfile creates a profile or replaces it; replacing needs If-Match with the version read, so two editors
// cannot silently overwrite each other.
func (s *server) putProfile(w http.ResponseWriter, r *http.Request, c *call) error {
	raw, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 256<<10))
	if err != nil {
		return errorf("request body: %v", err)
	}
	p, err := profile.Parse(raw)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	before, err := s.Profiles.Get(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrProfileNotFound):
		if err := s.authorizeEvery(r, c, access.GuestsWrite, p.Properties); err != nil {
			return err
		}
		if erased, err := s.Eraser.IsErased(r.Context(), p); err != nil {
			return err
		} else if erased && r.URL.Query().Get("consentGiven") != "true" {
			return fmt.Errorf("%w: this identity was erased; create it again only with the guest's new consent (?consentGiven=true)", errErasedIdentity)
		} else if erased {
			// The guest consented to be known again: PMS messages about them may create them too from now on.
			if err := s.Eraser.Readmit(r.Context(), p); err != nil {
				return err
			}
		}
	case err != nil:
		return err
	default:
		if err := s.authorizeGuest(r, c, access.GuestsWrite, before.Profile.Properties); err != nil {
			return err
		}
		if err := s.authorizeEvery(r, c, access.GuestsWrite, p.Properties); err != nil {
			return err
		}
		if r.Header.Get("If-Match") != strconv.Itoa(before.Version) {
			return fmt.Errorf("%w: send If-Match: %d (the version you read)", errPrecondition, before.Version)
		}
		c.before = before.Profile
	}
	version, err := s.Profiles.Put(r.Context(), id, p, before.Version, nil, s.Now())
	if errors.Is(err, store.ErrVersionConflict) {
		return fmt.Errorf("%w: the profile changed; read it again", errPrecondition)
	}
	if err != nil {
		return err
	}
	if err := s.Search.Index(r.Context(), id, "profile", search.Keys(searchDoc(p)), searchHit(p)); err != nil {
		return fmt.Errorf("index guest %s for search: %w", id, err)
	}
	c.auditResource, c.after = "guest/"+id, p
	w.Header().Set("ETag", strconv.Itoa(version))
	writeJSON(w, http.StatusOK, store.StoredProfile{GuestID: id, Profile: p, Version: version, UpdatedAt: s.Now().UTC()})
	return nil
}

// authorizeEvery requires perm on every listed property (the group if none): nobody files a guest under a property
// they do not cover.
func (s *server) authorizeEvery(r *http.Request, c *call, perm access.Permission, properties []string) error {
	if len(properties) == 0 {
		return s.authorize(r.Context(), c, perm, access.Resource{})
	}
	for _, p := range properties {
		if err := s.authorize(r.Context(), c, perm, access.Resource{PropertyID: p}); err != nil {
			return err
		}
	}
	return nil
}

// exportGuest answers a right-of-access request: everything Hearth holds on the guest, as one JSON document.
func (s *server) exportGuest(w http.ResponseWriter, r *http.Request, c *call) error {
	sp, err := s.loadGuest(r, c, access.PrivacyManage)
	if err != nil && !errors.Is(err, store.ErrProfileNotFound) {
		return err
	}
	id := r.PathValue("id")
	consents, err := s.Consent.History(r.Context(), id)
	if err != nil {
		return err
	}
	evs, err := s.Journal.Guest(r.Context(), id)
	if err != nil {
		return err
	}
	c.auditRead, c.auditResource = true, "guest/"+id+"/export"
	w.Header().Set("Content-Disposition", `attachment; filename="guest-`+id+`.json"`)
	writeJSON(w, http.StatusOK, map[string]any{
		"guestId": id, "exportedAt": s.Now().UTC(), "profile": sp, "consentHistory": consents, "events": evs,
	})
	return nil
}

// requestErasure starts the erasure approval; the privacy function erases once someone else approves.
func (s *server) requestErasure(w http.ResponseWriter, r *http.Request, c *call) error {
	sp, err := s.loadGuest(r, c, access.PrivacyManage)
	if err != nil && !errors.Is(err, store.ErrProfileNotFound) {
		return err
	}
	id := r.PathValue("id")
	payload, _ := json.Marshal(map[string]string{"guestId": id})
	var property string
	if len(sp.Profile.Properties) > 0 {
		property = sp.Profile.Properties[0]
	}
	a, err := s.Approvals.Request(r.Context(), privacy.KindErasure, "erase guest "+id, "", property, c.actor.Email, payload)
	if err != nil {
		return err
	}
	c.auditResource, c.after = "guest/"+id+"/erasure", a
	writeJSON(w, http.StatusAccepted, a)
	return nil
}

func (s *server) profileSchema(w http.ResponseWriter, _ *http.Request, _ *call) error {
	w.Header().Set("Content-Type", "application/schema+json")
	_, err := w.Write(profile.SchemaJSON())
	return err
}

// searchDoc is what a console profile lets the guest be found by.
func searchDoc(p profile.Profile) search.Doc {
	d := search.Doc{Names: []string{strings.Join(strings.Fields(p.Name.First+" "+p.Name.Middle+" "+p.Name.Last), " ")}}
	if p.Name.Preferred != "" {
		d.Names = append(d.Names, p.Name.Preferred+" "+p.Name.Last)
	}
	for _, c := range p.Contacts {
		if c.Type == "email" {
			d.Emails = append(d.Emails, c.Value)
		} else {
			d.Phones = append(d.Phones, c.Value)
		}
	}
	if p.Loyalty != nil && p.Loyalty.Number != "" {
		d.Loyalty = []string{p.Loyalty.Number}
	}
	return d
}

// searchHit is how the guest shows in search results.
func searchHit(p profile.Profile) search.Hit {
	h := search.Hit{Name: strings.TrimSpace(p.Name.First + " " + p.Name.Last), Properties: p.Properties}
	for _, c := range p.Contacts {
		if c.Type == "email" && h.Email == "" {
			h.Email = c.Value
		} else if c.Type != "email" && h.Phone == "" {
			h.Phone = c.Value
		}
	}
	return h
}

// searchGuests finds guests by name (prefix), email, phone, loyalty or reservation number (?q=, ?limit=, 20 by
// default), showing only guests known at a property the caller may read; group-wide readers see every guest.
func (s *server) searchGuests(w http.ResponseWriter, r *http.Request, c *call) error {
	q, err := search.Parse(r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	limit := 20
	if v := r.URL.Query().Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 100 {
			return errorf("limit must be 1 to 100")
		}
	}
	hits, err := s.Search.Find(r.Context(), q, limit*3) // some may be out of the caller's scope
	if err != nil {
		return err
	}
	out := []search.Hit{}
	for _, h := range hits {
		if len(out) < limit && s.canSee(r, c, h.Properties) {
			out = append(out, h)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"guests": out})
	return nil
}

// canSee reports whether the caller may read a guest known at these properties.
func (s *server) canSee(r *http.Request, c *call, properties []string) bool {
	if s.authorize(r.Context(), c, access.GuestsRead, access.Resource{}) == nil {
		return true
	}
	for _, p := range properties {
		if s.authorize(r.Context(), c, access.GuestsRead, access.Resource{PropertyID: p}) == nil {
			return true
		}
	}
	return false
}
