package ingest

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/hearthcrm/hearth/events"
)

// accountInput is a company or travel agent profile as any format describes it, before normalisation.
type accountInput struct {
	ID, Name, IATA string
	Codes          []events.AccountCode
	Address        *events.AccountAddress
}

// maxAccountNameLen bounds company names, which PMSs keep longer than person names.
const (
	maxAccountNameLen = 150
	maxAccountCodes   = 20 // accounts.MaxCodes
)

// account normalises a company or travel agent profile; whole names it and name its parts in the sender's format.
// A bad IATA number or country is dropped with a warning (the stay still counts); a profile with nothing to find
// the account by is an error.
func (in *Ingester) account(a *accountInput, whole string, name namer, p *problems) *events.AccountSnapshot {
	if a == nil {
		return nil
	}
	out := &events.AccountSnapshot{SourceAccountID: ident(name("id"), a.ID, false, p)}
	text, truncated := cleanText(a.Name, maxAccountNameLen)
	if truncated {
		p.warn(name("name"), WarnInconsistent, "longer than 150 characters; truncated")
	}
	out.Name = text
	if s := strings.TrimSpace(a.IATA); s != "" {
		if iata, ok := normaliseIATA(s); ok {
			out.IATA = iata
		} else {
			p.warn(name("iata"), WarnDropped, "not an IATA or TIDS number (7 or 8 digits); dropped")
		}
	}
	for i, c := range a.Codes {
		ctx, _ := cleanText(c.Context, maxIDLen)
		val, _ := cleanText(c.Value, maxIDLen)
		switch {
		case ctx == "" || val == "":
		case len(out.Codes) == maxAccountCodes || strings.Contains(ctx, "#"):
			// What an account could not keep is dropped here, with a warning, rather than failing the stay later.
			p.warn(name("codes["+strconv.Itoa(i)+"]"), WarnDropped, "more than 20 codes, or # in the context; dropped")
		default:
			out.Codes = append(out.Codes, events.AccountCode{Context: ctx, Value: val})
		}
	}
	if ad := a.Address; ad != nil {
		addr := events.AccountAddress{}
		for _, l := range ad.Lines {
			if l, _ = cleanText(l, maxTextLen); l != "" {
				addr.Lines = append(addr.Lines, l)
			}
		}
		addr.City, _ = cleanText(ad.City, maxNameLen)
		addr.PostalCode, _ = cleanText(ad.PostalCode, maxIDLen)
		if strings.TrimSpace(ad.Country) != "" {
			if c, ok := NormaliseCountry(ad.Country); ok {
				addr.Country = c
			} else {
				p.warn(name("address.country"), WarnDropped, "not an ISO 3166 country; dropped")
			}
		}
		if len(addr.Lines) > 0 || addr.City != "" || addr.PostalCode != "" || addr.Country != "" {
			out.Address = &addr
		}
	}
	if out.Name == "" && out.SourceAccountID == "" && out.IATA == "" {
		p.fail(whole, "needs a name, an id or an IATA number")
		return nil
	}
	return out
}

// normaliseIATA keeps the digits of an IATA or TIDS number written with spaces or dashes.
func normaliseIATA(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.':
		default:
			return "", false
		}
	}
	if n := b.Len(); n < 7 || n > 8 {
		return "", false
	}
	return b.String(), true
}

// jsonAccount adapts a canonical Account.
func jsonAccount(a *Account) *accountInput {
	if a == nil {
		return nil
	}
	in := &accountInput{ID: a.ID, Name: a.Name, IATA: a.IATA}
	for _, c := range a.Codes {
		in.Codes = append(in.Codes, events.AccountCode{Context: c.Context, Value: c.Value})
	}
	if a.Address != nil {
		in.Address = &events.AccountAddress{Lines: a.Address.Lines, City: a.Address.City, PostalCode: a.Address.PostalCode, Country: a.Address.Country}
	}
	return in
}
