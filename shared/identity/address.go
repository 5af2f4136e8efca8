package identity

import "strings"

// streetWords maps the usual abbreviations of street types and unit words to one spelling, so "12 High St" and
// "12 high street" agree. Both sides of a comparison go through the same map, so the odd "st" that means "saint"
// still agrees with itself.
var streetWords = map[string]string{
	"st": "street", "str": "street", "rd": "road", "ave": "avenue", "av": "avenue", "blvd": "boulevard",
	"dr": "drive", "drv": "drive", "ln": "lane", "ct": "court", "crt": "court", "cres": "crescent",
	"cr": "crescent", "pl": "place", "sq": "square", "hwy": "highway", "pde": "parade", "tce": "terrace",
	"ter": "terrace", "cct": "circuit", "cl": "close", "esp": "esplanade", "gr": "grove", "gve": "grove",
	"pkwy": "parkway", "cir": "circle", "mt": "mount", "apt": "apartment", "ste": "suite", "fl": "floor",
	"flr": "floor", "bldg": "building", "n": "north", "s": "south", "e": "east", "w": "west",
	"no": "number", "hse": "house", "rte": "route", "wy": "way",
}

// NormalizeAddress returns an address line lower-cased, accent-folded, without punctuation and with street-type
// abbreviations spelt out: "12, High St." → "12 high street".
func NormalizeAddress(s string) string {
	n := foldText(s, true)
	if n == "" {
		return ""
	}
	toks := strings.Split(n, " ")
	changed := false
	for i, t := range toks {
		if full, ok := streetWords[t]; ok {
			toks[i] = full
			changed = true
		}
	}
	if !changed {
		return n
	}
	return strings.Join(toks, " ")
}

// tokenSimilarity is the fuzzy Dice coefficient of two token lists: tokens pair up, equal ones first, then each
// remaining token with its best unused partner when their Jaro-Winkler similarity is at least 0.88 and neither is
// a number (house numbers must match exactly); the pairs' similarities are summed and divided by the mean length.
// Pairing is greedy, so both directions are tried and the better kept: the result does not depend on the order
// of the arguments.
func tokenSimilarity(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	return max(tokenPairing(a, b), tokenPairing(b, a)) / float64(len(a)+len(b)) * 2
}

func tokenPairing(a, b []string) float64 {
	var usedA, usedB [16]bool
	if len(a) > len(usedA) || len(b) > len(usedB) {
		a, b = a[:min(len(a), len(usedA))], b[:min(len(b), len(usedB))]
	}
	sum := 0.0
	for i, x := range a {
		for k, y := range b {
			if !usedB[k] && x == y {
				usedA[i], usedB[k] = true, true
				sum++
				break
			}
		}
	}
	for i, x := range a {
		if usedA[i] || allDigits(x) {
			continue
		}
		best, bestK := 0.0, -1
		for k, y := range b {
			if usedB[k] || allDigits(y) {
				continue
			}
			if s := jaroWinkler(x, y); s >= 0.88 && s > best {
				best, bestK = s, k
			}
		}
		if bestK >= 0 {
			usedB[bestK] = true
			sum += best
		}
	}
	return sum
}

// addressLevel compares two normalised address lines: exact (ignoring spaces); close when the fuzzy token
// similarity is at least 0.85; similar from 0.5; disagree.
func addressLevel(a, b *addressForm) Level {
	if a.compact == "" || b.compact == "" {
		return Missing
	}
	if a.compact == b.compact {
		return Exact
	}
	switch s := tokenSimilarity(a.tokens, b.tokens); {
	case s >= 0.85:
		return Close
	case s >= 0.5:
		return Similar
	}
	return Disagree
}

// addressForm is an address line prepared once for many comparisons.
type addressForm struct {
	full    string
	compact string
	tokens  []string
}

func newAddressForm(normalised string) addressForm {
	if normalised == "" {
		return addressForm{}
	}
	return addressForm{full: normalised, compact: compact(normalised), tokens: strings.Fields(normalised)}
}

// placeLevel compares towns and cities: exact (ignoring spaces); close when Jaro-Winkler ≥ 0.90 or the token
// similarity ≥ 0.8; disagree.
func placeLevel(a, b *addressForm) Level {
	if a.compact == "" || b.compact == "" {
		return Missing
	}
	if a.compact == b.compact {
		return Exact
	}
	if jaroWinkler(a.compact, b.compact) >= 0.90 || tokenSimilarity(a.tokens, b.tokens) >= 0.8 {
		return Close
	}
	return Disagree
}

// codeLevel compares identifiers typed by people (postcodes, document and loyalty numbers): exact; close when one
// typo apart and long enough for a typo to mean anything; disagree.
func codeLevel(a, b string, minLenForTypo int) Level {
	if a == "" || b == "" {
		return Missing
	}
	if a == b {
		return Exact
	}
	if minLenForTypo > 0 && min(len(a), len(b)) >= minLenForTypo && editDistance(a, b, 1) <= 1 {
		return Close
	}
	return Disagree
}

// normalizeCode keeps the letters and digits of an identifier, lower-cased: "SW1A 1AA" → "sw1a1aa".
func normalizeCode(s string) string {
	return compact(foldText(s, true))
}
