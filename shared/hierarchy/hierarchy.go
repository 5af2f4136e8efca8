// Package hierarchy models a hotel group: the group, its brands and their properties (hotels, restaurants, spas
// and other outlets), each property with its own time zone and currency.
package hierarchy

import (
	"context"
	"errors"
	"fmt"
	"time"
	_ "time/tzdata" // Lambda's provided.al2023 image has no zoneinfo; properties need their zones.
)

// Kinds of property.
const (
	KindHotel      = "hotel"
	KindRestaurant = "restaurant"
	KindSpa        = "spa"
	KindOther      = "other"
)

// ErrNotFound is returned when a group, brand or property does not exist.
var ErrNotFound = errors.New("not found")

// ErrInvalid marks a hierarchy value that fails validation.
var ErrInvalid = errors.New("invalid")

// Group is the hotel group that deploys Hearth.
type Group struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Brand is one of the group's brands.
type Brand struct {
	ID      string `json:"id"`
	GroupID string `json:"groupId"`
	Name    string `json:"name"`
}

// Property is a hotel or outlet. TimeZone is an IANA zone; times are stored in UTC and shown in this zone.
type Property struct {
	ID       string `json:"id"`
	BrandID  string `json:"brandId"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Code     string `json:"code"`
	TimeZone string `json:"timeZone"`
	Currency string `json:"currency"`
	// ParentID links an outlet (restaurant, spa) to the hotel it sits in, if any.
	ParentID string `json:"parentId,omitempty"`
	// CheckOut holds the property's switches for what a check-out does; the zero value is the default behaviour.
	CheckOut CheckOutRules `json:"checkOut,omitzero"`
	// ClosedOn is the day a property stopped trading (sold, closed, rebranded away). A closed property keeps its
	// history and its guests' stays and is shown as closed; saving it without ClosedOn reopens it.
	ClosedOn string `json:"closedOn,omitempty"`
}

// Closed reports whether the property has closed.
func (p Property) Closed() bool { return p.ClosedOn != "" }

// CheckOutRules are the per-property switches hotels know from their PMS loyalty interface. Both are negative so
// that a property without settings behaves as the programme does by default.
type CheckOutRules struct {
	// DoNotAddNewGuests: the property's messages link guests Hearth already knows but never create new ones.
	DoNotAddNewGuests bool `json:"doNotAddNewGuests,omitempty"`
	// DoNotAwardPoints: checked-out stays earn nothing. The points are recorded as withheld, so they can never be
	// regained, not even by a replay after the switch is turned off.
	DoNotAwardPoints bool `json:"doNotAwardPoints,omitempty"`
}

// Validate checks a property's fields.
func (p Property) Validate() error {
	switch {
	case p.ID == "" || p.BrandID == "" || p.Name == "":
		return fmt.Errorf("%w: property needs id, brandId and name", ErrInvalid)
	case p.Kind != KindHotel && p.Kind != KindRestaurant && p.Kind != KindSpa && p.Kind != KindOther:
		return fmt.Errorf("%w: property %s kind %q is not hotel, restaurant, spa or other", ErrInvalid, p.ID, p.Kind)
	case len(p.Currency) != 3:
		return fmt.Errorf("%w: property %s currency %q is not an ISO 4217 code", ErrInvalid, p.ID, p.Currency)
	}
	if _, err := time.LoadLocation(p.TimeZone); err != nil || p.TimeZone == "" {
		return fmt.Errorf("%w: property %s time zone %q is not an IANA zone", ErrInvalid, p.ID, p.TimeZone)
	}
	return nil
}

// Location returns the property's time zone.
func (p Property) Location() *time.Location {
	loc, err := time.LoadLocation(p.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Store persists the hierarchy.
type Store interface {
	PutGroup(ctx context.Context, g Group) error
	Group(ctx context.Context, id string) (Group, error)
	PutBrand(ctx context.Context, b Brand) error
	PutProperty(ctx context.Context, p Property) error
	Brands(ctx context.Context, groupID string) ([]Brand, error)
	Properties(ctx context.Context, brandID string) ([]Property, error)
	Property(ctx context.Context, id string) (Property, error)
}

// Tree is a group with its brands and properties, as the console shows it.
type Tree struct {
	Group  Group       `json:"group"`
	Brands []BrandTree `json:"brands"`
}

// BrandTree is a brand with its properties.
type BrandTree struct {
	Brand
	Properties []Property `json:"properties"`
}

// Load reads the whole tree of a group.
func Load(ctx context.Context, s Store, groupID string) (Tree, error) {
	group, err := s.Group(ctx, groupID)
	if err != nil {
		return Tree{}, err
	}
	brands, err := s.Brands(ctx, group.ID)
	if err != nil {
		return Tree{}, fmt.Errorf("brands of %s: %w", group.ID, err)
	}
	tree := Tree{Group: group, Brands: []BrandTree{}}
	for _, b := range brands {
		props, err := s.Properties(ctx, b.ID)
		if err != nil {
			return Tree{}, fmt.Errorf("properties of %s: %w", b.ID, err)
		}
		tree.Brands = append(tree.Brands, BrandTree{Brand: b, Properties: props})
	}
	return tree, nil
}

// Save writes a whole tree, validating every property first so a bad entry writes nothing.
func Save(ctx context.Context, s Store, t Tree) error {
	for _, b := range t.Brands {
		for _, p := range b.Properties {
			if p.BrandID != b.ID {
				return fmt.Errorf("%w: property %s listed under brand %s but belongs to %s", ErrInvalid, p.ID, b.ID, p.BrandID)
			}
			if err := p.Validate(); err != nil {
				return err
			}
		}
	}
	if err := s.PutGroup(ctx, t.Group); err != nil {
		return err
	}
	for _, b := range t.Brands {
		b.GroupID = t.Group.ID
		if err := s.PutBrand(ctx, b.Brand); err != nil {
			return err
		}
		for _, p := range b.Properties {
			if err := s.PutProperty(ctx, p); err != nil {
				return err
			}
		}
	}
	return nil
}
