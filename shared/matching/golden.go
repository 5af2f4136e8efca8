package matching

import (
	"slices"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity"
)

// MaxMembers bounds the distinct source profiles a golden record keeps for scoring; the sources of later ones
// are still kept (Overflow), with their values.
const MaxMembers = 48

// Golden is the matcher's golden record of one guest: every source record that belongs to it, the normalised
// profiles later records are scored against, the identity keys that point to it, and every value seen with its
// survivorship (see Summary). A merged guest keeps its record as it was, with MergedInto naming the survivor: a
// lookup of a merged id follows it (Matcher.Guest).
type Golden struct {
	GuestID   string    `json:"guestId"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	// MergedInto and MergeID are set when the guest was merged into another.
	MergedInto string `json:"mergedInto,omitempty"`
	MergeID    string `json:"mergeId,omitempty"`
	// KeptApart are the guests a person separated this one from (Unmerge): matching never merges them again.
	KeptApart []string `json:"keptApart,omitempty"`

	Members  []Member           `json:"members"`
	Overflow []events.SourceRef `json:"overflow,omitempty"`
	// Keys are the identity keys (identity.Key.String()) whose items list this guest.
	Keys []string `json:"keys,omitempty"`

	Names          []Name  `json:"names,omitempty"`
	Emails         []Value `json:"emails,omitempty"`
	Phones         []Value `json:"phones,omitempty"`
	LoyaltyNumbers []Value `json:"loyaltyNumbers,omitempty"`
	CardHashes     []Value `json:"cardHashes,omitempty"`
}

// Member is one distinct normalised profile of the guest and the source records that last described it so.
type Member struct {
	Profile Fields             `json:"profile"`
	Sources []events.SourceRef `json:"sources"`
}

// Name is a name the guest was given, as written, with how many source record deliveries carried it and when
// one last did.
type Name struct {
	First string    `json:"first,omitempty"`
	Last  string    `json:"last,omitempty"`
	Count int       `json:"count"`
	Seen  time.Time `json:"seen"`
}

// Value is a contact or identifier as written (Value) and normalised (Norm, what makes two values one), with how
// many deliveries carried it and when one last did.
type Value struct {
	Value string    `json:"value"`
	Norm  string    `json:"norm"`
	Count int       `json:"count"`
	Seen  time.Time `json:"seen"`
}

// Summary is the golden profile as GuestProfileUpserted carries it.
type Summary struct {
	FirstName, LastName, Email, Phone, LoyaltyNumber string
	Sources                                          []events.SourceRef
}

// Summary applies survivorship: the most frequent name (ties: the most recent), and for email, phone and loyalty
// number the most recently seen value (ties: the most frequent). Sources are sorted.
func (g *Golden) Summary() Summary {
	s := Summary{Sources: g.Sources()}
	slices.SortFunc(s.Sources, compareSource)
	if n, ok := best(g.Names, func(a, b Name) bool {
		return a.Count > b.Count || a.Count == b.Count && a.Seen.After(b.Seen)
	}); ok {
		s.FirstName, s.LastName = n.First, n.Last
	}
	recent := func(a, b Value) bool { return a.Seen.After(b.Seen) || a.Seen.Equal(b.Seen) && a.Count > b.Count }
	if v, ok := best(g.Emails, recent); ok {
		s.Email = v.Value
	}
	if v, ok := best(g.Phones, recent); ok {
		s.Phone = v.Value
	}
	if v, ok := best(g.LoyaltyNumbers, recent); ok {
		s.LoyaltyNumber = v.Value
	}
	return s
}

// best returns the first element no later element beats.
func best[T any](xs []T, better func(a, b T) bool) (T, bool) {
	var out T
	if len(xs) == 0 {
		return out, false
	}
	out = xs[0]
	for _, x := range xs[1:] {
		if better(x, out) {
			out = x
		}
	}
	return out, true
}

// Sources lists every source record of the guest.
func (g *Golden) Sources() []events.SourceRef {
	var out []events.SourceRef
	for _, m := range g.Members {
		out = append(out, m.Sources...)
	}
	return append(out, g.Overflow...)
}

func compareSource(a, b events.SourceRef) int {
	if c := strings.Compare(a.System, b.System); c != 0 {
		return c
	}
	return strings.Compare(a.RecordID, b.RecordID)
}

// profiles normalises the members' profiles for scoring.
func (g *Golden) profiles(n *identity.Normalizer) []identity.Profile {
	out := make([]identity.Profile, 0, len(g.Members))
	for _, m := range g.Members {
		p, err := n.Profile(m.Profile.Record(g.GuestID))
		if err != nil {
			// Stored dates were written by Date.String and always parse; a record that does not is scored without
			// its date rather than not at all.
			f := m.Profile
			f.DateOfBirth = ""
			p, _ = n.Profile(f.Record(g.GuestID))
		}
		out = append(out, p)
	}
	return out
}

// older reports whether g was created before h (ties: the smaller id): the older guest survives a merge.
func (g *Golden) older(h *Golden) bool {
	if !g.CreatedAt.Equal(h.CreatedAt) {
		return g.CreatedAt.Before(h.CreatedAt)
	}
	return g.GuestID < h.GuestID
}

// hasKey reports whether key points to g.
func (g *Golden) hasKey(key string) bool { return slices.Contains(g.Keys, key) }

// addSource records that src now describes the guest with f (raw holds the values as written), at time at. A
// source already present moves to its new profile; an empty member is dropped.
func (g *Golden) addSource(src events.SourceRef, f Fields, raw identity.Record, at time.Time) {
	g.place(src, f)
	g.seeValues(f, raw, at)
}

// place files src under the member with profile f (a new member, or the overflow when there are too many).
func (g *Golden) place(src events.SourceRef, f Fields) {
	g.removeSource(src)
	placed := false
	for i := range g.Members {
		if g.Members[i].Profile == f {
			g.Members[i].Sources = append(g.Members[i].Sources, src)
			placed = true
			break
		}
	}
	switch {
	case placed:
	case len(g.Members) < MaxMembers:
		g.Members = append(g.Members, Member{Profile: f, Sources: []events.SourceRef{src}})
	default:
		g.Overflow = append(g.Overflow, src)
	}
}

func (g *Golden) removeSource(src events.SourceRef) {
	g.Overflow = slices.DeleteFunc(g.Overflow, func(s events.SourceRef) bool { return s == src })
	for i := range g.Members {
		g.Members[i].Sources = slices.DeleteFunc(g.Members[i].Sources, func(s events.SourceRef) bool { return s == src })
	}
	g.Members = slices.DeleteFunc(g.Members, func(m Member) bool { return len(m.Sources) == 0 })
}

// seeValues counts the values of one delivery. Raw spellings are shown; blank and unusable values (a relay email,
// a placeholder phone) are not values of the guest.
func (g *Golden) seeValues(f Fields, raw identity.Record, at time.Time) {
	if f.FirstName != "" || f.LastName != "" {
		first, last := strings.TrimSpace(raw.FirstName), strings.TrimSpace(raw.LastName)
		seen := false
		for i := range g.Names {
			n := &g.Names[i]
			if NormalizedName(n.First, n.Last) == NormalizedName(first, last) {
				n.Count++
				if !at.Before(n.Seen) {
					n.Seen, n.First, n.Last = at, first, last
				}
				seen = true
				break
			}
		}
		if !seen {
			g.Names = append(g.Names, Name{First: first, Last: last, Count: 1, Seen: at})
		}
	}
	g.Emails = seeValue(g.Emails, raw.Email, f.Email, at)
	g.Phones = seeValue(g.Phones, raw.Phone, f.Phone, at)
	g.LoyaltyNumbers = seeValue(g.LoyaltyNumbers, raw.LoyaltyNumber, f.LoyaltyNumber, at)
	g.CardHashes = seeValue(g.CardHashes, raw.CardHash, f.CardHash, at)
}

func seeValue(vs []Value, raw, norm string, at time.Time) []Value {
	if norm == "" {
		return vs
	}
	raw = strings.TrimSpace(raw)
	for i := range vs {
		if vs[i].Norm == norm {
			vs[i].Count++
			if !at.Before(vs[i].Seen) {
				vs[i].Seen, vs[i].Value = at, raw
			}
			return vs
		}
	}
	return append(vs, Value{Value: raw, Norm: norm, Count: 1, Seen: at})
}

// NormalizedName is the form two names are the same under: identity's normalisation of each part.
func NormalizedName(first, last string) string {
	return identity.NormalizeName(first) + "|" + identity.NormalizeName(last)
}

// absorb adds the members, sources, keys and values of merged into g.
func (g *Golden) absorb(merged *Golden) {
	for _, m := range merged.Members {
		placed := false
		for i := range g.Members {
			if g.Members[i].Profile == m.Profile {
				g.Members[i].Sources = append(g.Members[i].Sources, m.Sources...)
				placed = true
				break
			}
		}
		switch {
		case placed:
		case len(g.Members) < MaxMembers:
			g.Members = append(g.Members, Member{Profile: m.Profile, Sources: slices.Clone(m.Sources)})
		default:
			g.Overflow = append(g.Overflow, m.Sources...)
		}
	}
	g.Overflow = append(g.Overflow, merged.Overflow...)
	for _, id := range merged.KeptApart {
		if !slices.Contains(g.KeptApart, id) {
			g.KeptApart = append(g.KeptApart, id)
		}
	}
	for _, k := range merged.Keys {
		if !g.hasKey(k) {
			g.Keys = append(g.Keys, k)
		}
	}
	for _, n := range merged.Names {
		i := slices.IndexFunc(g.Names, func(x Name) bool {
			return NormalizedName(x.First, x.Last) == NormalizedName(n.First, n.Last)
		})
		if i < 0 {
			g.Names = append(g.Names, n)
			continue
		}
		g.Names[i].Count += n.Count
		if n.Seen.After(g.Names[i].Seen) {
			g.Names[i].Seen, g.Names[i].First, g.Names[i].Last = n.Seen, n.First, n.Last
		}
	}
	g.Emails = absorbValues(g.Emails, merged.Emails)
	g.Phones = absorbValues(g.Phones, merged.Phones)
	g.LoyaltyNumbers = absorbValues(g.LoyaltyNumbers, merged.LoyaltyNumbers)
	g.CardHashes = absorbValues(g.CardHashes, merged.CardHashes)
}

func absorbValues(into, from []Value) []Value {
	for _, v := range from {
		i := slices.IndexFunc(into, func(x Value) bool { return x.Norm == v.Norm })
		if i < 0 {
			into = append(into, v)
			continue
		}
		into[i].Count += v.Count
		if v.Seen.After(into[i].Seen) {
			into[i].Seen, into[i].Value = v.Seen, v.Value
		}
	}
	return into
}

// clone returns a deep copy of g, so that a change can be built without touching what was read.
func (g Golden) clone() Golden {
	c := g
	c.Members = make([]Member, len(g.Members))
	for i, m := range g.Members {
		c.Members[i] = Member{Profile: m.Profile, Sources: slices.Clone(m.Sources)}
	}
	c.Overflow = slices.Clone(g.Overflow)
	c.Keys = slices.Clone(g.Keys)
	c.KeptApart = slices.Clone(g.KeptApart)
	c.Names = slices.Clone(g.Names)
	c.Emails = slices.Clone(g.Emails)
	c.Phones = slices.Clone(g.Phones)
	c.LoyaltyNumbers = slices.Clone(g.LoyaltyNumbers)
	c.CardHashes = slices.Clone(g.CardHashes)
	return c
}
