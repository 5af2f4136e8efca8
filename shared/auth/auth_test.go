package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/auth"
)

func TestLocalSignerRoundTrip(t *testing.T) {
	t.Parallel()
	s := auth.NewLocalSigner([]byte("k1"))
	tok, err := s.Sign(auth.Actor{Subject: "u1", Email: "ann@example.com", Groups: []string{"group-admin"}}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Verify(context.Background(), "Bearer "+tok)
	if err != nil || a.Subject != "u1" || a.Email != "ann@example.com" || len(a.Groups) != 1 {
		t.Fatalf("Verify = %+v, %v", a, err)
	}
	for name, header := range map[string]string{
		"missing":    "",
		"not bearer": "Basic abc",
		"garbage":    "Bearer abc.def.ghi",
		"other key":  "Bearer " + must(auth.NewLocalSigner([]byte("k2")).Sign(auth.Actor{Subject: "u1"}, time.Hour)),
		"expired":    "Bearer " + must(s.Sign(auth.Actor{Subject: "u1"}, -time.Minute)),
	} {
		if _, err := s.Verify(context.Background(), header); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("%s: err = %v, want ErrUnauthenticated", name, err)
		}
	}
}

func TestFromClaims(t *testing.T) {
	t.Parallel()
	a, err := auth.FromClaims(map[string]string{"sub": "u2", "email": "b@example.com", "cognito:groups": "[marketer auditor]"})
	if err != nil || len(a.Groups) != 2 || a.Groups[1] != "auditor" {
		t.Fatalf("FromClaims = %+v, %v", a, err)
	}
	if _, err := auth.FromClaims(map[string]string{}); !errors.Is(err, auth.ErrUnauthenticated) {
		t.Fatalf("no sub: err = %v", err)
	}
}

func must(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}
