package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/devstack"
)

// TestCheckFindsDrift runs `hearth check` against hearth dev's DynamoDB: clean accounts pass; an account whose
// stored balance was tampered with is named and the command fails.
func TestCheckFindsDrift(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := devstack.Start(ctx, devstack.Options{DataDir: t.TempDir(), Seed: true, TablePrefix: "check-", Visibility: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rw, err := st.App.Rewards()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{"G-1", "G-2"} {
		if _, err := rw.Enrol(ctx, g); err != nil {
			t.Fatal(err)
		}
		if _, err := rw.Adjust(ctx, g, 300, "welcome", "welcome/"+g, "ana"); err != nil {
			t.Fatal(err)
		}
	}
	check := func() (string, error) {
		var out bytes.Buffer
		err := run(ctx, []string{"check", "--dynamodb-endpoint", st.Endpoint, "--table-prefix", "check-"}, &out, &out)
		return out.String(), err
	}
	if out, err := check(); err != nil || !strings.Contains(out, "checked 2 accounts") {
		t.Fatalf("clean ledger: %v\n%s", err, out)
	}

	m, _, err := rw.Member(ctx, "G-2")
	if err != nil {
		t.Fatal(err)
	}
	id := "ACCOUNT#PTS-" + string(m.Number)
	var rec struct{ Doc string }
	tbl := st.DB.Table("Ledger")
	if err := tbl.Get("pk", id).Range("sk", dynamo.Equal, "META").One(ctx, &rec); err != nil {
		t.Fatal(err)
	}
	doc := strings.Replace(rec.Doc, `"balance":300`, `"balance":3000`, 1)
	if doc == rec.Doc {
		t.Fatalf("account document has no balance of 300: %s", rec.Doc)
	}
	if err := tbl.Update("pk", id).Range("sk", "META").Set("Doc", doc).Run(ctx); err != nil {
		t.Fatal(err)
	}
	out, err := check()
	if err == nil || !strings.Contains(out, "DRIFT PTS-"+string(m.Number)+": balance 3000, entries add up to 300") {
		t.Fatalf("tampered ledger: %v\n%s", err, out)
	}
}
