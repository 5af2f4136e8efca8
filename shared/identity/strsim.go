package identity

// stringSim holds the string comparators; they work on bytes when both strings are ASCII and on runes otherwise.

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// jaroWinkler returns the Jaro-Winkler similarity of a and b in [0, 1] (prefix scale 0.1, up to 4 characters).
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	if isASCII(a) && isASCII(b) {
		return jaroWinklerOf([]byte(a), []byte(b))
	}
	return jaroWinklerOf([]rune(a), []rune(b))
}

func jaroWinklerOf[T byte | rune](a, b []T) float64 {
	j := jaro(a, b)
	if j <= 0.7 {
		return j
	}
	l := 0
	for l < 4 && l < len(a) && l < len(b) && a[l] == b[l] {
		l++
	}
	return j + float64(l)*0.1*(1-j)
}

func jaro[T byte | rune](a, b []T) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	window := len(b)/2 - 1
	if window < 0 {
		window = 0
	}
	var bufA, bufB [64]bool
	ma, mb := bufA[:0], bufB[:0]
	if len(a) <= 64 && len(b) <= 64 {
		ma, mb = bufA[:len(a)], bufB[:len(b)]
	} else {
		ma, mb = make([]bool, len(a)), make([]bool, len(b))
	}
	matches := 0
	for i := range a {
		lo, hi := max(0, i-window), min(len(b), i+window+1)
		for k := lo; k < hi; k++ {
			if !mb[k] && a[i] == b[k] {
				ma[i], mb[k] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	trans, k := 0, 0
	for i := range a {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			trans++
		}
		k++
	}
	m := float64(matches)
	return (m/float64(len(a)) + m/float64(len(b)) + (m-float64(trans/2))/m) / 3
}

// editDistance returns the optimal-string-alignment distance of a and b (insertions, deletions, substitutions and
// adjacent transpositions), or limit+1 as soon as it is known to exceed limit.
func editDistance(a, b string, limit int) int {
	if a == b {
		return 0
	}
	if isASCII(a) && isASCII(b) {
		return osa([]byte(a), []byte(b), limit)
	}
	return osa([]rune(a), []rune(b), limit)
}

func osa[T byte | rune](a, b []T, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	var buf [3 * 65]int
	n := len(b) + 1
	var prev2, prev, cur []int
	if 3*n <= len(buf) {
		prev2, prev, cur = buf[:n], buf[n:2*n], buf[2*n:3*n]
	} else {
		all := make([]int, 3*n)
		prev2, prev, cur = all[:n], all[n:2*n], all[2*n:]
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}
