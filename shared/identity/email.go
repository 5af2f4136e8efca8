package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// EmailStatus says whether a normalised email can be matched on.
type EmailStatus uint8

const (
	// EmailEmpty means no email was given.
	EmailEmpty EmailStatus = iota
	// EmailOK is a usable address.
	EmailOK
	// EmailRelay is a booking-site relay address: it forwards to the guest for one booking only, so it says
	// nothing about who the guest is and is never matched on.
	EmailRelay
	// EmailPlaceholder is what front desks type when there is no email (noemail@…, none@…).
	EmailPlaceholder
	// EmailInvalid is text that is not an address.
	EmailInvalid
)

// DefaultRelayDomains are the booking sites' per-reservation relay domains. A domain matches itself and its
// subdomains.
var DefaultRelayDomains = []string{
	"guest.booking.com",
	"m.expediapartnercentral.com",
	"expediapartnercentral.com",
	"guest.airbnb.com",
	"relay.airbnb.com",
	"reply.airbnb.com",
	"agoda-messaging.com",
	"guest.agoda.com",
	"guest.trip.com",
	"guest.hotels.com",
	"guest.hostelworld.com",
	"messages.tripadvisor.com",
}

// placeholderLocals are local parts staff type to get past a mandatory email field.
var placeholderLocals = map[string]bool{
	"noemail": true, "no-email": true, "no_email": true, "nomail": true, "none": true, "na": true, "n/a": true,
	"noreply": true, "no-reply": true, "donotreply": true, "unknown": true, "null": true, "test": true,
	"email": true, "guest": true, "noaddress": true, "x": true, "xx": true, "xxx": true,
}

// placeholderDomains are domains that never deliver to a guest.
var placeholderDomains = map[string]bool{
	"example.com": true, "example.org": true, "example.net": true, "test.com": true, "noemail.com": true,
	"none.com": true, "invalid": true, "localhost": true,
}

// Email is a normalised email address.
type Email struct {
	Address string // local@domain, lower case, +tag removed, dots removed on Gmail; "" unless Status is EmailOK
	Local   string
	Domain  string
	Status  EmailStatus
}

// NormalizeEmail lower-cases an address, removes its +tag and, on Gmail (and googlemail.com), its dots, and
// classifies it. Relay addresses are recognised against relayDomains (nil means DefaultRelayDomains).
func NormalizeEmail(s string, relayDomains []string) Email {
	s = strings.ToLower(strings.TrimSpace(s))
	const edges = "<>\"' ."
	s = strings.Trim(strings.TrimPrefix(strings.Trim(s, edges), "mailto:"), edges)
	if s == "" {
		return Email{}
	}
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.Count(s, "@") != 1 || strings.ContainsFunc(s, badEmailRune) {
		return Email{Status: EmailInvalid}
	}
	local, domain := s[:at], s[at+1:]
	if !validDomain(domain) {
		return Email{Status: EmailInvalid}
	}
	if relayDomains == nil {
		relayDomains = DefaultRelayDomains
	}
	for _, d := range relayDomains {
		if domain == d || strings.HasSuffix(domain, "."+d) {
			return Email{Local: local, Domain: domain, Status: EmailRelay}
		}
	}
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	if local == "" {
		return Email{Status: EmailInvalid}
	}
	if placeholderLocals[local] || placeholderDomains[domain] {
		return Email{Local: local, Domain: domain, Status: EmailPlaceholder}
	}
	return Email{Address: local + "@" + domain, Local: local, Domain: domain, Status: EmailOK}
}

// emailLevel compares two usable emails: exact; close when the domain is the same and the local parts are one
// or two typos apart, unless they differ only in digits (john.smith1 and john.smith2 are two mailboxes);
// disagree. The same local part on another domain is not evidence: people with the same name
// pick the same local part (robertsmith@gmail.com, robertsmith@outlook.com), so it adds nothing to the names.
func emailLevel(a, b *Email) Level {
	if a.Address == "" || b.Address == "" {
		return Missing
	}
	if a.Address == b.Address {
		return Exact
	}
	if a.Domain == b.Domain && stripDigits(a.Local) != stripDigits(b.Local) {
		limit := 1
		if min(len(a.Local), len(b.Local)) >= 8 {
			limit = 2
		}
		if editDistance(a.Local, b.Local, limit) <= limit {
			return Close
		}
	}
	return Disagree
}

// stripDigits removes the digits of s.
func stripDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if '0' <= r && r <= '9' {
			return -1
		}
		return r
	}, s)
}

// validDomain accepts dotted names of letters, digits and hyphens (and non-ASCII letters, for international
// domains) without empty labels, and localhost.
func validDomain(d string) bool {
	if d == "localhost" {
		return true
	}
	if !strings.Contains(d, ".") || strings.Contains(d, "..") || d[0] == '.' || d[len(d)-1] == '.' {
		return false
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if c < 0x80 && !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// badEmailRune reports characters no address written by a guest contains: spaces, controls, separators.
func badEmailRune(r rune) bool {
	return r <= ' ' || unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(",;:<>\"()[]\\", r) || r == utf8.RuneError
}
