package identity

// conflict returns why a pair may not auto-merge, or "". Households share a last name, an address, a landline
// and sometimes a card; colleagues share a card, an office and a switchboard: what tells people apart is the
// given name and the date of birth. So:
//
//   - a pair with a given name missing or reduced to an initial on one side needs a date of birth or an email
//     that agrees;
//   - a pair whose given names differ (no better than "similar") needs dates of birth that agree;
//   - a pair whose dates of birth differ needs given names that agree (exactly or but for a typo);
//   - a pair whose last names differ needs dates of birth that agree.
//
// A document or loyalty number that agrees vouches for any pair.
func conflict(c *Comparison) string {
	l := &c.Levels
	if l[FieldIDNumber] == Exact || l[FieldIDNumber] == Close || l[FieldLoyaltyNumber] == Exact {
		return ""
	}
	dobAgree := l[FieldDateOfBirth] == Exact || l[FieldDateOfBirth] == Close
	first := l[FieldFirstName]
	switch {
	case (first == Missing || first == Initial) && !dobAgree && l[FieldEmail] != Exact:
		return "a given name is missing or an initial, and no date of birth or email agrees"
	case (first == Similar || first == Disagree) && !dobAgree:
		return "given names differ and no date of birth agrees"
	case l[FieldDateOfBirth] == Disagree && first != Exact && first != Close:
		return "dates of birth differ and the given names do not agree"
	case l[FieldLastName] == Disagree && !dobAgree:
		return "last names differ and no date of birth agrees"
	}
	return ""
}
