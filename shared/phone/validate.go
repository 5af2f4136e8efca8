package phone

type lengthResult int

const (
	isPossible lengthResult = iota
	isPossibleLocalOnly
	tooShort
	tooLong
	invalidLength
)

// testNumberLength checks a national number's length against the territory's general possible lengths
// (phonenumbers' testNumberLength for type UNKNOWN; the generator guarantees they are not empty).
func testNumberLength(number string, p plan) lengthResult {
	lengths := p.general.lengths
	if lengths[0] == -1 {
		return invalidLength
	}
	n := len(number)
	for _, l := range p.localOnly {
		if int(l) == n {
			return isPossibleLocalOnly
		}
	}
	switch minimum := int(lengths[0]); {
	case minimum == n:
		return isPossible
	case minimum > n:
		return tooShort
	case int(lengths[len(lengths)-1]) < n:
		return tooLong
	}
	for _, l := range lengths[1:] {
		if int(l) == n {
			return isPossible
		}
	}
	return invalidLength
}

// isValid reports whether nsn is a valid number under calling code cc (phonenumbers' IsValidNumber): it must belong
// to one of the code's regions and be of some known type there. (IsValidNumberForRegion also compares the region's
// calling code with cc; the generator has checked they agree.)
func isValid(cc int, nsn string) bool {
	first, end := forCallingCode(cc)
	switch end - first {
	case 0:
		return false
	case 1:
		return hasType(planAt(first), nsn)
	}
	// getRegionCodeForNumberFromRegionList: the first region whose leading digits match or, for regions without
	// leading digits, that has a type the number is; then the number must be valid there, which for a region
	// picked by its leading digits is not yet known.
	for i := first; i < end; i++ {
		p := planAt(i)
		if p.leadingDigits != "" {
			if p.leadingDigitsRE().MatchString(nsn) {
				return hasType(p, nsn)
			}
		} else if hasType(p, nsn) {
			return true
		}
	}
	return false
}

// hasType reports whether getNumberTypeHelper would return a type other than UNKNOWN: the number matches the
// general description and one of the types'.
func hasType(p plan, nsn string) bool {
	if !fitsLength(p.general, nsn) || !p.generalRE().MatchString(nsn) {
		return false
	}
	for i := range p.types {
		if fitsLength(p.types[i], nsn) && p.typeRE(i).MatchString(nsn) {
			return true
		}
	}
	return false
}

// fitsLength is isNumberPossibleForDesc's length test: a description without lengths has the general ones, which
// were tested first.
func fitsLength(d desc, nsn string) bool {
	if len(d.lengths) == 0 {
		return true
	}
	for _, l := range d.lengths {
		if int(l) == len(nsn) {
			return true
		}
	}
	return false
}
