package devstack_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/devstack"
	"github.com/hearthcrm/hearth/shared/intake"
)

// BenchmarkIngestedStayCalls reports the DynamoDB calls one checked-out stay costs end to end: the signed webhook
// (source, signature replay guard, sync health), matching, Guest 360, loyalty and the journal. New guests are
// created by matching; returning members are matched to themselves and earn points.
func BenchmarkIngestedStayCalls(b *testing.B) {
	const stays = 50
	ctx := context.Background()
	st, err := devstack.Start(ctx, devstack.Options{Seed: true, DataDir: b.TempDir(), Visibility: 5 * time.Millisecond, TablePrefix: "bench-", CacheSettings: true})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(st.Handler)
	defer func() { srv.Close(); st.Close() }()
	checkout := string(fixtureB(b))
	// stay is the i-th guest's stay in a round; person names who they are (the same person across rounds returns).
	stay := func(round int, person string) []byte {
		return []byte(strings.NewReplacer(`"R-88123"`, fmt.Sprintf(`"R-%d-%s"`, round, person), `"S-88123"`, fmt.Sprintf(`"S-%d-%s"`, round, person),
			`"P-5521"`, `"P-`+person+`"`, `"Sousa"`, `"Sousa `+person+`"`, `ana.sousa@example.com`, "ana.sousa."+person+"@example.com",
			`"5555555555554444"`, `"4111111111111111"`).Replace(checkout))
	}
	secret := st.Sources["hh-lisbon-pms"]
	var n int
	post := func(body []byte) {
		n++
		ts := strconv.FormatInt(time.Now().Add(time.Duration(n)*time.Millisecond).Unix(), 10)
		req, _ := http.NewRequest("POST", srv.URL+"/ingest/hh-lisbon-pms/checkout", strings.NewReader(string(body)))
		req.Header.Set("X-Hearth-Timestamp", ts)
		req.Header.Set("X-Hearth-Signature", "v1="+hex.EncodeToString(intake.Sign([]byte(secret), ts, body)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusAccepted {
			b.Fatalf("webhook: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	rounds := 0
	round := func(people func(i int) string) map[string]int {
		rounds++
		before := st.DB.Calls.Snapshot()
		for i := range stays {
			post(stay(rounds, people(i)))
		}
		dctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := st.Runtime.Drain(dctx); err != nil {
			b.Fatal(err)
		}
		return st.DB.Calls.Since(before)
	}
	report := func(b *testing.B, calls map[string]int) {
		total := 0
		ops := make([]string, 0, len(calls))
		for op, c := range calls {
			total += c
			ops = append(ops, op)
		}
		sort.Strings(ops)
		for _, op := range ops {
			b.ReportMetric(float64(calls[op])/stays, op+"/stay")
		}
		b.ReportMetric(float64(total)/stays, "calls/stay")
	}
	b.Run("new-guest", func(b *testing.B) {
		for range b.N {
			r := rounds
			report(b, round(func(i int) string { return fmt.Sprintf("%d-%d", r, i) }))
		}
	})
	// The first round's guests enrol and come back.
	rw, err := st.App.Rewards()
	if err != nil {
		b.Fatal(err)
	}
	checkedOut, err := st.App.JournalStore().Day(ctx, "2026-12-22")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range checkedOut {
		if e.GuestID != "" {
			if _, err := rw.Enrol(ctx, e.GuestID); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("returning-member", func(b *testing.B) {
		for range b.N {
			report(b, round(func(i int) string { return fmt.Sprintf("0-%d", i) }))
		}
	})
}

func fixtureB(b *testing.B) []byte {
	b.Helper()
	raw, err := os.ReadFile("../ingest/testdata/json/check_out.json")
	if err != nil {
		b.Fatal(err)
	}
	return raw
}
