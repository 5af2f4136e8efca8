package loyalty

import (
	"errors"
	"fmt"

	"github.com/hearthcrm/hearth/shared/money"
)

// Errors callers map to API responses. Every error this package returns matches one of them with errors.Is.
var (
	// ErrInvalid is bad input: a missing field, a negative amount, an unknown reference.
	ErrInvalid = errors.New("invalid input")
	// ErrInvalidProgramme is a programme configuration NewEngine refuses.
	ErrInvalidProgramme = errors.New("invalid programme")
	// ErrInvalidTransition is an action the current state does not allow.
	ErrInvalidTransition = errors.New("invalid transition")
	// ErrInvalidNumber is a membership number, certificate code or card number that fails its format or check digit.
	ErrInvalidNumber = errors.New("invalid number")
	// ErrInsufficientBalance is a debit larger than what the card or account holds.
	ErrInsufficientBalance = errors.New("insufficient balance")
	// ErrCurrencyMismatch is the money package's error, re-exported so callers need only this package.
	ErrCurrencyMismatch = money.ErrCurrencyMismatch
	// ErrExpired is a certificate or card used after its last valid day.
	ErrExpired = errors.New("expired")
	// ErrNotDue is a fee or expiry asked for before the policy makes it due.
	ErrNotDue = errors.New("not due")
	// ErrMemberInactive is an action that needs an active member.
	ErrMemberInactive = errors.New("member is not active")
	// ErrBenefitUnavailable is a certificate whose benefit no longer exists.
	ErrBenefitUnavailable = errors.New("benefit no longer available")
	// ErrStayRequired is an enrolment refused because the programme enrols only guests who have stayed.
	ErrStayRequired = errors.New("enrolment requires a completed stay")
	// ErrUnknownTier is a tier id the programme does not define.
	ErrUnknownTier = errors.New("unknown tier")
)

// FieldError says which input field is wrong and why; it matches ErrInvalid and, when set, Cause (for example
// ErrCurrencyMismatch or ErrInsufficientBalance).
type FieldError struct {
	Field   string
	Problem string
	Cause   error
}

// Error implements error.
func (e *FieldError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Problem) }

// Unwrap lets errors.Is match ErrInvalid and the cause.
func (e *FieldError) Unwrap() []error {
	if e.Cause != nil {
		return []error{ErrInvalid, e.Cause}
	}
	return []error{ErrInvalid}
}

func invalid(field, problem string) error { return &FieldError{Field: field, Problem: problem} }

// TransitionError says an action is not allowed from an entity's current status; it matches
// ErrInvalidTransition, so the API can answer 409 without knowing the entity.
type TransitionError struct {
	Entity string // "certificate", "card", "member"
	ID     string
	From   string // current status
	Action string
}

// Error implements error.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("%s %s: cannot %s when %s", e.Entity, e.ID, e.Action, e.From)
}

// Unwrap lets errors.Is(err, ErrInvalidTransition) match.
func (e *TransitionError) Unwrap() error { return ErrInvalidTransition }
