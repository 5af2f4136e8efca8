// Package accounts keeps the group's account profiles, the way hotel PMSs keep company and travel agent profiles
// next to guest profiles: a company (its travellers book through it), a travel agency (its clients book through
// it; known across the group by its IATA number) or a household (people who travel together, linked by hand).
// Accounts are group-wide: one company books at many hotels. Each has its own history, the stays booked through
// it, and each guest linked to it has a share of its revenue. Money stays in integer minor units per currency;
// figures in different currencies are never added together.
package accounts

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Kinds of account.
const (
	KindCompany   = "company"
	KindAgency    = "agency"
	KindHousehold = "household"
)

// Kinds lists the kinds of account.
func Kinds() []string { return []string{KindCompany, KindAgency, KindHousehold} }

// Roles of a guest in an account, by kind. The PMS links travellers to companies and clients to agencies when a
// stay booked through them checks out; people link the rest by hand.
const (
	RoleTraveller = "traveller"
	RoleBooker    = "booker"
	RoleContact   = "contact"
	RoleClient    = "client"
	RoleHead      = "head"
	RolePartner   = "partner"
	RoleChild     = "child"
	RoleMember    = "member"
)

var roles = map[string][]string{
	KindCompany:   {RoleTraveller, RoleBooker, RoleContact},
	KindAgency:    {RoleClient, RoleContact},
	KindHousehold: {RoleHead, RolePartner, RoleChild, RoleMember},
}

// Roles lists the roles a guest may have in an account of kind.
func Roles(kind string) []string { return slices.Clone(roles[kind]) }

// ContextIATA is the context of IATA (and TIDS) numbers: the only codes that name the same account whichever
// hotel's PMS sends them.
const ContextIATA = "IATA"

// Errors.
var (
	// ErrInvalid is an account or link that breaks a rule (an unknown kind, a role the kind does not have).
	ErrInvalid = errors.New("invalid account")
	// ErrInvalidRole is a role the account's kind does not have.
	ErrInvalidRole = errors.New("invalid role")
	// ErrUnknownAccount is an account id that names no account.
	ErrUnknownAccount = errors.New("unknown account")
	// ErrCodeTaken is a code another account already has.
	ErrCodeTaken = errors.New("code taken")
	// ErrOneHousehold is a second household for a guest who is in one already.
	ErrOneHousehold = errors.New("already in a household")
	// ErrNotLinked is an unlink of a guest who is not linked to the account.
	ErrNotLinked = errors.New("not linked")
	// ErrConflict is a change that lost a race with another; reading again and retrying is safe.
	ErrConflict = errors.New("account changed meanwhile")
)

// Code is one code of an account, with the system or scheme that issued it: the PMS's own profile id (the
// context is the source's id, e.g. hh-lisbon-pms), an IATA number (context IATA) or a corporate id in a CRS.
type Code struct {
	Context string `json:"context"`
	Value   string `json:"value"`
}

// Key is the code as the store keys it: one account per key.
func (c Code) Key() string { return c.Context + "#" + c.Value }

// Address is an account's postal address.
type Address struct {
	Lines      []string `json:"lines,omitempty"`
	City       string   `json:"city,omitempty"`
	PostalCode string   `json:"postalCode,omitempty"`
	Country    string   `json:"country,omitempty"`
}

// Account is an account profile.
type Account struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Name      string    `json:"name"`
	Codes     []Code    `json:"codes"`
	Address   *Address  `json:"address,omitempty"`
	Notes     string    `json:"notes,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	// CreatedBy says who created it: a person's email, or the source whose message created it.
	CreatedBy string `json:"createdBy,omitempty"`
	Version   int    `json:"version"`
}

// Limits of an account's text.
const (
	MaxNameLen  = 150
	MaxNotesLen = 2000
	MaxCodes    = 20
	maxCodeLen  = 100 // as long as the ids ingestion accepts
)

// Normalise trims the account's text, upper-cases IATA contexts and checks every rule; the error wraps ErrInvalid
// and names the field at fault.
func (a *Account) Normalise() error {
	a.Name = strings.Join(strings.Fields(a.Name), " ")
	a.Notes = strings.TrimSpace(a.Notes)
	switch {
	case !slices.Contains(Kinds(), a.Kind):
		return fieldError("kind", fmt.Sprintf("%q is not company, agency or household", a.Kind))
	case a.Name == "":
		return fieldError("name", "is required")
	case utf8.RuneCountInString(a.Name) > MaxNameLen:
		return fieldError("name", fmt.Sprintf("is longer than %d characters", MaxNameLen))
	case utf8.RuneCountInString(a.Notes) > MaxNotesLen:
		return fieldError("notes", fmt.Sprintf("are longer than %d characters", MaxNotesLen))
	case len(a.Codes) > MaxCodes:
		return fieldError("codes", fmt.Sprintf("at most %d", MaxCodes))
	}
	seen := map[string]bool{}
	codes := a.Codes[:0]
	for i, c := range a.Codes {
		c.Context, c.Value = strings.TrimSpace(c.Context), strings.TrimSpace(c.Value)
		if strings.EqualFold(c.Context, ContextIATA) {
			c.Context = ContextIATA
			if !isIATA(c.Value) {
				return fieldError(fmt.Sprintf("codes[%d].value", i), "an IATA number has 7 or 8 digits")
			}
		}
		if c.Context == "" || c.Value == "" || len(c.Context) > maxCodeLen || len(c.Value) > maxCodeLen || strings.Contains(c.Context, "#") {
			return fieldError(fmt.Sprintf("codes[%d]", i), "needs a context (without #) and a value, each at most 100 characters")
		}
		if !seen[c.Key()] {
			seen[c.Key()] = true
			codes = append(codes, c)
		}
	}
	a.Codes = codes
	if a.Codes == nil {
		a.Codes = []Code{}
	}
	return nil
}

func isIATA(s string) bool {
	if len(s) < 7 || len(s) > 8 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ValidRole checks that the kind of account has the role.
func ValidRole(kind, role string) error {
	if !slices.Contains(roles[kind], role) {
		return fmt.Errorf("%w: a %s has no role %q (%s)", ErrInvalidRole, kind, role, strings.Join(roles[kind], ", "))
	}
	return nil
}

// FieldError names the field of an account at fault.
type FieldError struct {
	Field, Problem string
}

func (e *FieldError) Error() string { return e.Field + " " + e.Problem }

// Unwrap makes a FieldError an ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

func fieldError(field, problem string) error { return &FieldError{Field: field, Problem: problem} }
