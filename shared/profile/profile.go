// Package profile is the standard guest profile: its JSON Schema (guest-profile.schema.json, the contract the API
// validates input against), the Go value, and the tombstone an erased profile becomes.
package profile

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed guest-profile.schema.json
var schemaJSON []byte

// SchemaJSON returns the schema document, for the API to publish.
func SchemaJSON() []byte { return schemaJSON }

const schemaURL = "https://hearth.example/schemas/guest-profile.schema.json"

// The schema is compiled on first use: most functions import this package for the Profile type only, and should
// neither pay for compiling a schema at cold start nor link the validator (a package-level sync.OnceValue would
// reference it from init, so the linker could not drop it).
var (
	schemaOnce sync.Once
	compiled   *jsonschema.Schema
)

func schema() *jsonschema.Schema {
	schemaOnce.Do(func() { compiled = mustCompile() })
	return compiled
}

func mustCompile() *jsonschema.Schema {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		panic(fmt.Sprintf("guest profile schema: %v", err))
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schemaURL, doc); err != nil {
		panic(fmt.Sprintf("guest profile schema: %v", err))
	}
	s, err := c.Compile(schemaURL)
	if err != nil {
		panic(fmt.Sprintf("guest profile schema: %v", err))
	}
	return s
}

// ErrInvalid marks a profile that does not satisfy the schema.
var ErrInvalid = errors.New("invalid guest profile")

// Profile is a guest profile as the schema describes it.
type Profile struct {
	Name        Name         `json:"name"`
	Contacts    []Contact    `json:"contacts,omitempty"`
	Addresses   []Address    `json:"addresses,omitempty"`
	Language    string       `json:"language,omitempty"`
	BirthDate   string       `json:"birthDate,omitempty"`
	Nationality string       `json:"nationality,omitempty"`
	Documents   []Document   `json:"documents,omitempty"`
	Preferences []Preference `json:"preferences,omitempty"`
	Dietary     []Dietary    `json:"dietary,omitempty"`
	Loyalty     *Loyalty     `json:"loyalty,omitempty"`
	VIP         *VIP         `json:"vip,omitempty"`
	Notes       []Note       `json:"notes,omitempty"`
	Properties  []string     `json:"properties,omitempty"`
}

// Name is a guest's name.
type Name struct {
	Title     string `json:"title,omitempty"`
	First     string `json:"first,omitempty"`
	Middle    string `json:"middle,omitempty"`
	Last      string `json:"last"`
	Suffix    string `json:"suffix,omitempty"`
	Preferred string `json:"preferred,omitempty"`
}

// Contact is a typed email address or phone number.
type Contact struct {
	Type       string     `json:"type"`
	Value      string     `json:"value"`
	Label      string     `json:"label,omitempty"`
	Primary    bool       `json:"primary,omitempty"`
	Verified   bool       `json:"verified,omitempty"`
	VerifiedAt *time.Time `json:"verifiedAt,omitempty"`
}

// Address is a typed postal address.
type Address struct {
	Type     string `json:"type"`
	Line1    string `json:"line1,omitempty"`
	Line2    string `json:"line2,omitempty"`
	City     string `json:"city,omitempty"`
	Region   string `json:"region,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	Country  string `json:"country"`
	Primary  bool   `json:"primary,omitempty"`
}

// Document references an identity document held by the PMS.
type Document struct {
	Type           string `json:"type"`
	Reference      string `json:"reference"`
	IssuingCountry string `json:"issuingCountry,omitempty"`
	ExpiresOn      string `json:"expiresOn,omitempty"`
}

// Preference is a stay preference, group-wide or for one property.
type Preference struct {
	Category   string `json:"category"`
	Value      string `json:"value"`
	PropertyID string `json:"propertyId,omitempty"`
}

// Dietary is an allergy (with severity), intolerance or diet.
type Dietary struct {
	Kind     string `json:"kind"`
	Item     string `json:"item"`
	Severity string `json:"severity,omitempty"`
	Notes    string `json:"notes,omitempty"`
}

// Loyalty is the guest's programme membership.
type Loyalty struct {
	Number     string     `json:"number,omitempty"`
	Tier       string     `json:"tier,omitempty"`
	EnrolledAt *time.Time `json:"enrolledAt,omitempty"`
}

// VIP is the guest's VIP level and tags.
type VIP struct {
	Level int      `json:"level,omitempty"`
	Tags  []string `json:"tags,omitempty"`
}

// Note is a note for the whole group or one property.
type Note struct {
	Scope      string     `json:"scope"`
	PropertyID string     `json:"propertyId,omitempty"`
	Text       string     `json:"text"`
	Author     string     `json:"author,omitempty"`
	At         *time.Time `json:"at,omitempty"`
}

// Parse validates raw JSON against the schema and decodes it. Errors list every violation with its JSON pointer.
// The derived parts (consent, statistics) are Hearth's to maintain and are refused on input.
func Parse(raw []byte) (Profile, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return Profile{}, fmt.Errorf("%w: not JSON: %v", ErrInvalid, err)
	}
	if m, ok := doc.(map[string]any); ok {
		for _, derived := range []string{"consent", "statistics"} {
			if _, present := m[derived]; present {
				return Profile{}, fmt.Errorf("%w: /%s is maintained by Hearth and cannot be written", ErrInvalid, derived)
			}
		}
	}
	if err := schema().Validate(doc); err != nil {
		return Profile{}, fmt.Errorf("%w: %s", ErrInvalid, describe(err))
	}
	var p Profile
	if err := json.Unmarshal(raw, &p); err != nil {
		return Profile{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return p, nil
}

// describe flattens a schema validation error into "pointer: reason" lines.
func describe(err error) string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err.Error()
	}
	var out []string
	english := message.NewPrinter(language.English)
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, "/"+strings.Join(e.InstanceLocation, "/")+": "+e.ErrorKind.LocalizedString(english))
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return strings.Join(out, "; ")
}
