package hierarchy_test

import (
	"errors"
	"testing"

	"github.com/hearthcrm/hearth/shared/hierarchy"
)

func TestPropertyValidate(t *testing.T) {
	t.Parallel()
	ok := hierarchy.Property{ID: "p", BrandID: "b", Name: "n", Kind: hierarchy.KindSpa, TimeZone: "Asia/Tokyo", Currency: "JPY"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid property: %v", err)
	}
	for name, mutate := range map[string]func(*hierarchy.Property){
		"no id":        func(p *hierarchy.Property) { p.ID = "" },
		"unknown kind": func(p *hierarchy.Property) { p.Kind = "casino" },
		"bad zone":     func(p *hierarchy.Property) { p.TimeZone = "Mars/Olympus" },
		"no zone":      func(p *hierarchy.Property) { p.TimeZone = "" },
		"bad currency": func(p *hierarchy.Property) { p.Currency = "EURO" },
	} {
		p := ok
		mutate(&p)
		if err := p.Validate(); !errors.Is(err, hierarchy.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
	if loc := ok.Location(); loc.String() != "Asia/Tokyo" {
		t.Errorf("Location = %v", loc)
	}
}

func TestDemoGroupIsValid(t *testing.T) {
	t.Parallel()
	demo := hierarchy.Demo()
	kinds := map[string]int{}
	for _, b := range demo.Brands {
		for _, p := range b.Properties {
			if err := p.Validate(); err != nil {
				t.Errorf("demo property %s: %v", p.ID, err)
			}
			if p.BrandID != b.ID {
				t.Errorf("demo property %s under brand %s belongs to %s", p.ID, b.ID, p.BrandID)
			}
			kinds[p.Kind]++
		}
	}
	if len(demo.Brands) != 2 || kinds[hierarchy.KindHotel] < 3 || kinds[hierarchy.KindRestaurant] < 1 || kinds[hierarchy.KindSpa] < 1 {
		t.Errorf("demo group: %d brands, kinds %v", len(demo.Brands), kinds)
	}
}
