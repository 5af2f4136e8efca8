// Package search finds guests by what the desk or a marketer types: a name (any word of it, by prefix, accents
// and case ignored), an email, a phone number, a loyalty number or a reservation number. Each guest's searchable
// values become keys stored as items, so a search is one query on one key, never a scan.
package search

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/hearthcrm/hearth/shared/identity"
)

// Kinds of key.
const (
	Name        = "name"
	Email       = "email"
	Phone       = "phone"
	Loyalty     = "loyalty"
	Reservation = "reservation"
)

// Key is one searchable value of a guest.
type Key struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// Doc is what a source knows of a guest to find them by.
type Doc struct {
	Names        []string
	Emails       []string
	Phones       []string // E.164
	Loyalty      []string
	Reservations []string
}

// Keys returns a document's keys, normalised, without repeats, sorted: every word of every name and the whole
// name (so "sousa" and "ana maria sousa" both find Ana Maria Sousa).
func Keys(d Doc) []Key {
	seen := map[Key]bool{}
	var out []Key
	add := func(kind, v string) {
		if v == "" {
			return
		}
		k := Key{kind, v}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, n := range d.Names {
		full := identity.NormalizeName(n)
		add(Name, full)
		for _, w := range strings.Fields(full) {
			add(Name, w)
		}
	}
	for _, e := range d.Emails {
		add(Email, strings.ToLower(strings.TrimSpace(e)))
	}
	for _, p := range d.Phones {
		add(Phone, digits(p))
	}
	for _, l := range d.Loyalty {
		add(Loyalty, digits(l))
	}
	for _, r := range d.Reservations {
		add(Reservation, strings.ToUpper(strings.TrimSpace(r)))
	}
	slices.SortFunc(out, func(a, b Key) int { return strings.Compare(a.Kind+"\x00"+a.Value, b.Kind+"\x00"+b.Value) })
	return out
}

// Query is a parsed search: Prefix queries match keys that begin with Value.
type Query struct {
	Kind   string
	Value  string
	Prefix bool
}

// ErrInvalid is a query that cannot find anyone: too short, or empty after normalising.
var ErrInvalid = errors.New("invalid search")

// MinPrefix is the shortest name prefix searched: shorter ones match half the guest list.
const MinPrefix = 2

// Parse reads what was typed: "kind:value" says the kind (email:, phone:, loyalty:, reservation:, name:); else an
// @ means an email, a leading + or mostly digits a phone, anything else a name prefix.
func Parse(q string) (Query, error) {
	q = strings.TrimSpace(q)
	kind, value, explicit := strings.Cut(q, ":")
	if !explicit || !slices.Contains([]string{Name, Email, Phone, Loyalty, Reservation}, strings.ToLower(kind)) {
		kind, value = guess(q), q
	}
	kind = strings.ToLower(kind)
	var out Query
	switch kind {
	case Email:
		out = Query{Kind: Email, Value: strings.ToLower(strings.TrimSpace(value))}
	case Phone, Loyalty:
		out = Query{Kind: kind, Value: digits(value), Prefix: kind == Phone}
	case Reservation:
		out = Query{Kind: Reservation, Value: strings.ToUpper(strings.TrimSpace(value))}
	default:
		out = Query{Kind: Name, Value: identity.NormalizeName(value), Prefix: true}
	}
	if len(out.Value) < MinPrefix || (out.Kind == Phone && len(out.Value) < 6) {
		return Query{}, fmt.Errorf("%w: %q is too short to search by", ErrInvalid, q)
	}
	return out, nil
}

func guess(q string) string {
	if strings.Contains(q, "@") {
		return Email
	}
	d := digits(q)
	if strings.HasPrefix(q, "+") || (len(d) >= 6 && len(d)*2 > len(q)) {
		return Phone
	}
	return Name
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// Hit is a guest found, with what the result list shows and the properties that know them (for access control).
type Hit struct {
	GuestID    string   `json:"guestId"`
	Name       string   `json:"name,omitempty"`
	Email      string   `json:"email,omitempty"`
	Phone      string   `json:"phone,omitempty"`
	Properties []string `json:"properties,omitempty"`
}
