package devstack_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/devstack"
)

// BenchmarkConsoleCalls reports the latency (p50, p95) of each API call the console's screens make, over HTTP
// against hearth dev's stack with its demo group and demo guests (the target: under 50 ms p95). Run with
// -benchtime Nx: N calls per route.
func BenchmarkConsoleCalls(b *testing.B) {
	ctx := context.Background()
	st, err := devstack.Start(ctx, devstack.Options{Seed: true, DataDir: b.TempDir(), Visibility: 5 * time.Millisecond, TablePrefix: "console-bench-"})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(st.Handler)
	defer func() { srv.Close(); st.Close() }()
	if err := st.SeedDemoGuests(ctx, time.Now()); err != nil {
		b.Fatal(err)
	}
	dctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := st.Runtime.Drain(dctx); err != nil {
		b.Fatal(err)
	}
	tokens := map[string]string{}
	for _, u := range st.Users {
		tokens[u.Email] = u.Token
	}
	send := func(b *testing.B, user, method, path string) {
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tokens[user])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s %s = %d", method, path, resp.StatusCode)
		}
	}
	send(b, ana, "POST", "/v1/properties/hh-lisbon/reconciliation/"+time.Now().AddDate(0, 0, -1).Format(time.DateOnly))
	for _, c := range []struct{ name, user, path string }{
		{"me", mia, "/v1/me"},
		{"hierarchy", mia, "/v1/hierarchy"},
		{"property", ben, "/v1/properties/hh-lisbon"},
		{"guest-360", ben, "/v1/guests/G-DEMO-VERA/360"},
		{"membership", ben, "/v1/guests/G-DEMO-VERA/membership"},
		{"consent", ben, "/v1/guests/G-DEMO-VERA/consent"},
		{"approvals", ben, "/v1/approvals?status=pending"},
		{"sources", ana, "/v1/sources"},
		{"source-health", ana, "/v1/sources/hh-lisbon-pms/health"},
		{"queues", ana, "/v1/ops/queues"},
		{"audit", alex, "/v1/audit"},
		{"reconciliation", ben, "/v1/properties/hh-lisbon/reconciliation/" + time.Now().AddDate(0, 0, -1).Format(time.DateOnly)},
		{"loyalty-dashboard", ben, "/v1/loyalty/dashboard"},
		{"merge-reviews", ben, "/v1/merge-reviews"},
		{"loyalty-programme", ben, "/v1/loyalty/programme"},
	} {
		b.Run(c.name, func(b *testing.B) {
			took := make([]time.Duration, 0, b.N)
			for b.Loop() {
				start := time.Now()
				send(b, c.user, "GET", c.path)
				took = append(took, time.Since(start))
			}
			sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
			at := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))]) / float64(time.Millisecond) }
			b.ReportMetric(at(0.50), "p50-ms")
			b.ReportMetric(at(0.95), "p95-ms")
		})
	}
}
