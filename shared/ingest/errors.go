package ingest

import (
	"errors"
	"strings"
)

// ErrInvalid marks input that can never succeed however often it is resent. FieldErrors wrap it, so the edge can
// map every rejection to a 4xx (or an OTA error response) with one errors.Is.
var ErrInvalid = errors.New("invalid ingest input")

// FieldError names one field at fault and why. Field is a path in the sender's own terms: a JSON path for canonical
// JSON ("guest.email", "folio[2].amount"), an XPath for OTA XML ("HotelReservations/HotelReservation[1]/UniqueID/@ID")
// or a column name for CSV. Reason never quotes a card number: values are scrubbed before they are echoed.
type FieldError struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Error implements error.
func (e FieldError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// FieldErrors is every problem found in one message, in document order, so a sender can fix them all at once.
type FieldErrors []FieldError

// Error implements error.
func (es FieldErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) true for any FieldErrors.
func (es FieldErrors) Is(target error) bool { return target == ErrInvalid }

// reasonRequired is the one reason OTA replies distinguish (code 321 "required field missing" rather than 320
// "invalid value"), so it is a constant rather than free text.
const reasonRequired = "is required"

// problems collects the errors and warnings of one message while it is mapped; mapping never stops at the first
// problem so that a sender sees them all.
type problems struct {
	errs  FieldErrors
	warns []Warning
}

func (p *problems) fail(field, reason string) {
	e := FieldError{Field: field, Reason: reason}
	for _, have := range p.errs {
		if have == e {
			return // one bad value shared by several lines is reported once
		}
	}
	p.errs = append(p.errs, e)
}

func (p *problems) required(field string) { p.fail(field, reasonRequired) }

func (p *problems) warn(field, code, reason string) {
	p.warns = append(p.warns, Warning{Field: field, Code: code, Reason: reason})
}

// mark returns how many errors are recorded, so a caller can tell whether a sub-mapping failed.
func (p *problems) mark() int { return len(p.errs) }

// failedSince reports whether errors were added after mark m.
func (p *problems) failedSince(m int) bool { return len(p.errs) > m }

// err returns the collected errors as an error, or nil.
func (p *problems) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	return p.errs
}
