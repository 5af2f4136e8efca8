package dynamolocal_test

import (
	"context"
	"testing"

	"github.com/guregu/dynamo/v2"
)

type withLists struct {
	PK    string `dynamo:"pk"`
	Tags  []string
	Attrs map[string]string `dynamo:",allowempty"`
	N     int
}

// A cancelled transaction must leave items with empty lists and maps readable and unchanged (minidyn's rollback
// copy loses them without the handler's help).
func TestEmptyListsSurviveCancelledTransactions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := startServer(t)
	createTable(ctx, t, newClient(srv), "lists", "")
	table := newDB(srv).Table("lists")
	if err := table.Put(withLists{PK: "a", Tags: nil, Attrs: map[string]string{}, N: 1}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	err := newDB(srv).WriteTx().
		Put(table.Put(withLists{PK: "b", N: 2})).
		Put(table.Put(withLists{PK: "a", N: 3}).If("N = ?", 99)).
		Run(ctx)
	if !dynamo.IsCondCheckFailed(err) {
		t.Fatalf("transaction error = %v, want a cancelled condition", err)
	}
	var items []withLists
	if err := table.Scan().All(ctx, &items); err != nil {
		t.Fatalf("scan after a cancelled transaction: %v", err)
	}
	if len(items) != 1 || items[0].PK != "a" || items[0].N != 1 || len(items[0].Tags) != 0 || items[0].Attrs == nil || len(items[0].Attrs) != 0 {
		t.Fatalf("items = %+v, want only a, unchanged with empty list and map", items)
	}
}
