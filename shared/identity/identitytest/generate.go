package identitytest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/hearthcrm/hearth/shared/identity"
)

// Options shapes a generated data set.
type Options struct {
	Records int    // approximate number of records; 0 means 10,000
	Seed    uint64 // the same seed gives the same data
}

// Dataset is generated hotel guest records with the truth.
type Dataset struct {
	Records []identity.Record
	// Person[i] is the real person behind Records[i].
	Person []int
	// Household[i] and Company[i] group the people who share a home (landline, address, the payer's card, a
	// family email) or an employer (corporate card, office, switchboard); 0 means none.
	Household, Company []int
	// Switchboards are the hotel group's numbers that front desks type for guests without a phone; pass them in
	// identity.Config.Switchboards.
	Switchboards []string
	// Region is the default phone region of the hotel group.
	Region string
}

// Truth returns record id → person, the form identitytest.PairF1 takes.
func (d Dataset) Truth() map[string]string {
	t := make(map[string]string, len(d.Records))
	for i, r := range d.Records {
		t[r.ID] = strconv.Itoa(d.Person[i])
	}
	return t
}

// hotelSwitchboards are the generated hotel group's own numbers.
var hotelSwitchboards = []string{"+1 212 555 0100", "+1 415 555 0142", "+44 20 7946 0000", "+61 2 9374 4000"}

// Generate builds hotel-style duplicate guest records. Each person has one to a dozen records, each written by
// a booking channel with its habits:
//
//   - direct bookings carry the personal email (sometimes with a +tag, in capitals, or with Gmail dots moved), a
//     mobile in one of several formats, the home address with abbreviations, often a personal card;
//   - online travel agencies send a per-booking relay email and sometimes a one-off virtual card;
//   - corporate bookings carry the work email, the company's card, switchboard and office address;
//   - front desks type placeholders (noemail@…, 0000000000) or the hotel's switchboard, and scan passports.
//
// Names get nicknames, typos, accents dropped, capitals, titles, and first and last swapped. Dates of birth get
// typos and day/month swaps. Households share a last name, an address, a landline, sometimes the payer's card
// and a family email; colleagues share a corporate card, an office and a switchboard. None of those may merge
// two people.
func Generate(o Options) Dataset {
	if o.Records <= 0 {
		o.Records = 10_000
	}
	g := &generator{r: newRNG(o.Seed), emails: make(map[string]bool), phones: make(map[string]bool)}
	ds := Dataset{Switchboards: hotelSwitchboards, Region: "US"}
	ds.Records = make([]identity.Record, 0, o.Records+16)
	ds.Person = make([]int, 0, o.Records+16)
	for len(ds.Records) < o.Records {
		for _, p := range g.people() {
			for range g.recordCount() {
				ds.Records = append(ds.Records, g.record(p))
				ds.Person = append(ds.Person, p.id)
				ds.Household = append(ds.Household, p.home.id())
				ds.Company = append(ds.Company, p.employer.id())
			}
		}
	}
	// Shuffle so that one person's records are spread over the file, then number them in file order.
	g.r.Shuffle(len(ds.Records), func(i, j int) {
		ds.Records[i], ds.Records[j] = ds.Records[j], ds.Records[i]
		ds.Person[i], ds.Person[j] = ds.Person[j], ds.Person[i]
		ds.Household[i], ds.Household[j] = ds.Household[j], ds.Household[i]
		ds.Company[i], ds.Company[j] = ds.Company[j], ds.Company[i]
	})
	for i := range ds.Records {
		ds.Records[i].ID = fmt.Sprintf("R%07d", i+1)
	}
	return ds
}

type generator struct {
	r          *rng
	nextID     int
	households int
	emails     map[string]bool
	phones     map[string]bool
	companies  []*company
}

type phone struct {
	c        *country
	national string // national significant number
}

type address struct {
	number      int
	street      string
	stype       [2]string
	city        string
	postcode    string
	state       string
	countryName string
}

type household struct {
	n        int
	landline *phone
	card     string // the payer's card, used on other members' bookings
	email    string // a shared family email, or ""
	addr     address
}

type company struct {
	n           int
	domain      string
	card        string
	switchboard phone
	office      address
}

type person struct {
	id        int
	c         *country
	first     string
	last      string
	dob       [3]int // year, month, day; year 0 means unknown
	email     string
	workEmail string
	mobile    *phone
	addr      address
	loyalty   string
	cards     []string
	passport  string
	home      *household
	employer  *company
}

// people returns a new person, or a new household of two to four.
func (g *generator) people() []*person {
	p := g.person(nil)
	if !g.r.chance(0.12) {
		return []*person{p}
	}
	g.households++
	h := &household{n: g.households, addr: p.addr, card: pickCard(g.r, p)}
	if g.r.chance(0.6) {
		h.landline = g.phone(p.c)
	}
	if g.r.chance(0.15) {
		h.email = g.uniqueEmail("the"+strings.ReplaceAll(asciiName(p.last), " ", "")+"s", pick(g.r, p.c.domains))
	}
	p.home = h
	out := []*person{p}
	used := map[string]bool{p.first: true}
	for range 1 + g.r.IntN(3) {
		m := g.person(p)
		for used[m.first] {
			m.first = givenNames[g.r.zipf(len(givenNames), 1.1)]
		}
		used[m.first] = true
		m.home = h
		out = append(out, m)
	}
	return out
}

// person makes one person; a household member copies the head's country, address and (mostly) last name.
func (g *generator) person(head *person) *person {
	g.nextID++
	r := g.r
	p := &person{id: g.nextID}
	if head != nil {
		p.c, p.addr, p.last = head.c, head.addr, head.last
		if r.chance(0.1) {
			p.last = g.lastName()
		}
	} else {
		p.c = g.country()
		p.addr = g.address(p.c)
		p.last = g.lastName()
	}
	p.first = givenNames[r.zipf(len(givenNames), 1.1)]
	if r.chance(0.7) {
		p.dob = [3]int{1940 + r.IntN(66), 1 + r.IntN(12), 1 + r.IntN(28)}
	}
	if r.chance(0.9) {
		p.email = g.personalEmail(p)
	}
	if r.chance(0.92) {
		p.mobile = g.phone(p.c)
	}
	if r.chance(0.35) {
		p.loyalty = "HH" + r.digits(9)
	}
	for range r.IntN(3) {
		p.cards = append(p.cards, r.hex(64))
	}
	if r.chance(0.35) {
		p.passport = r.letters(2) + r.digits(7)
	}
	if r.chance(0.2) {
		p.employer = g.company()
		p.workEmail = g.uniqueEmail(emailLocal(r, p), p.employer.domain)
	}
	return p
}

func (g *generator) country() *country {
	total := 0
	for _, c := range countries {
		total += c.weight
	}
	n := g.r.IntN(total)
	for i := range countries {
		if n -= countries[i].weight; n < 0 {
			return &countries[i]
		}
	}
	return &countries[0]
}

func (g *generator) lastName() string {
	if g.r.chance(0.55) {
		return lastNames[g.r.zipf(len(lastNames), 1.05)]
	}
	return pick(g.r, surnameStarts) + pick(g.r, surnameMiddles) + pick(g.r, surnameEnds)
}

func (g *generator) address(c *country) address {
	a := address{
		number:      1 + g.r.IntN(400),
		street:      pick(g.r, streetNames),
		stype:       pick(g.r, streetTypes),
		city:        pick(g.r, c.cities),
		postcode:    c.postcode(g.r),
		countryName: c.name,
	}
	if c.states != nil {
		a.state = pick(g.r, c.states)
	}
	return a
}

// phone returns a number no one else has.
func (g *generator) phone(c *country) *phone {
	for {
		n := c.mobile(g.r)
		if !g.phones[c.dial+n] {
			g.phones[c.dial+n] = true
			return &phone{c: c, national: n}
		}
	}
}

func (g *generator) company() *company {
	// Company sizes follow a Zipf law: a few employ hundreds of travellers, most a handful.
	if len(g.companies) == 0 || g.r.chance(0.08) {
		c := &countries[0]
		co := &company{
			n:           len(g.companies) + 1,
			domain:      pick(g.r, surnameStarts) + pick(g.r, surnameEnds) + pick(g.r, []string{"corp.com", "group.com", "partners.com", "inc.com"}),
			switchboard: *g.phone(c),
			office:      g.address(c),
		}
		if g.r.chance(0.8) {
			co.card = g.r.hex(64)
		}
		g.companies = append(g.companies, co)
	}
	return g.companies[g.r.zipf(len(g.companies), 1.2)]
}

func (g *generator) personalEmail(p *person) string {
	return g.uniqueEmail(emailLocal(g.r, p), pick(g.r, p.c.domains))
}

func emailLocal(r *rng, p *person) string {
	f, l := strings.ReplaceAll(asciiName(p.first), " ", ""), strings.ReplaceAll(asciiName(p.last), " ", "")
	switch r.IntN(5) {
	case 0:
		return f + "." + l
	case 1:
		return f + l
	case 2:
		return f[:1] + l
	case 3:
		return f + "_" + l + r.digits(2)
	}
	return f + r.digits(1+r.IntN(3))
}

func (g *generator) uniqueEmail(local, domain string) string {
	e := local + "@" + domain
	for g.emails[e] {
		local += g.r.digits(1)
		e = local + "@" + domain
	}
	g.emails[e] = true
	return e
}

// recordCount is how many records a person has: 45% one, then a long tail up to twelve.
func (g *generator) recordCount() int {
	n := 1
	for n < 12 && g.r.chance(0.55) {
		n++
	}
	return n
}

func pickCard(r *rng, p *person) string {
	if len(p.cards) == 0 {
		return ""
	}
	return pick(r, p.cards)
}

// asciiName strips accents and punctuation the way a person typing an email would.
func asciiName(s string) string {
	var b strings.Builder
	for _, c := range identity.NormalizeName(s) {
		if c < unicode.MaxASCII {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func (h *household) id() int {
	if h == nil {
		return 0
	}
	return h.n
}

func (c *company) id() int {
	if c == nil {
		return 0
	}
	return c.n
}
