package identity

import (
	"slices"
	"sync"
)

// Batch-only key kinds that count how common a name is (term frequencies); they never form blocks.
const (
	kindFirstNameTF KeyKind = 62
	kindLastNameTF  KeyKind = 63
)

// tfFieldOf maps a key kind whose runs count a value's frequency to the field it weighs.
func tfFieldOf(k KeyKind) (Field, bool) {
	switch k {
	case kindFirstNameTF:
		return FieldFirstName, true
	case kindLastNameTF:
		return FieldLastName, true
	case KeyEmail:
		return FieldEmail, true
	case KeyPhone:
		return FieldPhone, true
	case KeyCard:
		return FieldCardHash, true
	}
	return 0, false
}

// keyEntry is one blocking key hash of one record.
type keyEntry struct {
	hash uint64
	rec  int32
}

// blockIndex holds the usable blocks of a batch as compressed rows: the records of each block, and the blocks
// of each record.
type blockIndex struct {
	members   []int32 // block b is members[starts[b]:starts[b+1]], records ascending
	starts    []int32
	recStart  []int32 // record r's blocks are recBlocks[recStart[r]:recStart[r+1]]
	recBlocks []int32
	dropped   int // keys shared by more than MaxBlock records
}

// buildBlocks hashes every record's keys, sorts the hashes so equal keys sit together, keeps the runs of 2 to
// maxBlock records as blocks and, for the term-frequency kinds, records each value's frequency on the profiles
// and each field's population in pop.
func buildBlocks(ps []Profile, keys func(*Profile, *keyEmitter), maxBlock, workers int, pop *[NumFields]uint32) *blockIndex {
	entries := sortEntries(hashKeys(ps, keys, workers), workers)

	idx := &blockIndex{starts: []int32{0}}
	for s := 0; s < len(entries); {
		e := s + 1
		for e < len(entries) && entries[e].hash == entries[s].hash {
			e++
		}
		kind := hashKind(entries[s].hash)
		run := entries[s:e]
		if f, ok := tfFieldOf(kind); ok {
			pop[f] += uint32(len(run))
			for _, x := range run {
				ps[x.rec].freq[f] = uint32(len(run))
			}
		}
		switch {
		case kind == kindFirstNameTF || kind == kindLastNameTF || len(run) < 2:
		case len(run) > maxBlock:
			idx.dropped++
		default:
			for _, x := range run {
				idx.members = append(idx.members, x.rec)
			}
			idx.starts = append(idx.starts, int32(len(idx.members)))
		}
		s = e
	}

	idx.recStart = make([]int32, len(ps)+1)
	for _, r := range idx.members {
		idx.recStart[r+1]++
	}
	for r := range ps {
		idx.recStart[r+1] += idx.recStart[r]
	}
	idx.recBlocks = make([]int32, len(idx.members))
	fill := slices.Clone(idx.recStart[:len(ps)])
	for b := 0; b+1 < len(idx.starts); b++ {
		for _, r := range idx.members[idx.starts[b]:idx.starts[b+1]] {
			idx.recBlocks[fill[r]] = int32(b)
			fill[r]++
		}
	}
	return idx
}

// hashKeys emits the key hashes of all records, in parallel, in record order.
func hashKeys(ps []Profile, keys func(*Profile, *keyEmitter), workers int) []keyEntry {
	parts := make([][]keyEntry, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := len(ps)*w/workers, len(ps)*(w+1)/workers
		wg.Go(func() {
			out := make([]keyEntry, 0, (hi-lo)*10)
			e := keyEmitter{hashing: true}
			for r := lo; r < hi; r++ {
				e.hashes = e.hashes[:0]
				p := &ps[r]
				keys(p, &e)
				e.add(kindFirstNameTF, p.first.compact)
				e.add(kindLastNameTF, p.last.compact)
				for _, h := range e.hashes {
					out = append(out, keyEntry{hash: h, rec: int32(r)})
				}
			}
			parts[w] = out
		})
	}
	wg.Wait()
	return slices.Concat(parts...)
}

// sortEntries returns the entries sorted by hash, then record: a counting pass on the top 16 bits splits them into
// buckets that workers sort in parallel.
func sortEntries(entries []keyEntry, workers int) []keyEntry {
	const buckets = 1 << 16
	counts := make([]int, buckets+1)
	for _, e := range entries {
		counts[e.hash>>48+1]++
	}
	for b := range buckets {
		counts[b+1] += counts[b]
	}
	sorted := make([]keyEntry, len(entries))
	next := slices.Clone(counts[:buckets])
	for _, e := range entries {
		b := e.hash >> 48
		sorted[next[b]] = e
		next[b]++
	}
	jobs := make(chan int, buckets)
	for b := range buckets {
		if counts[b+1]-counts[b] > 1 {
			jobs <- b
		}
	}
	close(jobs)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for b := range jobs {
				slices.SortFunc(sorted[counts[b]:counts[b+1]], func(x, y keyEntry) int {
					switch {
					case x.hash < y.hash:
						return -1
					case x.hash > y.hash:
						return 1
					}
					return int(x.rec - y.rec)
				})
			}
		})
	}
	wg.Wait()
	return sorted
}
