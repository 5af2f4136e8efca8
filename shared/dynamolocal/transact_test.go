package dynamolocal_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"
)

type txRow struct {
	PK string `dynamo:"pk"`
	N  int
}

// A transaction applies all its actions or none, and a cancellation names the failing action.
func TestTransactionsAreAtomicWithReasons(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := startServer(t)
	createTable(ctx, t, newClient(srv), "tx", "")
	db := newDB(srv)
	table := db.Table("tx")
	if err := table.Put(txRow{PK: "a", N: 1}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if err := table.Put(txRow{PK: "c", N: 1}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	err := db.WriteTx().
		Put(table.Put(txRow{PK: "b", N: 1})).
		Update(table.Update("pk", "a").Set("N", 2)).
		Check(table.Check("pk", "c").If("N = ?", 99)).
		Run(ctx)
	var txe *types.TransactionCanceledException
	if !errors.As(err, &txe) || len(txe.CancellationReasons) != 3 || *txe.CancellationReasons[2].Code != "ConditionalCheckFailed" || *txe.CancellationReasons[0].Code != "None" {
		t.Fatalf("err = %v, want a cancellation with the third action failing", err)
	}
	var rows []txRow
	if err := table.Scan().All(ctx, &rows); err != nil || len(rows) != 2 || rows[0].N != 1 || rows[1].N != 1 {
		t.Fatalf("after the cancelled transaction: %+v, %v", rows, err)
	}
	err = db.WriteTx().
		Put(table.Put(txRow{PK: "b", N: 1})).
		Update(table.Update("pk", "a").Set("N", 2)).
		Check(table.Check("pk", "c").If("N = ?", 1)).
		Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows = nil
	if err := table.Scan().All(ctx, &rows); err != nil || len(rows) != 3 {
		t.Fatalf("after the transaction: %+v, %v", rows, err)
	}
	var a txRow
	if err := table.Get("pk", "a").One(ctx, &a); err != nil || a.N != 2 {
		t.Fatalf("a = %+v, %v", a, err)
	}
	if !dynamo.IsCondCheckFailed(db.WriteTx().Put(table.Put(txRow{PK: "a"}).If("attribute_not_exists(pk)")).Run(ctx)) {
		t.Fatal("a failing put condition is not reported as a condition failure")
	}
	twice := db.WriteTx().Put(table.Put(txRow{PK: "d"})).Update(table.Update("pk", "d").Set("N", 1)).Run(ctx)
	if twice == nil || errorCode(twice) != "ValidationException" {
		t.Fatalf("two actions on one item: err = %v, want ValidationException", twice)
	}
}
