package identity

// Field is an attribute two profiles are compared on.
type Field uint8

// The compared fields, in the order Score lists them.
const (
	FieldFirstName Field = iota
	FieldLastName
	FieldDateOfBirth
	FieldEmail
	FieldPhone
	FieldAddress1
	FieldAddress2
	FieldCity
	FieldPostcode
	FieldState
	FieldCountry
	FieldLoyaltyNumber
	FieldCardHash
	FieldIDNumber
	// NumFields is the number of compared fields.
	NumFields
)

var fieldNames = [NumFields]string{
	"first_name", "last_name", "date_of_birth", "email", "phone", "address_1", "address_2", "city", "postcode",
	"state", "country", "loyalty_number", "card_hash", "id_number",
}

// String returns the field's CSV column name.
func (f Field) String() string {
	if f < NumFields {
		return fieldNames[f]
	}
	return "field?"
}

// Level is how well two values of one field agree, best first. Which levels a field uses is listed in
// FieldLevels.
type Level uint8

// The agreement levels.
const (
	// Missing means one side (or both) is blank: no evidence either way.
	Missing Level = iota
	// Exact agreement after normalisation.
	Exact
	// Alias is a nickname of the same given name (Bill and William).
	Alias
	// Close is a near miss: one typo, a partial date, near-identical text.
	Close
	// Similar is weaker likeness.
	Similar
	// Initial means one given name is a single letter that starts the other (J and John): it fits, but it would
	// fit Jane as well.
	Initial
	// Disagree means the values differ.
	Disagree
	// NumLevels is the number of levels.
	NumLevels
)

var levelNames = [NumLevels]string{"missing", "exact", "alias", "close", "similar", "initial", "disagree"}

// String returns the level's name.
func (l Level) String() string {
	if l < NumLevels {
		return levelNames[l]
	}
	return "level?"
}

// FieldLevels lists, per field, the levels its comparator can produce besides Missing.
var FieldLevels = [NumFields][]Level{
	FieldFirstName:     {Exact, Alias, Close, Similar, Initial, Disagree},
	FieldLastName:      {Exact, Close, Similar, Disagree},
	FieldDateOfBirth:   {Exact, Close, Disagree},
	FieldEmail:         {Exact, Close, Disagree},
	FieldPhone:         {Exact, Close, Similar, Disagree},
	FieldAddress1:      {Exact, Close, Similar, Disagree},
	FieldAddress2:      {Exact, Close, Similar, Disagree},
	FieldCity:          {Exact, Close, Disagree},
	FieldPostcode:      {Exact, Close, Disagree},
	FieldState:         {Exact, Disagree},
	FieldCountry:       {Exact, Disagree},
	FieldLoyaltyNumber: {Exact, Close, Disagree},
	FieldCardHash:      {Exact, Disagree},
	FieldIDNumber:      {Exact, Close, Disagree},
}

// Comparison is the agreement level of every field of a pair of profiles.
type Comparison struct {
	Levels  [NumFields]Level
	Swapped bool // the names agree better crosswise (first with last), so they were compared that way
}

// Compare compares a and b field by field. Names are compared both straight and crosswise (a guest entered as
// "Smith John"), keeping the orientation that agrees better; so are the two address lines.
func Compare(a, b *Profile) Comparison {
	var c Comparison
	c.Levels[FieldFirstName] = nameLevel(&a.first, &b.first, true)
	c.Levels[FieldLastName] = nameLevel(&a.last, &b.last, false)
	if c.Levels[FieldFirstName] != Exact || c.Levels[FieldLastName] != Exact {
		// Crosswise, one record's first name field holds its surname; which record is the swapped one is unknown,
		// so either cross pair may be the given names.
		given, family := nameLevel(&a.first, &b.last, true), nameLevel(&a.last, &b.first, false)
		g2, f2 := nameLevel(&a.last, &b.first, true), nameLevel(&a.first, &b.last, false)
		if readingKey(g2, f2) < readingKey(given, family) {
			given, family = g2, f2
		}
		first, last := c.Levels[FieldFirstName], c.Levels[FieldLastName]
		if rank(given)+rank(family) < rank(first)+rank(last) && missing(given, family) <= missing(first, last) {
			c.Levels[FieldFirstName], c.Levels[FieldLastName], c.Swapped = given, family, true
		}
	}
	c.Levels[FieldDateOfBirth] = dateLevel(a.DateOfBirth, b.DateOfBirth)
	c.Levels[FieldEmail] = emailLevel(&a.Email, &b.Email)
	c.Levels[FieldPhone] = phoneLevel(a.Phone.E164, b.Phone.E164)
	c.Levels[FieldAddress1] = addressLevel(&a.addr1, &b.addr1)
	c.Levels[FieldAddress2] = addressLevel(&a.addr2, &b.addr2)
	if c.Levels[FieldAddress1] != Exact && (a.addr2.compact != "" || b.addr2.compact != "") {
		x1, x2 := addressLevel(&a.addr1, &b.addr2), addressLevel(&a.addr2, &b.addr1)
		l1, l2 := c.Levels[FieldAddress1], c.Levels[FieldAddress2]
		if rank(x1)+rank(x2) < rank(l1)+rank(l2) && missing(x1, x2) <= missing(l1, l2) {
			if rank(x2) < rank(x1) {
				x1, x2 = x2, x1 // the better agreement counts as the first line, whichever record is a
			}
			c.Levels[FieldAddress1], c.Levels[FieldAddress2] = x1, x2
		}
	}
	c.Levels[FieldCity] = placeLevel(&a.city, &b.city)
	c.Levels[FieldPostcode] = codeLevel(a.Postcode, b.Postcode, 4)
	c.Levels[FieldState] = codeLevel(a.State, b.State, 0)
	c.Levels[FieldCountry] = codeLevel(a.Country, b.Country, 0)
	c.Levels[FieldLoyaltyNumber] = codeLevel(a.LoyaltyNumber, b.LoyaltyNumber, 5)
	c.Levels[FieldCardHash] = codeLevel(a.CardHash, b.CardHash, 0)
	c.Levels[FieldIDNumber] = codeLevel(a.IDNumber, b.IDNumber, 5)
	return c
}

// rank orders levels for choosing a name orientation: lower is better, missing counts as neutral.
func rank(l Level) int {
	switch l {
	case Exact:
		return 0
	case Alias:
		return 1
	case Close:
		return 2
	case Missing, Similar, Initial:
		return 3
	}
	return 5
}

// readingKey orders two crosswise readings of the names: fewer and better disagreements first, then the better
// given name, then anything, so that the choice (and Compare) does not depend on which record is a.
func readingKey(given, family Level) int {
	return (rank(given)+rank(family))*1000 + rank(given)*100 + int(given)*10 + int(family)
}

// missing counts the Missing levels among ls: a crosswise reading may not win by hiding evidence.
func missing(ls ...Level) int {
	n := 0
	for _, l := range ls {
		if l == Missing {
			n++
		}
	}
	return n
}

// pattern packs the comparison into a map key: three bits per field and the swapped flag.
func (c *Comparison) pattern() uint64 {
	var p uint64
	for f := range NumFields {
		p |= uint64(c.Levels[f]) << (3 * f)
	}
	if c.Swapped {
		p |= 1 << 63
	}
	return p
}

func comparisonOf(p uint64) Comparison {
	var c Comparison
	for f := range NumFields {
		c.Levels[f] = Level(p >> (3 * f) & 7)
	}
	c.Swapped = p>>63 == 1
	return c
}
