package search

import (
	"errors"
	"testing"
)

func TestKeysAndQueriesMeet(t *testing.T) {
	keys := Keys(Doc{Names: []string{"Dr. José María Sousa-Lopes"}, Emails: []string{" Ana@Example.COM "}, Phones: []string{"+351 912 345 678"},
		Loyalty: []string{"0000-0001-3"}, Reservations: []string{"r-88123"}})
	has := map[Key]bool{}
	for _, k := range keys {
		has[k] = true
	}
	for _, tc := range []struct {
		q    string
		want Key
	}{
		{"sousa", Key{Name, "sousa"}},
		{"JOSE", Key{Name, "jose"}},
		{"josé maría", Key{Name, "jose maria sousa lopes"}},
		{"ana@example.com", Key{Email, "ana@example.com"}},
		{"+351 912", Key{Phone, "351912345678"}},
		{"loyalty:000000013", Key{Loyalty, "000000013"}},
		{"reservation:R-88123", Key{Reservation, "R-88123"}},
	} {
		q, err := Parse(tc.q)
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		if q.Kind != tc.want.Kind || !has[tc.want] {
			t.Errorf("%q parsed as %+v; key %+v indexed: %v", tc.q, q, tc.want, has[tc.want])
		}
		if q.Prefix && len(tc.want.Value) < len(q.Value) || !q.Prefix && q.Value != tc.want.Value {
			t.Errorf("%q: query %+v cannot match key %+v", tc.q, q, tc.want)
		}
	}
	for _, bad := range []string{"", "a", "+35", "  ", "email:"} {
		if _, err := Parse(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
