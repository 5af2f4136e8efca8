package identitytest

import (
	"math"
	"math/rand/v2"
	"strings"
)

// rng is a seeded random source with the helpers the generator needs.
type rng struct{ *rand.Rand }

func newRNG(seed uint64) *rng { return &rng{rand.New(rand.NewPCG(seed, 0x5eed))} }

// chance returns true with probability p.
func (r *rng) chance(p float64) bool { return r.Float64() < p }

func (r *rng) digits(n int) string { return r.digitsFrom("0123456789", n) }

func (r *rng) digitsFrom(set string, n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(set[r.IntN(len(set))])
	}
	return b.String()
}

func (r *rng) letters(n int) string { return r.digitsFrom("ABCDEFGHJKLMNPRSTUWXYZ", n) }

func (r *rng) hex(n int) string { return r.digitsFrom("0123456789abcdef", n) }

// zipf picks an index in [0, n) with weight 1/(i+1)^s: early entries are common, late ones rare.
func (r *rng) zipf(n int, s float64) int {
	// Inverse-transform sampling of the continuous approximation, good enough for test data.
	u := r.Float64()
	if s == 1 {
		return min(n-1, int(math.Exp(u*math.Log(float64(n+1))))-1)
	}
	a := 1 - s
	x := math.Pow(u*(math.Pow(float64(n+1), a)-1)+1, 1/a)
	return min(n-1, max(0, int(x)-1))
}

func pick[T any](r *rng, xs []T) T { return xs[r.IntN(len(xs))] }

// typo changes one letter of s: a substitution, a deletion, an insertion or a swap of neighbours.
func (r *rng) typo(s string) string {
	b := []rune(s)
	if len(b) < 3 {
		return s
	}
	i := 1 + r.IntN(len(b)-2)
	switch r.IntN(4) {
	case 0:
		b[i] = rune('a' + r.IntN(26))
	case 1:
		b = append(b[:i], b[i+1:]...)
	case 2:
		b = append(b[:i], append([]rune{rune('a' + r.IntN(26))}, b[i:]...)...)
	default:
		b[i], b[i+1] = b[i+1], b[i]
	}
	return string(b)
}
