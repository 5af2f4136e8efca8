package identity_test

import (
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/identity/identitytest"
)

// BenchmarkDedupe dedupes generated hotel profiles and reports records/s, records/s per core and the peak live
// heap. HEARTH_DEDUPE_BENCH_RECORDS sets the size (default 100,000; the target is 1,000,000 at
// ≥ 10,000 records/s/core within 4 GB).
func BenchmarkDedupe(b *testing.B) {
	n := 100_000
	if s := os.Getenv("HEARTH_DEDUPE_BENCH_RECORDS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 2 {
			b.Fatalf("HEARTH_DEDUPE_BENCH_RECORDS=%q: want a number ≥ 2", s)
		}
		n = v
	}
	ds := identitytest.Generate(identitytest.Options{Records: n, Seed: 42})
	cfg := hotelConfig(ds)
	runtime.GC()
	peak := watchHeap()
	b.ResetTimer()
	start := time.Now()
	var res *identity.Result
	for b.Loop() {
		var err error
		if res, err = identity.Dedupe(ds.Records, cfg); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	heap := peak()
	perSec := float64(len(ds.Records)) * float64(b.N) / elapsed.Seconds()
	b.ReportMetric(perSec, "records/s")
	b.ReportMetric(perSec/float64(runtime.GOMAXPROCS(0)), "records/s/core")
	b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(res.Stats.Candidates)/float64(len(ds.Records)), "candidates/record")
	b.ReportMetric(0, "ns/op")
}

// watchHeap samples the live heap every 10 ms until the returned function is called, which returns the peak.
func watchHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}
