package reconcile_test

import (
	"reflect"
	"testing"

	"github.com/hearthcrm/hearth/shared/reconcile"
)

func TestCompare(t *testing.T) {
	t.Parallel()
	base := reconcile.Report{PropertyID: "hh-lisbon", Day: "2026-11-20", Currency: "EUR"}
	for _, tc := range []struct {
		name  string
		stay  reconcile.Stay
		kinds []string
	}{
		{"clean member stay", reconcile.Stay{GuestID: "G", Currency: "EUR", Folio: 100, Filed: []int64{100}, Member: true, Expected: 50, Earned: 50}, nil},
		{"clean guest stay", reconcile.Stay{GuestID: "G", Currency: "EUR", Folio: 100, Filed: []int64{100}}, nil},
		{"withheld by the property", reconcile.Stay{GuestID: "G", Currency: "EUR", Folio: 100, Filed: []int64{100}, Member: true, Expected: 50, Withheld: 50}, nil},
		{"no guest", reconcile.Stay{Currency: "EUR", Folio: 100}, []string{reconcile.NoGuest}},
		{"spend missing", reconcile.Stay{GuestID: "G", Currency: "EUR", Folio: 100}, []string{reconcile.SpendMissing}},
		{"spend twice", reconcile.Stay{GuestID: "G", Currency: "EUR", Folio: 100, Filed: []int64{100, 100}}, []string{reconcile.SpendDiffers}},
		{"points missing", reconcile.Stay{GuestID: "G", Currency: "EUR", Folio: 100, Filed: []int64{100}, Member: true, Expected: 50}, []string{reconcile.PointsMissing}},
		{"points for an older folio", reconcile.Stay{GuestID: "G", Currency: "EUR", Folio: 120, Filed: []int64{100}, Member: true, Expected: 60, Earned: 50},
			[]string{reconcile.SpendDiffers, reconcile.PointsDiffer}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.stay.ReservationID = "R-1"
			r := reconcile.Compare(base, []reconcile.Stay{tc.stay})
			var kinds []string
			for _, m := range r.Mismatches {
				kinds = append(kinds, m.Kind)
			}
			if !reflect.DeepEqual(kinds, tc.kinds) {
				t.Fatalf("mismatches %v, want %v", kinds, tc.kinds)
			}
		})
	}
}

// Revenue totals are in the property's currency; a stay billed in another currency is reconciled on its own.
func TestTotalsKeepToThePropertyCurrency(t *testing.T) {
	t.Parallel()
	r := reconcile.Compare(reconcile.Report{Currency: "EUR"}, []reconcile.Stay{
		{ReservationID: "A", GuestID: "G", Currency: "EUR", Folio: 100, Filed: []int64{100}},
		{ReservationID: "B", GuestID: "G", Currency: "USD", Folio: 300, Filed: []int64{250}},
	})
	if r.Reservations != 2 || r.FolioRevenue != 100 || r.FiledSpend != 100 || len(r.Mismatches) != 1 || r.Mismatches[0].ReservationID != "B" {
		t.Fatalf("report = %+v", r)
	}
}
