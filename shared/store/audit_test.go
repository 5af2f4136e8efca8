package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/audit"
	"github.com/hearthcrm/hearth/shared/store"
)

func TestAuditChainDetectsTampering(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	log := audit.New(store.NewAuditStore(db), time.Now)
	for i := 1; i <= 6; i++ {
		if _, err := log.Record(ctx, audit.Entry{Actor: "ana", Action: "PUT /v1/properties/{id}", Resource: fmt.Sprintf("property/p%d", i%2), PropertyID: fmt.Sprintf("p%d", i%2), Outcome: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	if v, err := log.Verify(ctx); err != nil || !v.OK || v.Checked != 6 {
		t.Fatalf("Verify = %+v, %v", v, err)
	}
	byProperty, err := log.Find(ctx, audit.Query{PropertyID: "p1"})
	if err != nil || len(byProperty) != 3 {
		t.Fatalf("Find by property = %d entries, %v", len(byProperty), err)
	}
	if got, _ := log.Find(ctx, audit.Query{Actor: "ana", From: time.Now().Add(time.Hour)}); len(got) != 0 {
		t.Fatalf("future range found %d entries", len(got))
	}
	// Rewrite entry 4's action directly in the table, keeping its stored hash.
	raw := db.Table("Audit")
	var rec map[string]any
	if err := raw.Get("pk", "CHAIN").Range("sk", "EQ", "ENTRY#000000000004").One(ctx, &rec); err != nil {
		t.Fatal(err)
	}
	rec["Action"] = "GET /v1/hierarchy"
	if err := raw.Put(rec).Run(ctx); err != nil {
		t.Fatal(err)
	}
	v, err := log.Verify(ctx)
	if err != nil || v.OK || v.BrokenAt != 4 || v.Checked != 3 {
		t.Fatalf("Verify after tampering = %+v, %v; want broken at 4", v, err)
	}
}

func TestAuditChainStaysLinearUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	log := audit.New(store.NewAuditStore(openDB(t)), time.Now)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				if _, err := log.Record(ctx, audit.Entry{Actor: fmt.Sprint("writer", w), Action: "POST /x", Resource: "x", Outcome: "ok"}); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if v, err := log.Verify(ctx); err != nil || !v.OK || v.Checked != 40 {
		t.Fatalf("Verify = %+v, %v; want 40 linked entries", v, err)
	}
}
