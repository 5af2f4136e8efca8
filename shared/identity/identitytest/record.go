package identitytest

import (
	"fmt"
	"strings"

	"github.com/hearthcrm/hearth/shared/identity"
)

// channel is where a booking came from; each fills a guest record its own way.
type channel int

const (
	direct channel = iota
	ota
	corporate
	frontDesk
)

func (g *generator) channel(p *person) channel {
	switch n := g.r.IntN(100); {
	case n < 35:
		return direct
	case n < 70:
		return ota
	case n < 85 && p.employer != nil:
		return corporate
	case n < 85:
		return direct
	}
	return frontDesk
}

// record writes one booking's guest record for p.
func (g *generator) record(p *person) identity.Record {
	r := g.r
	ch := g.channel(p)
	var rec identity.Record
	rec.FirstName, rec.LastName = g.names(p)

	switch ch {
	case direct:
		switch {
		case p.home != nil && p.home.email != "" && r.chance(0.15):
			rec.Email = p.home.email
		case p.email != "" && r.chance(0.85):
			rec.Email = g.emailVariant(p.email)
		}
	case ota:
		switch {
		case r.chance(0.85):
			rec.Email = r.digitsFrom("abcdefghijklmnopqrstuvwxyz", 8) + "." + r.digits(6) + "@" + pick(r, relayDomains)
		case p.email != "" && r.chance(0.6):
			rec.Email = g.emailVariant(p.email)
		}
	case corporate:
		switch {
		case r.chance(0.8):
			rec.Email = g.emailVariant(p.workEmail)
		case p.email != "" && r.chance(0.5):
			rec.Email = g.emailVariant(p.email)
		}
	case frontDesk:
		switch {
		case r.chance(0.25):
			rec.Email = pick(r, placeholderEmails)
		case p.email != "" && r.chance(0.55):
			rec.Email = g.emailVariant(p.email)
		}
	}

	rec.Phone = g.recordPhone(p, ch)

	if p.dob[0] != 0 && r.chance(map[channel]float64{direct: 0.35, ota: 0.05, corporate: 0.2, frontDesk: 0.7}[ch]) {
		rec.DateOfBirth = g.dob(p.dob)
	}

	addr := p.addr
	useAddr := r.chance(map[channel]float64{direct: 0.5, ota: 0.15, corporate: 0.1, frontDesk: 0.6}[ch])
	if ch == corporate && r.chance(0.5) {
		addr, useAddr = p.employer.office, true
	}
	if useAddr {
		g.fillAddress(&rec, addr)
	}
	if r.chance(0.3) {
		rec.Country = p.c.code
	}

	switch {
	case ch == corporate && p.employer.card != "" && r.chance(0.7):
		rec.CardHash = p.employer.card
	case ch == ota && r.chance(0.5):
		rec.CardHash = r.hex(64) // a one-off virtual card
	case ch == ota:
	case p.home != nil && p.home.card != "" && r.chance(0.2):
		rec.CardHash = p.home.card // the partner paid
	case r.chance(0.65):
		rec.CardHash = pickCard(r, p)
	}

	if p.loyalty != "" && r.chance(map[channel]float64{direct: 0.8, ota: 0.1, corporate: 0.7, frontDesk: 0.8}[ch]) {
		rec.LoyaltyNumber = p.loyalty
		if r.chance(0.2) {
			rec.LoyaltyNumber = p.loyalty[:2] + "-" + p.loyalty[2:5] + " " + p.loyalty[5:]
		}
	}
	if p.passport != "" && ch == frontDesk && r.chance(0.4) {
		rec.IDNumber = p.passport
	}
	return rec
}

// names writes p's names as a booking might: nicknames, typos, capitals, titles, initials, swaps.
func (g *generator) names(p *person) (string, string) {
	r := g.r
	first, last := p.first, p.last
	switch n := r.IntN(100); {
	case n < 8:
		if nick := nicknameOf(r, first); nick != "" {
			first = nick
		}
	case n < 12:
		first = r.typo(first)
	case n < 13:
		first = first[:1]
	case n < 15:
		first = ""
	case n < 20:
		first = asciiName(first)
	}
	if r.chance(0.04) {
		last = r.typo(last)
	}
	if r.chance(0.1) {
		first, last = strings.ToUpper(first), strings.ToUpper(last)
	} else {
		first, last = titleCase(first), titleCase(last)
	}
	if r.chance(0.05) && first != "" {
		first = pick(r, []string{"Mr ", "Mrs ", "Ms ", "Dr. "}) + first
	}
	if r.chance(0.03) {
		first, last = last, first
	}
	return first, last
}

// nicknameOf returns a nickname of a given name from a small table, or "".
func nicknameOf(r *rng, given string) string {
	nicks := map[string][]string{
		"william": {"bill", "will", "billy", "liam"}, "robert": {"bob", "rob", "bobby"}, "richard": {"rick", "dick", "rich"},
		"james": {"jim", "jimmy", "jamie"}, "john": {"jack", "johnny"}, "elizabeth": {"liz", "beth", "betty", "lizzie"},
		"margaret": {"maggie", "peggy", "meg"}, "katherine": {"kate", "katie", "kathy"}, "michael": {"mike", "mick"},
		"thomas": {"tom", "tommy"}, "charles": {"charlie", "chuck"}, "edward": {"ed", "eddie", "ted"},
		"joseph": {"joe", "joey"}, "daniel": {"dan", "danny"}, "david": {"dave"}, "anthony": {"tony"},
		"andrew": {"andy", "drew"}, "christopher": {"chris"}, "alexander": {"alex"}, "samuel": {"sam"},
		"samantha": {"sam"}, "benjamin": {"ben"}, "nicholas": {"nick"}, "matthew": {"matt"}, "patrick": {"pat"},
		"patricia": {"pat", "trish"}, "jennifer": {"jen", "jenny"}, "rebecca": {"becky"}, "susan": {"sue"},
		"deborah": {"debbie", "deb"}, "victoria": {"vicky"}, "steven": {"steve"}, "timothy": {"tim"},
		"gregory": {"greg"}, "jeffrey": {"jeff"}, "kenneth": {"ken"}, "ronald": {"ron"}, "jacob": {"jake"},
		"amanda": {"mandy"}, "kimberly": {"kim"}, "stephanie": {"steph"}, "theodore": {"theo", "ted"},
		"joshua": {"josh"}, "henry": {"harry", "hank"}, "oliver": {"ollie"}, "dorothy": {"dot"},
	}
	if ns := nicks[given]; ns != nil {
		return pick(r, ns)
	}
	return ""
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		rs := []rune(w)
		rs[0] = []rune(strings.ToUpper(string(rs[0])))[0]
		words[i] = string(rs)
	}
	return strings.Join(words, " ")
}

// emailVariant writes an address as guests type it: as is, in capitals, with a +tag, with Gmail dots moved.
func (g *generator) emailVariant(e string) string {
	r := g.r
	local, domain, _ := strings.Cut(e, "@")
	switch n := r.IntN(100); {
	case n < 12:
		local += "+" + pick(r, []string{"hotel", "travel", "booking", "promo"})
	case n < 20:
		return strings.ToUpper(e)
	case n < 28 && domain == "gmail.com":
		local = strings.ReplaceAll(local, ".", "")
		if len(local) > 3 {
			i := 1 + r.IntN(len(local)-2)
			local = local[:i] + "." + local[i:]
		}
	case n < 31:
		domain = strings.Replace(domain, "gmail.com", "googlemail.com", 1)
	}
	return local + "@" + domain
}

// recordPhone picks the number a channel records and writes it in one of the usual formats.
func (g *generator) recordPhone(p *person, ch channel) string {
	r := g.r
	var num *phone
	switch n := r.IntN(100); ch {
	case direct:
		switch {
		case p.home != nil && p.home.landline != nil && n < 15:
			num = p.home.landline
		case n < 85:
			num = p.mobile
		}
	case ota:
		if n < 90 {
			num = p.mobile
		}
	case corporate:
		switch {
		case n < 60:
			num = p.mobile
		case n < 85:
			sb := p.employer.switchboard
			num = &sb
		}
	case frontDesk:
		switch {
		case n < 25:
			return formatPhone(r, mustSwitchboard(r))
		case n < 40:
			return pick(r, placeholderPhones)
		case p.home != nil && p.home.landline != nil && n < 50:
			num = p.home.landline
		case n < 85:
			num = p.mobile
		}
	}
	if num == nil {
		return ""
	}
	return formatPhone(r, *num)
}

func mustSwitchboard(r *rng) phone {
	s := pick(r, hotelSwitchboards)
	digits := strings.NewReplacer("+", "", " ", "").Replace(s)
	for i := range countries {
		if strings.HasPrefix(digits, countries[i].dial) {
			return phone{c: &countries[i], national: digits[len(countries[i].dial):]}
		}
	}
	panic("switchboard in an unknown country: " + s)
}

// formatPhone writes a number as people type it. National formats are only used for the hotel group's own
// region (US); other numbers are written internationally.
func formatPhone(r *rng, p phone) string {
	n := p.national
	if p.c.dial == "1" {
		a, e, l := n[:3], n[3:6], n[6:]
		switch r.IntN(7) {
		case 0:
			return fmt.Sprintf("(%s) %s-%s", a, e, l)
		case 1:
			return fmt.Sprintf("%s.%s.%s", a, e, l)
		case 2:
			return fmt.Sprintf("1-%s-%s-%s", a, e, l)
		case 3:
			return a + e + l
		case 4:
			return fmt.Sprintf("+1 %s %s %s", a, e, l)
		case 5:
			return fmt.Sprintf("+1 (%s) %s-%s ext. %s", a, e, l, r.digits(3))
		}
		return "+1" + n
	}
	switch r.IntN(4) {
	case 0:
		return "+" + p.c.dial + " " + n[:len(n)/2] + " " + n[len(n)/2:]
	case 1:
		return "00" + p.c.dial + " " + n
	case 2:
		return "+" + p.c.dial + " (0)" + n
	}
	return "+" + p.c.dial + n
}

// dob writes a date of birth as YYYYMMDD or ISO, sometimes with a typo or day and month swapped.
func (g *generator) dob(d [3]int) string {
	r := g.r
	y, m, day := d[0], d[1], d[2]
	switch n := r.IntN(100); {
	case n < 2 && day <= 12:
		m, day = day, m
	case n < 4:
		y += []int{-1, 1, -10, 10}[r.IntN(4)]
	}
	if r.chance(0.5) {
		return fmt.Sprintf("%04d-%02d-%02d", y, m, day)
	}
	return fmt.Sprintf("%04d%02d%02d", y, m, day)
}

// fillAddress writes an address with the street type spelt out or abbreviated, sometimes with a typo.
func (g *generator) fillAddress(rec *identity.Record, a address) {
	r := g.r
	st := a.stype[0]
	if r.chance(0.4) {
		st = a.stype[1]
		if r.chance(0.5) {
			st += "."
		}
	}
	street := titleCase(a.street)
	if r.chance(0.03) {
		street = r.typo(street)
	}
	rec.Address1 = fmt.Sprintf("%d %s %s", a.number, street, st)
	if r.chance(0.2) {
		rec.Address1 = strings.ToUpper(rec.Address1)
	}
	if r.chance(0.8) {
		rec.City = a.city
	}
	if r.chance(0.85) {
		rec.Postcode = a.postcode
	}
	rec.State = a.state
	if r.chance(0.5) {
		rec.Country = a.countryName
	}
}
