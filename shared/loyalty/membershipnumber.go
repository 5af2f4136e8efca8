package loyalty

// MembershipNumber is a member's public number: nine digits from a sequence and a Damm check digit, so a mistyped
// or transposed digit is refused at the desk instead of crediting a stranger.
type MembershipNumber string

const membershipBody = 9

// NewMembershipNumber returns the number for sequence value seq (1 to 999,999,999).
func NewMembershipNumber(seq uint64) (MembershipNumber, error) {
	body, ok := padDigits(seq, membershipBody)
	if seq == 0 || !ok {
		return "", invalid("sequence", "must be between 1 and 999999999")
	}
	return MembershipNumber(body + string(dammDigit(body))), nil
}

// ParseMembershipNumber reads a number as typed (spaces and hyphens allowed) and checks its digit.
func ParseMembershipNumber(s string) (MembershipNumber, error) {
	d := stripSeparators(s)
	if len(d) != membershipBody+1 || !allDigits(d) || !dammValid(d) {
		return "", &NumberError{Kind: "membership number", Input: quote(s)}
	}
	return MembershipNumber(d), nil
}

// NewCertificateCode returns the printable code of a benefit certificate: eleven digits from a sequence and a
// Damm check digit, read back at check-in with ParseCertificateCode.
func NewCertificateCode(seq uint64) (string, error) {
	body, ok := padDigits(seq, 11)
	if seq == 0 || !ok {
		return "", invalid("sequence", "must be between 1 and 99999999999")
	}
	return body + string(dammDigit(body)), nil
}

// ParseCertificateCode reads a certificate code as typed and checks its digit.
func ParseCertificateCode(s string) (string, error) {
	d := stripSeparators(s)
	if len(d) != 12 || !allDigits(d) || !dammValid(d) {
		return "", &NumberError{Kind: "certificate code", Input: quote(s)}
	}
	return d, nil
}

// NumberError says which kind of number failed its format or check digit; it matches ErrInvalidNumber.
type NumberError struct {
	Kind  string
	Input string // quoted and truncated
}

// Error implements error.
func (e *NumberError) Error() string { return "invalid " + e.Kind + " " + e.Input }

// Unwrap lets errors.Is(err, ErrInvalidNumber) match.
func (e *NumberError) Unwrap() error { return ErrInvalidNumber }
