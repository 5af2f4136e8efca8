package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/privacy"
	"github.com/hearthcrm/hearth/shared/profile"
)

var _ privacy.Matches = (*MatchStore)(nil)

// Forget removes what matching keeps about an erased guest: the identity key items (whose keys are the personal
// values themselves) are deleted, the source lineage (which holds the messages' snapshots) is deleted, the
// golden record keeps only its id, version and sources' count, so a merged id still redirects, and the merges it
// survived keep who was merged and when, without its golden record from before them. Idempotent.
func (s *MatchStore) Forget(ctx context.Context, guestID string) error {
	g, ok, err := s.golden(ctx, guestID)
	if err != nil || !ok {
		return err
	}
	if err := s.forgetMerges(ctx, guestID); err != nil {
		return err
	}
	for _, key := range g.Keys {
		if err := s.table.Delete("pk", keyPK(key)).Range("sk", "GUESTS").Run(ctx); err != nil {
			return fmt.Errorf("forget %s: key: %w", guestID, err)
		}
	}
	for _, src := range g.Sources() {
		// The lineage holds the messages' snapshots; the stated preferences may hold health data (allergies).
		for _, sk := range []string{lineageSK, prefsSK} {
			if err := s.table.Delete("pk", lineagePK(src)).Range("sk", sk).Run(ctx); err != nil {
				return fmt.Errorf("forget %s: %s: %w", guestID, sk, err)
			}
		}
	}
	tomb := matching.Golden{GuestID: g.GuestID, Version: g.Version, CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt, MergedInto: g.MergedInto, MergeID: g.MergeID}
	doc, err := json.Marshal(tomb)
	if err != nil {
		return err
	}
	return s.table.Update("pk", guestPK(guestID)).Range("sk", "GOLDEN").Set("Doc", string(doc)).Run(ctx)
}

// Identities implements privacy.Matches.
func (s *MatchStore) Identities(ctx context.Context, guestID string) ([]profile.Profile, error) {
	g, ok, err := s.golden(ctx, guestID)
	if err != nil || !ok {
		return nil, err
	}
	return identities(g), nil
}

// golden reads a guest's own golden record (not a redirect to the guest it was merged into).
func (s *MatchStore) golden(ctx context.Context, guestID string) (matching.Golden, bool, error) {
	goldens, err := s.Goldens(ctx, []string{guestID})
	if err != nil {
		return matching.Golden{}, false, fmt.Errorf("golden %s: %w", guestID, err)
	}
	g, ok := goldens[guestID]
	return g, ok && g.GuestID == guestID, nil
}

// identities turns the golden record's names, emails and phones into profiles for tombstoning and scrubbing.
func identities(g matching.Golden) []profile.Profile {
	var out []profile.Profile
	var contacts []profile.Contact
	for _, e := range g.Emails {
		contacts = append(contacts, profile.Contact{Type: "email", Value: e.Value})
	}
	for _, p := range g.Phones {
		contacts = append(contacts, profile.Contact{Type: "mobile", Value: p.Value})
	}
	for i, n := range g.Names {
		p := profile.Profile{Name: profile.Name{First: n.First, Last: n.Last}}
		if i == 0 {
			p.Contacts = contacts
		}
		out = append(out, p)
	}
	if len(g.Names) == 0 && len(contacts) > 0 {
		out = append(out, profile.Profile{Contacts: contacts})
	}
	return out
}

// forgetMerges blanks the personal data merge records hold: the survivor's golden record before each merge and
// the profile events its unmerges emitted.
func (s *MatchStore) forgetMerges(ctx context.Context, guestID string) error {
	merges, err := s.Merges(ctx, guestID)
	if err != nil {
		return fmt.Errorf("forget %s: %w", guestID, err)
	}
	for _, mg := range merges {
		mg.Before = matching.Golden{GuestID: guestID}
		for i := range mg.Merged {
			mg.Merged[i].Events = nil
		}
		doc, err := json.Marshal(mg)
		if err != nil {
			return err
		}
		if err := s.table.Update("pk", guestPK(guestID)).Range("sk", mergePrefix+mg.MergeID).Set("Doc", string(doc)).Run(ctx); err != nil {
			return fmt.Errorf("forget %s: merge %s: %w", guestID, mg.MergeID, err)
		}
	}
	return nil
}
