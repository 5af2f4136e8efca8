package accounts

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity"
)

// FromSnapshot is the account a PMS message describes, and the keys it is found by, best first: its IATA number
// (the same agency at every hotel), then the source's own profile id; a profile with neither is found by its
// source, kind and name. The account's id is derived from its best key, so two deliveries of the same message, in
// any order and at once, create the same account.
func FromSnapshot(kind, system string, s events.AccountSnapshot, at time.Time) (Account, []string) {
	a := Account{Kind: kind, Name: strings.Join(strings.Fields(s.Name), " "), CreatedAt: at.UTC(), UpdatedAt: at.UTC(), CreatedBy: system}
	var keys []string
	if s.IATA != "" {
		c := Code{Context: ContextIATA, Value: s.IATA}
		a.Codes, keys = append(a.Codes, c), append(keys, c.Key())
	}
	if s.SourceAccountID != "" {
		c := Code{Context: system, Value: s.SourceAccountID}
		a.Codes, keys = append(a.Codes, c), append(keys, c.Key())
	}
	for _, c := range s.Codes {
		a.Codes = append(a.Codes, Code{Context: c.Context, Value: c.Value}) // kept and searchable, not matched on
	}
	if len(keys) == 0 {
		keys = []string{NameKey(system, kind, a.Name)}
	}
	if a.Name == "" {
		a.Name = a.Codes[0].Value // a profile sent without a name still needs one to be shown by
	}
	if ad := s.Address; ad != nil {
		a.Address = &Address{Lines: ad.Lines, City: ad.City, PostalCode: ad.PostalCode, Country: ad.Country}
	}
	sum := sha256.Sum256([]byte(kind + "|" + keys[0]))
	a.ID = "AC-" + strings.ToUpper(hex.EncodeToString(sum[:8]))
	return a, keys
}

// NameKey is the key of an account a source sent with neither an id nor an IATA number.
func NameKey(system, kind, name string) string {
	return "NAME#" + system + "#" + kind + "#" + identity.Fold(name)
}

// Tokens are what an account is found by in a search: every word of its name and the whole name, and its codes'
// values, folded (lower case, accents dropped).
func Tokens(a Account) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	name := identity.Fold(a.Name)
	add(name)
	for _, w := range strings.Fields(name) {
		add(w)
	}
	for _, c := range a.Codes {
		add(strings.ReplaceAll(identity.Fold(c.Value), " ", ""))
	}
	return out
}

// SortKey orders accounts by name (folded), then id.
func SortKey(a Account) string { return identity.Fold(a.Name) + "#" + a.ID }

// Fold is the searchable form of text: lower case, accents folded, words of letters and digits.
func Fold(s string) string { return identity.Fold(s) }
