package ingest

import (
	"strings"

	"github.com/hearthcrm/hearth/events"
)

// guestInput is a guest as any format describes it, before normalisation.
type guestInput struct {
	ID, FirstName, LastName, Email, Phone, Country, Language, Loyalty string
	Cards                                                             []string // card numbers seen on the message, best first
}

// namer turns a guest part ("email", "card.number") into a field path in the sender's format.
type namer func(part string) string

// guestOut is a normalised guest: the snapshot events carry, plus what only profiles carry.
type guestOut struct {
	snap     events.GuestSnapshot
	language string
}

// maxNameLen bounds names; PMS free-text name fields sometimes hold whole notes.
const maxNameLen = 100

// guest normalises a guest. Values that cannot be normalised (an email that is not an address, a phone that is
// not a number) are dropped with a WarnDropped warning: a stay must not be rejected for a mistyped phone, and a bad
// value must not become an identity key.
func (in *Ingester) guest(g guestInput, name namer, p *problems) guestOut {
	var o guestOut
	o.snap.SourceGuestID = ident(name("id"), g.ID, false, p)
	o.snap.FirstName = in.personName(name("firstName"), g.FirstName, p)
	o.snap.LastName = in.personName(name("lastName"), g.LastName, p)
	if strings.TrimSpace(g.Email) != "" {
		if e, ok := NormaliseEmail(g.Email); ok {
			o.snap.Email = e
		} else {
			p.warn(name("email"), WarnDropped, "not an email address; dropped")
		}
	}
	region := in.src.Mapping.DefaultRegion
	if strings.TrimSpace(g.Country) != "" {
		if c, ok := NormaliseCountry(g.Country); ok {
			region = c
		} else {
			p.warn(name("country"), WarnDropped, "not an ISO 3166 country; dropped")
		}
	}
	if strings.TrimSpace(g.Phone) != "" {
		if ph, ok := NormalisePhone(g.Phone, region); ok {
			o.snap.Phone = ph
		} else {
			p.warn(name("phone"), WarnDropped, "not a valid phone number for region "+orNone(region)+"; dropped")
		}
	}
	if strings.TrimSpace(g.Language) != "" {
		if l, ok := NormaliseLanguage(g.Language); ok {
			o.language = l
		} else {
			p.warn(name("language"), WarnDropped, "not a BCP 47 language tag; dropped")
		}
	}
	o.snap.LoyaltyNumber = ident(name("loyaltyNumber"), g.Loyalty, false, p)
	if len(g.Cards) > 0 {
		if h, ok := in.cards.hash(g.Cards...); ok {
			o.snap.CardHash = h
		} else {
			p.warn(name("card.number"), WarnDropped, "card number is masked, tokenised or not Luhn-valid; not hashed")
		}
	}
	return o
}

// personName cleans a name for display; a truncated name is flagged.
func (in *Ingester) personName(field, s string, p *problems) string {
	if s == "" {
		return ""
	}
	s, truncated := cleanText(s, maxNameLen)
	if truncated {
		p.warn(field, WarnInconsistent, "longer than 100 characters; truncated")
	}
	return NormaliseName(s)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// jsonGuest adapts a canonical Guest.
func jsonGuest(g *Guest) guestInput {
	if g == nil {
		return guestInput{}
	}
	in := guestInput{ID: g.ID, FirstName: g.FirstName, LastName: g.LastName, Email: g.Email, Phone: g.Phone,
		Country: g.Country, Language: g.Language, Loyalty: g.LoyaltyNumber}
	if g.Card != nil && g.Card.Number != "" {
		in.Cards = []string{g.Card.Number}
	}
	return in
}

// jsonNamer names guest parts under a JSON prefix ("guest" → "guest.email"; "" → "email").
func jsonNamer(prefix string) namer {
	return func(part string) string {
		if prefix == "" {
			return part
		}
		return prefix + "." + part
	}
}
