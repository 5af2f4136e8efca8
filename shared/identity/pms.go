package identity

// PMSRule is the deterministic rule hotels know from their property management systems: two profiles are the
// same guest when their last names are the same and then, looking at the first of these both profiles have, the
// card hash is the same, else the phone, else the first address line. A difference at the deciding step is a
// conflict; a pair with nothing to decide on is New.
type PMSRule struct{}

// Keys returns last name + card, last name + phone and last name + first address line.
func (PMSRule) Keys(p *Profile) []Key {
	var e keyEmitter
	pmsKeys(p, &e)
	return e.keys
}

func pmsKeys(p *Profile, e *keyEmitter) {
	e.add(KeyLastNameCard, p.last.compact, p.CardHash)
	e.add(KeyLastNamePhone, p.last.compact, p.Phone.E164)
	e.add(KeyLastNameAddress1, p.last.compact, p.addr1.compact)
}

// Score applies the rule. Total is 1 for a match and 0 otherwise; Fields shows the last name and the deciding
// field with weight 1 when they agree.
func (PMSRule) Score(a, b *Profile) Score {
	s := Score{Fields: make([]Contribution, 0, 2)}
	agree := func(f Field, x, y string) bool {
		ok := x == y
		c := Contribution{Field: f, Level: Disagree}
		if ok {
			c.Level, c.Weight = Exact, 1
		}
		s.Fields = append(s.Fields, c)
		return ok
	}
	if a.last.compact == "" || b.last.compact == "" {
		s.Fields = append(s.Fields, Contribution{Field: FieldLastName, Level: Missing})
		return s
	}
	if !agree(FieldLastName, a.last.compact, b.last.compact) {
		s.Conflict = "last names differ"
		return s
	}
	var same bool
	switch {
	case a.CardHash != "" && b.CardHash != "":
		same = agree(FieldCardHash, a.CardHash, b.CardHash)
	case a.Phone.E164 != "" && b.Phone.E164 != "":
		same = agree(FieldPhone, a.Phone.E164, b.Phone.E164)
	case a.addr1.compact != "" && b.addr1.compact != "":
		same = agree(FieldAddress1, a.addr1.compact, b.addr1.compact)
	default:
		return s
	}
	if same {
		s.Total, s.Decision = 1, Merge
	} else {
		s.Conflict = s.Fields[len(s.Fields)-1].Field.String() + " differs"
	}
	return s
}
