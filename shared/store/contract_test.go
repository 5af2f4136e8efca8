package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/dynamolocal"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/store"
)

// The contract suite runs against the embedded server by default and against any DynamoDB-compatible endpoint
// named by HEARTH_TEST_DYNAMODB_ENDPOINT (LocalStack, DynamoDB Local, AWS: credentials from the usual chain).
var endpoint string

func TestMain(m *testing.M) {
	endpoint = os.Getenv("HEARTH_TEST_DYNAMODB_ENDPOINT")
	var srv *dynamolocal.Server
	if endpoint == "" {
		var err error
		if srv, err = dynamolocal.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "start embedded DynamoDB:", err)
			os.Exit(1)
		}
		endpoint = srv.Endpoint()
	}
	code := m.Run()
	if srv != nil {
		_ = srv.Close()
	}
	os.Exit(code)
}

// openDB gives each test its own tables (a unique prefix), so tests run in parallel without seeing each other.
func openDB(tb testing.TB) *store.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{
		Endpoint: endpoint, Prefix: fmt.Sprintf("t%d-", time.Now().UnixNano()),
		StaticCredentials: os.Getenv("HEARTH_TEST_DYNAMODB_ENDPOINT") == "",
	})
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.CreateTables(ctx, topology.Hearth().Tables); err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestHierarchyStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := store.NewHierarchyStore(openDB(t))
	demo := hierarchy.Demo()
	if err := hierarchy.Save(ctx, s, demo); err != nil {
		t.Fatal(err)
	}
	got, err := hierarchy.Load(ctx, s, demo.Group.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Group.Name != demo.Group.Name || len(got.Brands) != 2 || len(got.Brands[0].Properties)+len(got.Brands[1].Properties) != 7 {
		t.Fatalf("loaded tree = %+v", got)
	}
	p, err := s.Property(ctx, "ln-kyoto")
	if err != nil || p.TimeZone != "Asia/Tokyo" || p.Currency != "JPY" || p.BrandID != "lantern" {
		t.Fatalf("Property = %+v, %v", p, err)
	}
	if _, err := s.Property(ctx, "nowhere"); !errors.Is(err, hierarchy.ErrNotFound) {
		t.Fatalf("missing property: err = %v", err)
	}
	if _, err := hierarchy.Load(ctx, s, "no-group"); !errors.Is(err, hierarchy.ErrNotFound) {
		t.Fatalf("missing group: err = %v", err)
	}
}

func envelope(tb testing.TB, i int, at time.Time, guest string) events.Envelope {
	env, err := events.New(events.PointsPosted{AccountID: "A", EntryID: fmt.Sprint(i), Points: 5, Reason: "stay"},
		events.Scope{GuestID: guest}, fmt.Sprintf("k-%d", i), at)
	if err != nil {
		panic(err) // the inputs are constant: a failure is a bug in the test
	}
	return env
}

func TestJournalStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := store.NewJournalStore(openDB(t))
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	var envs []events.Envelope
	for i := 0; i < 25; i++ { // written out of order, read back in order
		envs = append(envs, envelope(t, i, day.Add(time.Duration(24-i)*time.Hour/25), fmt.Sprintf("g%d", i%2)))
	}
	for _, e := range envs {
		if fresh, err := s.Append(ctx, e, day.AddDate(1, 0, 0)); err != nil || !fresh {
			t.Fatalf("Append = %v, %v", fresh, err)
		}
	}
	if fresh, err := s.Append(ctx, envs[3], day.AddDate(1, 0, 0)); err != nil || fresh {
		t.Fatalf("duplicate Append = %v, %v; want not fresh", fresh, err)
	}
	got, err := s.Day(ctx, "2026-11-20")
	if err != nil || len(got) != 25 {
		t.Fatalf("Day = %d events, %v", len(got), err)
	}
	for i := 1; i < len(got); i++ {
		if got[i].OccurredAt.Before(got[i-1].OccurredAt) {
			t.Fatalf("Day not in occurrence order at %d", i)
		}
	}
	if got[0].ID != envs[24].ID || string(got[0].Data) != string(envs[24].Data) {
		t.Fatalf("first event = %+v, want %+v", got[0], envs[24])
	}
	guest, err := s.Guest(ctx, "g1")
	if err != nil || len(guest) != 12 {
		t.Fatalf("Guest = %d events, %v; want 12", len(guest), err)
	}
	if err := s.PutRollup(ctx, "2026-11-20", map[string]int{"Points Posted": 25}); err != nil {
		t.Fatal(err)
	}
	counts, err := s.Rollup(ctx, "2026-11-20")
	if err != nil || counts["Points Posted"] != 25 {
		t.Fatalf("Rollup = %v, %v", counts, err)
	}
}

func TestApprovalStoreOptimisticLocking(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := store.NewApprovalStore(openDB(t))
	now := time.Now().UTC().Truncate(time.Millisecond)
	a := approval.Approval{ID: "A1", Kind: "points_adjustment", Status: approval.StatusRequested, Summary: "s", RequestedBy: "ann", RequestedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := s.Create(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, a); err == nil {
		t.Fatal("creating the same approval twice succeeded")
	}
	// Two writers race: the slower one re-reads and re-applies instead of overwriting.
	entered := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		first := true
		_, err := s.Update(ctx, "A1", func(a *approval.Approval) error {
			if first {
				first = false
				close(entered)
				<-release
			}
			a.Comment += "slow;"
			return nil
		})
		done <- err
	}()
	<-entered
	if _, err := s.Update(ctx, "A1", func(a *approval.Approval) error { a.Status, a.TaskToken = approval.StatusPending, "tok"; return nil }); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, "A1")
	if err != nil || got.Status != approval.StatusPending || got.TaskToken != "tok" || got.Comment != "slow;" {
		t.Fatalf("after race: %+v, %v", got, err)
	}
	pending, err := s.ByStatus(ctx, approval.StatusPending)
	if err != nil || len(pending) != 1 || pending[0].ID != "A1" {
		t.Fatalf("ByStatus(pending) = %+v, %v", pending, err)
	}
	if requested, _ := s.ByStatus(ctx, approval.StatusRequested); len(requested) != 0 {
		t.Fatalf("the status index still lists the old status: %+v", requested)
	}
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, approval.ErrNotFound) {
		t.Fatalf("missing approval: err = %v", err)
	}
}
