package loyalty

import (
	"math"
	"math/bits"
)

// mulDivFloor returns floor(a·b/c) for a, b ≥ 0 and c > 0 through a 128-bit product, so a large folio in yen
// times a rate never overflows on the way; a result beyond int64 saturates, as no real stay gets there.
func mulDivFloor(a, b, c int64) int64 {
	if a <= 0 || b <= 0 || c <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(c) {
		return math.MaxInt64
	}
	q, _ := bits.Div64(hi, lo, uint64(c))
	if q > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(q)
}

// addSat adds two non-negative point counts, saturating rather than wrapping to a negative award.
func addSat(a, b int64) int64 {
	if s := a + b; s >= a {
		return s
	}
	return math.MaxInt64
}

// addMoney adds minor units and reports overflow, which only hostile input reaches.
func addMoney(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}
