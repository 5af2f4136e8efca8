package identity

import "slices"

// edge is a scored pair of records.
type edge struct {
	a, b  int32
	total float32
}

// coherenceSample is how many members of each cluster a join checks against each other.
const coherenceSample = 8

// clusters is a union-find over records that joins them along merge edges, strongest first, and refuses a join
// when the two clusters would not stay coherent (see coherent). A cluster larger than coherenceSample is checked
// through an even spread of its members.
type clusters struct {
	parent  []int32
	members [][]int32 // members of each root, in join order; nil for non-roots
}

func newClusters(n int) *clusters {
	c := &clusters{parent: make([]int32, n), members: make([][]int32, n)}
	for i := range c.parent {
		c.parent[i] = int32(i)
	}
	return c
}

func (c *clusters) find(x int32) int32 {
	for c.parent[x] != x {
		c.parent[x] = c.parent[c.parent[x]]
		x = c.parent[x]
	}
	return x
}

func (c *clusters) list(root int32) []int32 {
	if c.members[root] == nil {
		return []int32{root}
	}
	return c.members[root]
}

// join processes merge edges in order of decreasing score and returns the refused ones. check scores a cross pair.
func (c *clusters) join(merges []edge, lower float64, check func(a, b int32) (float64, bool)) []edge {
	slices.SortFunc(merges, func(x, y edge) int {
		switch {
		case x.total > y.total:
			return -1
		case x.total < y.total:
			return 1
		case x.a != y.a:
			return int(x.a - y.a)
		}
		return int(x.b - y.b)
	})
	var refused []edge
	for _, e := range merges {
		ra, rb := c.find(e.a), c.find(e.b)
		if ra == rb {
			continue
		}
		if !c.coherent(c.list(ra), c.list(rb), lower, check) {
			refused = append(refused, e)
			continue
		}
		ma, mb := c.list(ra), c.list(rb)
		if len(ma) < len(mb) {
			ra, rb, ma, mb = rb, ra, mb, ma
		}
		c.parent[rb] = ra
		c.members[ra] = append(slices.Clip(ma), mb...)
		c.members[rb] = nil
	}
	return refused
}

// coherent reports whether clusters a and b may join: fewer than half of their checked cross pairs may have a
// conflict, and the cross pairs must score at least lower on average.
func (c *clusters) coherent(a, b []int32, lower float64, check func(a, b int32) (float64, bool)) bool {
	sa, sb := spread(a), spread(b)
	sum, conflicts := 0.0, 0
	pairs := len(sa) * len(sb)
	for _, x := range sa {
		for _, y := range sb {
			t, conflicted := check(x, y)
			if conflicted {
				if conflicts++; 2*conflicts >= pairs {
					return false
				}
			}
			sum += t
		}
	}
	return sum/float64(pairs) >= lower
}

// spread returns up to coherenceSample members evenly spread over the list, starting with the first.
func spread(m []int32) []int32 {
	if len(m) <= coherenceSample {
		return m
	}
	out := make([]int32, coherenceSample)
	for i := range out {
		out[i] = m[i*len(m)/coherenceSample]
	}
	return out
}
