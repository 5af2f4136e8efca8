package store_test

import (
	"context"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/store"
)

// callCase is one store operation with the DynamoDB calls it may make: the access-pattern budget.
type callCase struct {
	name  string
	want  map[string]int
	setup func(ctx context.Context, tb testing.TB, db *store.DB)
	run   func(ctx context.Context, db *store.DB, i int) error
}

var seq atomic.Int64

var callCases = []callCase{
	{
		name: "journal append", want: map[string]int{"PutItem": 1},
		run: func(ctx context.Context, db *store.DB, i int) error {
			_, err := store.NewJournalStore(db).Append(ctx, envelope(nil, int(seq.Add(1)), time.Now(), "g1"), time.Now().Add(time.Hour))
			return err
		},
	},
	{
		name: "journal append duplicate", want: map[string]int{"PutItem": 1},
		setup: func(ctx context.Context, tb testing.TB, db *store.DB) {
			_, _ = store.NewJournalStore(db).Append(ctx, fixedEnv, time.Now().Add(time.Hour))
		},
		run: func(ctx context.Context, db *store.DB, _ int) error {
			fresh, err := store.NewJournalStore(db).Append(ctx, fixedEnv, time.Now().Add(time.Hour))
			if fresh {
				return fmt.Errorf("duplicate stored")
			}
			return err
		},
	},
	{
		// The guest's merge state is checked in the same transaction as the put.
		name: "visit add", want: map[string]int{"TransactWriteItems": 1},
		run: func(ctx context.Context, db *store.DB, i int) error {
			_, err := store.NewVisitStore(db).Add(ctx, "g1", visit(fmt.Sprint("k", seq.Add(1)), "2026-11-20", 100))
			return err
		},
	},
	{
		name: "journal day", want: map[string]int{"Query": 1},
		run: func(ctx context.Context, db *store.DB, _ int) error {
			_, err := store.NewJournalStore(db).Day(ctx, "2026-11-20")
			return err
		},
	},
	{
		name: "property by id", want: map[string]int{"Query": 1},
		setup: seedDemo,
		run: func(ctx context.Context, db *store.DB, _ int) error {
			_, err := store.NewHierarchyStore(db).Property(ctx, "hh-london")
			return err
		},
	},
	{
		name: "hierarchy tree (2 brands)", want: map[string]int{"GetItem": 1, "Query": 3},
		setup: seedDemo,
		run: func(ctx context.Context, db *store.DB, _ int) error {
			_, err := hierarchy.Load(ctx, store.NewHierarchyStore(db), hierarchy.DemoGroupID)
			return err
		},
	},
	{
		name: "approval update", want: map[string]int{"GetItem": 1, "PutItem": 1},
		setup: func(ctx context.Context, tb testing.TB, db *store.DB) {
			now := time.Now()
			if err := store.NewApprovalStore(db).Create(ctx, approval.Approval{ID: "A1", Status: "requested", RequestedAt: now, ExpiresAt: now}); err != nil {
				tb.Fatal(err)
			}
		},
		run: func(ctx context.Context, db *store.DB, _ int) error {
			_, err := store.NewApprovalStore(db).Update(ctx, "A1", func(a *approval.Approval) error { a.Comment = "x"; return nil })
			return err
		},
	},
}

var fixedEnv = envelope(nil, 0, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), "g1")

func seedDemo(ctx context.Context, tb testing.TB, db *store.DB) {
	if err := hierarchy.Save(ctx, store.NewHierarchyStore(db), hierarchy.Demo()); err != nil {
		tb.Fatal(err)
	}
}

func TestCallBudgets(t *testing.T) {
	t.Parallel()
	for _, c := range callCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := openDB(t)
			if c.setup != nil {
				c.setup(ctx, t, db)
			}
			before := db.Calls.Snapshot()
			if err := c.run(ctx, db, 0); err != nil {
				t.Fatal(err)
			}
			if got := db.Calls.Since(before); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("DynamoDB calls = %v, want %v", got, c.want)
			}
		})
	}
}

// BenchmarkStoreCalls prints DynamoDB calls per operation (and time against the embedded server, which is not a
// production figure).
func BenchmarkStoreCalls(b *testing.B) {
	for _, c := range callCases {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			db := openDB(b)
			if c.setup != nil {
				c.setup(ctx, b, db)
			}
			before := db.Calls.Snapshot()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := c.run(ctx, db, i); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			for op, n := range db.Calls.Since(before) {
				b.ReportMetric(float64(n)/float64(b.N), op+"/op")
			}
		})
	}
}
