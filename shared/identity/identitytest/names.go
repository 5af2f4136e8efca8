package identitytest

// givenNames are drawn with Zipf-like weights (earlier is more common). Many have nicknames in the identity
// package's table; some carry accents.
var givenNames = []string{
	"james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "william", "elizabeth",
	"david", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah", "charles", "karen",
	"christopher", "nancy", "daniel", "lisa", "matthew", "margaret", "anthony", "sandra", "andrew", "ashley",
	"joshua", "kimberly", "kenneth", "emily", "steven", "donna", "edward", "michelle", "timothy", "dorothy",
	"ronald", "carol", "jacob", "amanda", "gregory", "melissa", "jeffrey", "deborah", "nicholas", "stephanie",
	"benjamin", "rebecca", "samuel", "katherine", "patrick", "victoria", "alexander", "samantha", "henry",
	"olivia", "oliver", "emma", "noah", "ava", "liam", "mia", "ethan", "chloe", "lucas", "zoe", "amelia",
	"isla", "harry", "freya", "arthur", "sophie", "leo", "grace", "oscar", "ruby", "theodore", "ella",
	"josé", "maría", "zoë", "renée", "françois", "andré", "søren", "björn", "chloé", "inés", "jürgen",
	"hélène", "joão", "łukasz", "ángel", "siobhán", "niamh", "aoife", "hiroshi", "yuki", "wei", "mei",
	"priya", "arjun", "fatima", "omar", "ahmed", "layla", "mateo", "valentina", "santiago", "camila",
	"lars", "ingrid", "pierre", "camille", "giulia", "marco", "francesca", "luca", "anastasia", "dmitri",
	"kwame", "ama", "chidi", "ngozi", "tariq", "yasmin", "rafael", "beatriz", "henrik", "astrid", "declan",
	"rory", "callum", "isobel", "eilidh", "fraser", "morgan", "quinn", "rowan", "sasha", "jordan", "tatum",
}

// lastNames are the common surnames, drawn with Zipf-like weights; the rest are built from syllables.
var lastNames = []string{
	"smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez",
	"hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin",
	"lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson",
	"walker", "young", "allen", "king", "wright", "scott", "torres", "nguyen", "hill", "flores", "green",
	"adams", "nelson", "baker", "hall", "rivera", "campbell", "mitchell", "carter", "roberts", "patel",
	"müller", "schmidt", "schneider", "fischer", "dubois", "bernard", "moreau", "fernández", "o'brien",
	"o'connor", "mcdonald", "macleod", "van der berg", "de la cruz", "kowalski", "nowak", "rossi", "russo",
	"tanaka", "suzuki", "wang", "li", "zhang", "chen", "kim", "park", "singh", "kumar", "cohen", "levi",
	"murphy", "kelly", "byrne", "walsh", "evans", "hughes", "edwards", "price", "lloyd", "morgan", "davies",
	"jenkins", "hughes-jones", "st. john", "d'angelo", "núñez", "gómez", "søndergaard", "åberg", "weiß",
}

var surnameStarts = []string{
	"ab", "al", "an", "ar", "bar", "bel", "bran", "cal", "car", "dal", "dar", "el", "fen", "gar", "hal", "har",
	"kel", "kin", "lan", "mar", "mor", "nor", "os", "pen", "quin", "ral", "ros", "sal", "tal", "tor", "val",
	"war", "wil", "yor", "zan", "bro", "cor", "dun", "fair", "gil",
}
var surnameMiddles = []string{"", "a", "e", "i", "o", "u", "ber", "den", "ing", "ley", "mon", "ris", "ton", "vel", "dra", "ker"}
var surnameEnds = []string{
	"son", "ton", "ley", "well", "wood", "field", "man", "ford", "berg", "stein", "ez", "ini", "escu", "ov",
	"ski", "sen", "by", "worth", "more", "ridge", "hurst", "combe", "dale", "ham", "wick",
}

var streetNames = []string{
	"high", "station", "main", "park", "church", "victoria", "green", "manor", "mill", "queen", "king",
	"oak", "elm", "maple", "cedar", "pine", "lake", "hill", "river", "spring", "market", "bridge", "north",
	"south", "west", "east", "school", "chapel", "castle", "albert", "george", "york", "windsor", "cambridge",
	"washington", "lincoln", "jefferson", "madison", "franklin", "sunset", "ocean", "bay", "harbor", "meadow",
}

// streetTypes pairs a street type's long form with an abbreviation the identity package expands.
var streetTypes = [][2]string{
	{"Street", "St"}, {"Road", "Rd"}, {"Avenue", "Ave"}, {"Lane", "Ln"}, {"Drive", "Dr"}, {"Court", "Ct"},
	{"Place", "Pl"}, {"Crescent", "Cres"}, {"Terrace", "Tce"}, {"Boulevard", "Blvd"}, {"Close", "Cl"},
}

// country is what a generated address and phone number look like in one country.
type country struct {
	code     string // ISO 3166 alpha-2
	name     string
	dial     string // country calling code
	weight   int
	cities   []string
	states   []string
	mobile   func(r *rng) string // national significant number of a mobile
	postcode func(r *rng) string
	domains  []string
}

var countries = []country{
	{code: "US", name: "United States", dial: "1", weight: 60,
		cities: []string{"New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "San Francisco", "Seattle", "Boston", "Miami", "Denver", "Austin", "Atlanta"},
		states: []string{"NY", "CA", "IL", "TX", "AZ", "WA", "MA", "FL", "CO", "GA"},
		mobile: func(r *rng) string {
			return r.digitsFrom("23456789", 1) + r.digits(2) + r.digitsFrom("23456789", 1) + r.digits(6)
		},
		postcode: func(r *rng) string { return r.digits(5) },
		domains:  []string{"gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com", "comcast.net"}},
	{code: "GB", name: "United Kingdom", dial: "44", weight: 20,
		cities: []string{"London", "Manchester", "Birmingham", "Leeds", "Bristol", "Edinburgh", "Glasgow", "Liverpool", "Cardiff"},
		mobile: func(r *rng) string { return "7" + r.digitsFrom("3456789", 1) + r.digits(8) },
		postcode: func(r *rng) string {
			return r.letters(2) + r.digits(1) + " " + r.digits(1) + r.letters(2)
		},
		domains: []string{"gmail.com", "btinternet.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "sky.com"}},
	{code: "AU", name: "Australia", dial: "61", weight: 7,
		cities:   []string{"Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide"},
		states:   []string{"NSW", "VIC", "QLD", "WA", "SA"},
		mobile:   func(r *rng) string { return "4" + r.digits(8) },
		postcode: func(r *rng) string { return r.digitsFrom("234567", 1) + r.digits(3) },
		domains:  []string{"gmail.com", "bigpond.com", "outlook.com", "optusnet.com.au"}},
	{code: "FR", name: "France", dial: "33", weight: 5,
		cities:   []string{"Paris", "Lyon", "Marseille", "Bordeaux", "Nice", "Lille"},
		mobile:   func(r *rng) string { return r.digitsFrom("67", 1) + r.digits(8) },
		postcode: func(r *rng) string { return r.digits(5) },
		domains:  []string{"gmail.com", "orange.fr", "free.fr", "laposte.net", "sfr.fr"}},
	{code: "DE", name: "Germany", dial: "49", weight: 5,
		cities:   []string{"Berlin", "München", "Hamburg", "Köln", "Frankfurt", "Düsseldorf"},
		mobile:   func(r *rng) string { return "1" + r.digitsFrom("567", 1) + r.digits(9) },
		postcode: func(r *rng) string { return r.digits(5) },
		domains:  []string{"gmail.com", "web.de", "gmx.de", "t-online.de"}},
	{code: "ES", name: "Spain", dial: "34", weight: 3,
		cities:   []string{"Madrid", "Barcelona", "Valencia", "Sevilla", "Málaga"},
		mobile:   func(r *rng) string { return "6" + r.digits(8) },
		postcode: func(r *rng) string { return r.digits(5) },
		domains:  []string{"gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"}},
}

// relayDomains are the booking sites' relay domains the generator uses for OTA bookings.
var relayDomains = []string{"guest.booking.com", "m.expediapartnercentral.com", "guest.airbnb.com", "agoda-messaging.com"}

// placeholderPhones are what front desks type when the guest gave no number.
var placeholderPhones = []string{"0000000000", "1234567890", "999-999-9999", "000-000-0000", "1111111111"}

// placeholderEmails are what front desks type when the guest gave no email.
var placeholderEmails = []string{"noemail@hotel.com", "none@none.com", "NOEMAIL@GRANDHOTEL.COM", "no-email@example.com"}
