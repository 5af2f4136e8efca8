// Package events is Hearth's event catalogue: the envelope every domain event travels in, one typed detail struct
// per detail-type, and the rules for decoding them. EventBridge carries the envelope as the event's detail; the
// detail-type on the bus equals the envelope's Type.
package events

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/oklog/ulid/v2"
)

// Source is the EventBridge source of every event Hearth publishes; rules match it exactly.
const Source = "hearth"

// Envelope is the wire shape of every Hearth event. Data holds the typed detail as raw JSON so the envelope can be
// routed, stored and replayed without knowing the detail type.
type Envelope struct {
	ID             string          `json:"id"` // a ULID for events Hearth creates; schedules use their execution id
	Type           string          `json:"type"`
	Version        int             `json:"version"`
	OccurredAt     time.Time       `json:"occurredAt"`
	BrandID        string          `json:"brandId,omitempty"`
	PropertyID     string          `json:"propertyId,omitempty"`
	GuestID        string          `json:"guestId,omitempty"`
	IdempotencyKey string          `json:"idempotencyKey"`
	Data           json.RawMessage `json:"data"`
}

// Detail is implemented by every typed event detail: it names its detail-type and the version it encodes.
type Detail interface {
	EventType() string
	EventVersion() int
}

// Scope says which brand, property and guest an event concerns; it is copied into the envelope for routing.
type Scope struct {
	BrandID    string
	PropertyID string
	GuestID    string
}

// ErrInvalid marks input that can never succeed however often it is retried (malformed JSON, unknown type or
// version, missing fields). Consumers use it to tell poison messages from transient failures.
var ErrInvalid = errors.New("invalid event")

// New wraps a detail in an envelope with a fresh ULID and the given idempotency key. occurredAt is stored in UTC.
func New(d Detail, scope Scope, idempotencyKey string, occurredAt time.Time) (Envelope, error) {
	if idempotencyKey == "" {
		return Envelope{}, fmt.Errorf("%w: %s needs an idempotency key", ErrInvalid, d.EventType())
	}
	if err := validateDetail(d); err != nil {
		return Envelope{}, err
	}
	data, err := json.Marshal(d)
	if err != nil {
		return Envelope{}, fmt.Errorf("encode %s: %w", d.EventType(), err)
	}
	return Envelope{
		ID:             NewID(occurredAt),
		Type:           d.EventType(),
		Version:        d.EventVersion(),
		OccurredAt:     occurredAt.UTC(),
		BrandID:        scope.BrandID,
		PropertyID:     scope.PropertyID,
		GuestID:        scope.GuestID,
		IdempotencyKey: idempotencyKey,
		Data:           data,
	}, nil
}

// NewID returns a ULID for t: lexically sortable by time, which keeps event logs ordered by key.
func NewID(t time.Time) string {
	return ulid.MustNew(ulid.Timestamp(t), rand.Reader).String()
}

// DerivedID is a ULID for t whose random part comes from key: the same fact gets the same id however often it is
// produced, so a redelivered or replayed event is recognised downstream by its id as well as its key.
func DerivedID(key string, t time.Time) string {
	sum := sha256.Sum256([]byte(key))
	ms := ulid.Timestamp(t)
	if ms > ulid.MaxTime() {
		ms = ulid.MaxTime()
	}
	return ulid.MustNew(ms, bytes.NewReader(sum[:10])).String()
}

// Parse decodes and validates an envelope: the JSON must be well formed, the type known, the version supported
// and the detail decodable. Every failure wraps ErrInvalid and says what was wrong.
func Parse(raw []byte) (Envelope, error) {
	var env Envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return Envelope{}, fmt.Errorf("%w: malformed envelope JSON: %v", ErrInvalid, err)
	}
	if err := env.Validate(); err != nil {
		return Envelope{}, err
	}
	if _, err := env.Decode(); err != nil {
		return Envelope{}, err
	}
	return env, nil
}

// Validate checks the envelope fields without decoding the detail.
func (e Envelope) Validate() error {
	switch {
	case e.ID == "":
		return fmt.Errorf("%w: envelope has no id", ErrInvalid)
	case e.Type == "":
		return fmt.Errorf("%w: envelope %s has no type", ErrInvalid, e.ID)
	case e.IdempotencyKey == "":
		return fmt.Errorf("%w: %s %s has no idempotencyKey", ErrInvalid, e.Type, e.ID)
	case e.OccurredAt.IsZero():
		return fmt.Errorf("%w: %s %s has no occurredAt", ErrInvalid, e.Type, e.ID)
	}
	spec, ok := catalogue[e.Type]
	if !ok {
		return fmt.Errorf("%w: unknown detail-type %q", ErrInvalid, e.Type)
	}
	if e.Version != spec.version {
		return fmt.Errorf("%w: %s version %d is not supported (supported: %d)", ErrInvalid, e.Type, e.Version, spec.version)
	}
	return nil
}

// Decode returns the typed detail (a pointer to the struct registered for the envelope's type and version).
func (e Envelope) Decode() (Detail, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	d := catalogue[e.Type].make()
	if len(e.Data) == 0 || string(e.Data) == "null" {
		return nil, fmt.Errorf("%w: %s %s has no data", ErrInvalid, e.Type, e.ID)
	}
	if err := json.Unmarshal(e.Data, d); err != nil {
		return nil, fmt.Errorf("%w: %s data: %v", ErrInvalid, e.Type, err)
	}
	if err := validateDetail(d); err != nil {
		return nil, err
	}
	return d, nil
}

// DecodeAs decodes the envelope's detail into T, failing if the envelope holds another type.
func DecodeAs[T Detail](e Envelope) (T, error) {
	var zero T
	d, err := e.Decode()
	if err != nil {
		return zero, err
	}
	t, ok := d.(T)
	if !ok {
		return zero, fmt.Errorf("%w: %s is not a %T", ErrInvalid, e.Type, zero)
	}
	return t, nil
}

// validator is implemented by details with required fields.
type validator interface{ validate() error }

func validateDetail(d Detail) error {
	v, ok := d.(validator)
	if !ok {
		return nil
	}
	if err := v.validate(); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrInvalid, d.EventType(), err)
	}
	return nil
}
