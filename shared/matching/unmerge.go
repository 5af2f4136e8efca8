package matching

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Errors Unmerge returns for requests that can never succeed as asked (the API maps them to 409).
var (
	// ErrNotMerged: the guest was never merged into the survivor named.
	ErrNotMerged = errors.New("matching: not merged")
	// ErrSurvivorMerged: the survivor was itself merged into another guest since; that merge is undone first.
	ErrSurvivorMerged = errors.New("matching: the survivor was merged since")
)

// Unmerged is what an unmerge did.
type Unmerged struct {
	MergeID    string
	SurvivorID string
	RestoredID string
	// Events are to be published: Profiles Unmerged, then Guest Profile Upserted for both guests. A repeated
	// unmerge returns the first one's events, identical.
	Events []events.Envelope
	// Replayed is set when the merge had already been undone: nothing was written.
	Replayed bool
}

// Unmerge undoes the merge of mergedID into survivorID, as a person asks:
//
//   - The merged guest gets back its golden record as it was kept at the merge (MergedInto cleared), except that
//     each of its source records takes the profile it last sent, if it sent a new one since. Its source records'
//     lineages and its identity keys point to it again, and its id stops redirecting.
//   - The survivor loses the merged guest's source records, the keys only they gave it, and the counts of the
//     values they carried (the spelling and time of a value both had are the survivor's own from before the
//     merge). Source records that joined at or after the merge and are not the merged guest's own stay with the
//     survivor: the record that linked them, later records, and guests merged into it since.
//   - The two are kept apart: matching never merges them again by itself.
//   - Profiles Unmerged (idempotency key match:unmerge:<mergeId>:<mergedId>) and Guest Profile Upserted for both
//     are emitted. Unmerging again returns the same events and writes nothing.
//
// A guest that was not merged into survivorID is ErrNotMerged; a survivor since merged into another guest is
// ErrSurvivorMerged (undo that merge first); unknown guests are ErrNotFound.
func (m *Matcher) Unmerge(ctx context.Context, survivorID, mergedID, by, reason string) (Unmerged, error) {
	if survivorID == "" || mergedID == "" || survivorID == mergedID {
		return Unmerged{}, fmt.Errorf("%w: guest %q into %q", ErrNotMerged, mergedID, survivorID)
	}
	for range maxAttempts {
		res, err := m.unmergeOnce(ctx, survivorID, mergedID, by, reason)
		if !errors.Is(err, ErrConflict) {
			if err != nil {
				return Unmerged{}, fmt.Errorf("unmerge %s from %s: %w", mergedID, survivorID, err)
			}
			return res, nil
		}
	}
	return Unmerged{}, fmt.Errorf("unmerge %s from %s: %w (gave up after %d attempts)", mergedID, survivorID, ErrConflict, maxAttempts)
}

func (m *Matcher) unmergeOnce(ctx context.Context, survivorID, mergedID, by, reason string) (Unmerged, error) {
	gs, err := m.store.Goldens(ctx, []string{survivorID, mergedID})
	if err != nil {
		return Unmerged{}, fmt.Errorf("read guests: %w", err)
	}
	for _, id := range []string{survivorID, mergedID} {
		if _, ok := gs[id]; !ok {
			return Unmerged{}, fmt.Errorf("guest %s: %w", id, ErrNotFound)
		}
	}
	s, o := gs[survivorID], gs[mergedID]
	merges, err := m.store.Merges(ctx, survivorID)
	if err != nil {
		return Unmerged{}, fmt.Errorf("read merges: %w", err)
	}
	mg, i := latestMergeOf(merges, mergedID)
	if mg == nil {
		return Unmerged{}, fmt.Errorf("%w: guest %s was never merged into %s", ErrNotMerged, mergedID, survivorID)
	}
	if done := mg.Merged[i]; !done.UnmergedAt.IsZero() {
		return Unmerged{MergeID: mg.MergeID, SurvivorID: survivorID, RestoredID: mergedID, Events: done.Events, Replayed: true}, nil
	}
	if o.MergedInto != survivorID || o.MergeID != mg.MergeID {
		return Unmerged{}, fmt.Errorf("%w: guest %s is merged into %q by %q, not by %s", ErrNotMerged, mergedID, o.MergedInto, o.MergeID, mg.MergeID)
	}
	if s.MergedInto != "" {
		return Unmerged{}, fmt.Errorf("%w: %s was merged into %s; unmerge that first", ErrSurvivorMerged, survivorID, s.MergedInto)
	}

	now := m.now()
	survivor, restored, links := m.separate(&s, &o, &mg.Before)
	survivor.Version, survivor.UpdatedAt = s.Version+1, now
	restored.Version, restored.UpdatedAt = o.Version+1, now
	scope := events.Scope{BrandID: mg.BrandID, PropertyID: mg.PropertyID}
	evs, err := unmergeEvents(mg.MergeID, &survivor, &restored, by, reason, scope, now)
	if err != nil {
		return Unmerged{}, err
	}
	done := *mg
	done.Merged = slices.Clone(mg.Merged)
	done.Merged[i] = MergedGuest{GuestID: mergedID, UnmergedAt: now, UnmergedBy: by, Events: evs}
	done.Version++
	ch := Change{Goldens: []Golden{survivor, restored}, Merges: []Merge{done}, Links: links.list()}
	for _, src := range o.Sources() {
		ch.Relinks = append(ch.Relinks, Relink{Source: src, From: survivorID, To: mergedID})
	}
	if ch.Size() > MaxChange {
		// The lineages and golden records move atomically; the key moves follow. Until they land, a new record
		// with one of the merged guest's keys finds the survivor rather than it.
		ch.Deferred, ch.Links = ch.Links, nil
	}
	if ch.Size() > MaxChange {
		return Unmerged{}, fmt.Errorf("guest %s has %d source records, more than one transaction can move back", mergedID, len(ch.Relinks))
	}
	if err := m.store.Commit(ctx, ch); err != nil {
		return Unmerged{}, err
	}
	return Unmerged{MergeID: mg.MergeID, SurvivorID: survivorID, RestoredID: mergedID, Events: evs}, nil
}

// latestMergeOf finds the latest merge of mergedID among a survivor's merges, and its index in Merged.
func latestMergeOf(merges []Merge, mergedID string) (*Merge, int) {
	for j := len(merges) - 1; j >= 0; j-- {
		if i := slices.IndexFunc(merges[j].Merged, func(g MergedGuest) bool { return g.GuestID == mergedID }); i >= 0 {
			return &merges[j], i
		}
	}
	return nil, -1
}

// separate undoes what absorb did (see Unmerge): it returns the survivor without the merged guest o, o restored,
// and the key edits that point o's keys back to it.
func (m *Matcher) separate(s, o, before *Golden) (survivor, restored Golden, links *linkSet) {
	own := o.Sources()
	survivor, restored = s.clone(), o.clone()
	restored.MergedInto, restored.MergeID = "", ""
	for _, member := range s.Members {
		for _, src := range member.Sources {
			if slices.Contains(own, src) {
				restored.place(src, member.Profile) // the profile it last sent, through the survivor
			}
		}
	}
	for _, src := range own {
		survivor.removeSource(src)
	}
	survivor.Names = subtractNames(s.Names, o.Names, before.Names)
	survivor.Emails = subtractValues(s.Emails, o.Emails, before.Emails)
	survivor.Phones = subtractValues(s.Phones, o.Phones, before.Phones)
	survivor.LoyaltyNumbers = subtractValues(s.LoyaltyNumbers, o.LoyaltyNumbers, before.LoyaltyNumbers)
	survivor.CardHashes = subtractValues(s.CardHashes, o.CardHashes, before.CardHashes)
	survivor.KeptApart = slices.DeleteFunc(survivor.KeptApart, func(id string) bool {
		return slices.Contains(o.KeptApart, id) && !slices.Contains(before.KeptApart, id)
	})
	survivor.KeptApart = appendNew(survivor.KeptApart, o.GuestID)
	restored.KeptApart = appendNew(restored.KeptApart, s.GuestID)

	// Keys: o's own, and those its records gave the survivor since; the survivor keeps those its remaining
	// records still give it.
	pointed := func(g *Golden) map[string]bool {
		out := map[string]bool{}
		for _, p := range g.profiles(m.norm) {
			for _, k := range m.keys(&p) {
				out[k] = s.hasKey(k)
			}
		}
		return out
	}
	for k, onSurvivor := range pointed(&restored) {
		if onSurvivor && !restored.hasKey(k) {
			restored.Keys = append(restored.Keys, k)
		}
	}
	remaining := pointed(&survivor)
	survivor.Keys = slices.DeleteFunc(survivor.Keys, func(k string) bool { return restored.hasKey(k) && !remaining[k] })
	links = newLinkSet()
	for _, k := range restored.Keys {
		links.add(k, o.GuestID)
	}
	for _, k := range s.Keys {
		if !survivor.hasKey(k) {
			links.remove(k, s.GuestID)
		}
	}
	return survivor, restored, links
}

func appendNew(ids []string, id string) []string {
	if slices.Contains(ids, id) {
		return ids
	}
	return append(ids, id)
}

// subtractValues takes a merged guest's value counts out of the survivor's. Where the survivor's latest spelling
// and time are the merged guest's, they go back to the survivor's own from before the merge.
func subtractValues(cur, gone, before []Value) []Value {
	out := make([]Value, 0, len(cur))
	for _, v := range cur {
		if i := slices.IndexFunc(gone, func(g Value) bool { return g.Norm == v.Norm }); i >= 0 {
			g := gone[i]
			if v.Count -= g.Count; v.Count <= 0 {
				continue
			}
			if b := slices.IndexFunc(before, func(b Value) bool { return b.Norm == v.Norm }); b >= 0 && v.Seen.Equal(g.Seen) && v.Value == g.Value {
				v.Seen, v.Value = before[b].Seen, before[b].Value
			}
		}
		out = append(out, v)
	}
	return out
}

// subtractNames is subtractValues for names.
func subtractNames(cur, gone, before []Name) []Name {
	same := func(a Name) func(Name) bool {
		return func(b Name) bool { return NormalizedName(a.First, a.Last) == NormalizedName(b.First, b.Last) }
	}
	out := make([]Name, 0, len(cur))
	for _, n := range cur {
		if i := slices.IndexFunc(gone, same(n)); i >= 0 {
			g := gone[i]
			if n.Count -= g.Count; n.Count <= 0 {
				continue
			}
			if b := slices.IndexFunc(before, same(n)); b >= 0 && n.Seen.Equal(g.Seen) && n.First == g.First && n.Last == g.Last {
				n.Seen, n.First, n.Last = before[b].Seen, before[b].First, before[b].Last
			}
		}
		out = append(out, n)
	}
	return out
}

// unmergeEvents says the merge was undone, and that both guests' golden profiles changed.
func unmergeEvents(mergeID string, survivor, restored *Golden, by, reason string, scope events.Scope, at time.Time) ([]events.Envelope, error) {
	key := unmergeKey(mergeID, restored.GuestID)
	d := events.ProfilesUnmerged{MergeID: mergeID, SurvivorID: survivor.GuestID, RestoredIDs: []string{restored.GuestID}, Reason: reason, By: by}
	scope.GuestID = survivor.GuestID
	ev, err := newEvent(d, scope, key, at)
	if err != nil {
		return nil, err
	}
	out := []events.Envelope{ev}
	for _, g := range []*Golden{survivor, restored} {
		p, err := profileEvent(g, events.Scope{BrandID: scope.BrandID, PropertyID: scope.PropertyID}, at)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Merges returns a guest's merge history: the guests merged into it, the guest it was merged into, and the
// guests a person separated it from, each with whether the merge was undone. Oldest first.
func (m *Matcher) Merges(ctx context.Context, guestID string) ([]MergeEntry, error) {
	gs, err := m.store.Goldens(ctx, []string{guestID})
	if err != nil {
		return nil, fmt.Errorf("read guest %s: %w", guestID, err)
	}
	g := gs[guestID]
	survivors := []string{guestID}
	if g.MergedInto != "" {
		survivors = append(survivors, g.MergedInto)
	}
	survivors = append(survivors, g.KeptApart...)
	out := []MergeEntry{}
	seen := map[string]bool{}
	for _, id := range survivors {
		if seen[id] {
			continue
		}
		seen[id] = true
		merges, err := m.store.Merges(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("read merges of %s: %w", id, err)
		}
		for _, mg := range merges {
			for _, e := range mg.entries() {
				if id == guestID || e.MergedID == guestID {
					out = append(out, e)
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b MergeEntry) int { return a.At.Compare(b.At) })
	return out, nil
}
