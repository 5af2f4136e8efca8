package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/hierarchy"
)

// HierarchyStore keeps the group → brand → property tree in the Config table.
//
//	group:    pk=GROUP#<groupId>  sk=META
//	brand:    pk=GROUP#<groupId>  sk=BRAND#<brandId>
//	property: pk=BRAND#<brandId>  sk=PROPERTY#<propertyId>, gsi1pk=PROPERTY#<propertyId> gsi1sk=META
type HierarchyStore struct{ table dynamo.Table }

var _ hierarchy.Store = (*HierarchyStore)(nil)

// NewHierarchyStore returns the adapter.
func NewHierarchyStore(db *DB) *HierarchyStore { return &HierarchyStore{table: db.Table("Config")} }

type groupRecord struct {
	PK string `dynamo:"pk"`
	SK string `dynamo:"sk"`
	hierarchy.Group
}

type brandRecord struct {
	PK string `dynamo:"pk"`
	SK string `dynamo:"sk"`
	hierarchy.Brand
}

type propertyRecord struct {
	PK     string `dynamo:"pk"`
	SK     string `dynamo:"sk"`
	GSI1PK string `dynamo:"gsi1pk"`
	GSI1SK string `dynamo:"gsi1sk"`
	hierarchy.Property
}

// PutGroup implements hierarchy.Store.
func (s *HierarchyStore) PutGroup(ctx context.Context, g hierarchy.Group) error {
	return s.table.Put(groupRecord{PK: "GROUP#" + g.ID, SK: "META", Group: g}).Run(ctx)
}

// Group implements hierarchy.Store.
func (s *HierarchyStore) Group(ctx context.Context, id string) (hierarchy.Group, error) {
	var rec groupRecord
	err := s.table.Get("pk", "GROUP#"+id).Range("sk", dynamo.Equal, "META").One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return hierarchy.Group{}, fmt.Errorf("group %s: %w", id, hierarchy.ErrNotFound)
	}
	return rec.Group, err
}

// PutBrand implements hierarchy.Store.
func (s *HierarchyStore) PutBrand(ctx context.Context, b hierarchy.Brand) error {
	return s.table.Put(brandRecord{PK: "GROUP#" + b.GroupID, SK: "BRAND#" + b.ID, Brand: b}).Run(ctx)
}

// PutProperty implements hierarchy.Store.
func (s *HierarchyStore) PutProperty(ctx context.Context, p hierarchy.Property) error {
	return s.table.Put(propertyRecord{PK: "BRAND#" + p.BrandID, SK: "PROPERTY#" + p.ID, GSI1PK: "PROPERTY#" + p.ID, GSI1SK: "META", Property: p}).Run(ctx)
}

// Brands implements hierarchy.Store.
func (s *HierarchyStore) Brands(ctx context.Context, groupID string) ([]hierarchy.Brand, error) {
	var recs []brandRecord
	if err := s.table.Get("pk", "GROUP#"+groupID).Range("sk", dynamo.BeginsWith, "BRAND#").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("query brands: %w", err)
	}
	out := make([]hierarchy.Brand, len(recs))
	for i, r := range recs {
		out[i] = r.Brand
	}
	return out, nil
}

// Properties implements hierarchy.Store.
func (s *HierarchyStore) Properties(ctx context.Context, brandID string) ([]hierarchy.Property, error) {
	var recs []propertyRecord
	if err := s.table.Get("pk", "BRAND#"+brandID).Range("sk", dynamo.BeginsWith, "PROPERTY#").All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("query properties: %w", err)
	}
	out := make([]hierarchy.Property, len(recs))
	for i, r := range recs {
		out[i] = r.Property
	}
	return out, nil
}

// Property implements hierarchy.Store.
func (s *HierarchyStore) Property(ctx context.Context, id string) (hierarchy.Property, error) {
	var rec propertyRecord
	err := s.table.Get("gsi1pk", "PROPERTY#"+id).Index("gsi1").Range("gsi1sk", dynamo.Equal, "META").One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return hierarchy.Property{}, fmt.Errorf("property %s: %w", id, hierarchy.ErrNotFound)
	}
	return rec.Property, err
}
