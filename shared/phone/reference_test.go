package phone

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// reference is the implementation Normalise replaces (shared/ingest's NormalisePhone on phonenumbers v1.8.1).
func reference(s, region string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 {
		return "", false
	}
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:]
	}
	n, err := phonenumbers.Parse(s, strings.ToUpper(region))
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}
