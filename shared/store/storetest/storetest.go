// Package storetest gives tests a store over a private embedded DynamoDB with every topology table created.
package storetest

import (
	"context"
	"testing"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/dynamolocal"
	"github.com/hearthcrm/hearth/shared/store"
)

// Open starts an embedded server for the test, creates the tables and returns the store; cleanup stops it.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	srv, err := dynamolocal.Start()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Endpoint: srv.Endpoint(), StaticCredentials: true})
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.CreateTables(ctx, topology.Hearth().Tables); err != nil {
		tb.Fatal(err)
	}
	return db
}
