package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/store"
)

func TestArchiveIndexTiesGuestsAndObjects(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := store.NewArchiveIndexStore(openDB(t))
	chunk, webhook := "raw/pms-1/2026/11/24/import-1-line2.csv", "raw/pms-1/2026/11/24/01JFZZZZZZZZZZZZZZZZZZZZZZ.checkout.json"
	for _, add := range [][2]string{{"G1", chunk}, {"G2", chunk}, {"G1", webhook}, {"G1", webhook}} { // a redelivery
		if err := s.Add(ctx, add[0], add[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Add(ctx, "", webhook); err == nil {
		t.Fatal("an entry without a guest was accepted")
	}
	objects, err := s.Objects(ctx, "G1")
	if err != nil || !slices.Equal(objects, []string{webhook, chunk}) {
		t.Fatalf("objects of G1 = %v, %v", objects, err)
	}
	guests, err := s.Guests(ctx, chunk)
	slices.Sort(guests)
	if err != nil || !slices.Equal(guests, []string{"G1", "G2"}) {
		t.Fatalf("guests of the chunk = %v, %v", guests, err)
	}
	for i := 0; i < 2; i++ { // removing again is not an error
		if err := s.Remove(ctx, "G1", chunk); err != nil {
			t.Fatal(err)
		}
	}
	if guests, _ := s.Guests(ctx, chunk); !slices.Equal(guests, []string{"G2"}) {
		t.Fatalf("guests of the chunk after G1 left = %v", guests)
	}
	if objects, _ := s.Objects(ctx, "G1"); !slices.Equal(objects, []string{webhook}) {
		t.Fatalf("objects of G1 after removal = %v", objects)
	}
}

func TestTombstonesCanBeLifted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := store.NewTombstoneStore(openDB(t))
	for _, h := range []string{"h1", "h2"} {
		if err := s.Put(ctx, h, "G1", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete(ctx, []string{"h1", "absent"}); err != nil {
		t.Fatal(err)
	}
	if has, err := s.Has(ctx, []string{"h1"}); err != nil || has {
		t.Fatalf("lifted tombstone still found: %v, %v", has, err)
	}
	if has, err := s.Has(ctx, []string{"h1", "h2"}); err != nil || !has {
		t.Fatalf("the other tombstone was lifted too: %v, %v", has, err)
	}
}
