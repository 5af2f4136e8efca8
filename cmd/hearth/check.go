package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/store"
)

// checkCmd recomputes every ledger account (points and stored value) from its entries and its lots, against the
// DynamoDB the standard SDK settings name (AWS, LocalStack, or hearth dev's --dynamodb-endpoint), and fails when any
// account drifts.
func checkCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("hearth check", flag.ContinueOnError)
	fset.SetOutput(stderr)
	endpoint := fset.String("dynamodb-endpoint", "", "DynamoDB endpoint (default: the SDK settings, e.g. AWS_ENDPOINT_URL_DYNAMODB)")
	prefix := fset.String("table-prefix", "", "the stage's table name prefix (physical names may also come from HEARTH_TABLE_<NAME>)")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	db, err := store.Open(ctx, store.Options{Endpoint: *endpoint, Prefix: *prefix, StaticCredentials: *endpoint != ""})
	if err != nil {
		return err
	}
	r, err := ledger.NewService(store.NewLedgerStore(db), time.Now).CheckAll(ctx)
	if err != nil {
		return err
	}
	for _, d := range r.Drifts {
		fmt.Fprintf(stdout, "DRIFT %s: balance %d, entries add up to %d, lots to %d\n", d.AccountID, d.Balance, d.FromEntries, d.FromLots)
	}
	if len(r.Drifts) > 0 {
		return fmt.Errorf("%d of %d accounts drift", len(r.Drifts), r.Accounts)
	}
	fmt.Fprintf(stdout, "checked %d accounts: every balance equals its entries and its lots\n", r.Accounts)
	return nil
}
