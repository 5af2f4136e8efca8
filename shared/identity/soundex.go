package identity

// soundexCodes are American Soundex digit classes for a..z (0 means "not coded").
var soundexCodes = [26]byte{
	'0', '1', '2', '3', '0', '1', '2', '0', '0', '2', '2', '4', '5', '5', '0', '1', '2', '6', '2', '3', '0', '1', '0', '2', '0', '2',
}

// soundex returns the American Soundex code of a normalised name (letters a-z; anything else is skipped), e.g.
// "robert" → "r163". Names that sound alike share a code, which makes a blocking key tolerant of typos.
func soundex(s string) string {
	var out [4]byte
	n := 0
	var last byte
	for i := 0; i < len(s) && n < 4; i++ {
		c := s[i]
		if c < 'a' || c > 'z' {
			continue
		}
		code := soundexCodes[c-'a']
		if n == 0 {
			out[0] = c
			n = 1
			last = code
			continue
		}
		if code != '0' && code != last {
			out[n] = code
			n++
		}
		if c != 'h' && c != 'w' {
			last = code
		}
	}
	if n == 0 {
		return ""
	}
	for n < 4 {
		out[n] = '0'
		n++
	}
	return string(out[:])
}
