package identity

import (
	"sync"
	"sync/atomic"
)

// candidate is a pair of records that share a block, with their comparison pattern.
type candidate struct {
	a, b    int32
	pattern uint64
}

// chunkSize is how many records a worker takes at a time: small enough to balance, large enough to amortise.
const chunkSize = 2048

// findCandidates compares every pair of records that share at least one block, once. Each worker keeps a stamp
// per record (the last record it was compared against) to skip pairs seen through another block. The result is
// in record order whatever the number of workers.
func findCandidates(ps []Profile, idx *blockIndex, workers int, progress func(done int)) []candidate {
	chunks := (len(ps) + chunkSize - 1) / chunkSize
	results := make([][]candidate, chunks)
	var next, done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			stamp := make([]int32, len(ps))
			for i := range stamp {
				stamp[i] = -1
			}
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				lo, hi := c*chunkSize, min((c+1)*chunkSize, len(ps))
				var out []candidate
				for i := lo; i < hi; i++ {
					for _, b := range idx.recBlocks[idx.recStart[i]:idx.recStart[i+1]] {
						for _, j := range idx.members[idx.starts[b]:idx.starts[b+1]] {
							if int(j) <= i || stamp[j] == int32(i) {
								continue
							}
							stamp[j] = int32(i)
							cmp := Compare(&ps[i], &ps[j])
							out = append(out, candidate{a: int32(i), b: j, pattern: cmp.pattern()})
						}
					}
				}
				results[c] = out
				d := done.Add(int64(hi - lo))
				if progress != nil {
					mu.Lock()
					progress(int(d))
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	n := 0
	for _, r := range results {
		n += len(r)
	}
	all := make([]candidate, 0, n)
	for _, r := range results {
		all = append(all, r...)
	}
	return all
}
