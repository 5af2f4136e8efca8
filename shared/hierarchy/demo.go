package hierarchy

// DemoGroupID is the demo hotel group seeded by `hearth dev`.
const DemoGroupID = "harbour-group"

// Demo returns the demo hotel group: two brands, hotels in three zones and currencies, a restaurant and a spa.
func Demo() Tree {
	brand := func(id, name string, props ...Property) BrandTree {
		for i := range props {
			props[i].BrandID = id
		}
		return BrandTree{Brand: Brand{ID: id, GroupID: DemoGroupID, Name: name}, Properties: props}
	}
	return Tree{
		Group: Group{ID: DemoGroupID, Name: "Harbour Hotels Group"},
		Brands: []BrandTree{
			brand("harbour", "Harbour Hotels",
				Property{ID: "hh-lisbon", Name: "Harbour Lisbon", Kind: KindHotel, Code: "LISHH", TimeZone: "Europe/Lisbon", Currency: "EUR"},
				Property{ID: "hh-lisbon-tasca", Name: "Tasca do Porto (Harbour Lisbon)", Kind: KindRestaurant, Code: "LISTAS", TimeZone: "Europe/Lisbon", Currency: "EUR", ParentID: "hh-lisbon"},
				Property{ID: "hh-london", Name: "Harbour London Docklands", Kind: KindHotel, Code: "LONHH", TimeZone: "Europe/London", Currency: "GBP"},
				Property{ID: "hh-london-spa", Name: "Tide Spa (Harbour London)", Kind: KindSpa, Code: "LONSPA", TimeZone: "Europe/London", Currency: "GBP", ParentID: "hh-london"},
			),
			brand("lantern", "Lantern Boutique",
				Property{ID: "ln-newyork", Name: "Lantern SoHo", Kind: KindHotel, Code: "NYCLN", TimeZone: "America/New_York", Currency: "USD"},
				Property{ID: "ln-kyoto", Name: "Lantern Gion", Kind: KindHotel, Code: "KYOLN", TimeZone: "Asia/Tokyo", Currency: "JPY"},
				Property{ID: "ln-kyoto-bar", Name: "Lantern Gion Bar", Kind: KindOther, Code: "KYOBAR", TimeZone: "Asia/Tokyo", Currency: "JPY", ParentID: "ln-kyoto"},
			),
		},
	}
}
