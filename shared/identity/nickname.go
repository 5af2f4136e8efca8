package identity

import "strings"

// nicknameTable lists common English given names with their diminutives and alternative spellings, one group per
// line. A name may sit in several groups ("chris" is Christopher and Christine); two given names are aliases when
// they share a group. The first name of a group is its canonical form, used in sounds-like blocking keys.
var nicknameTable = []string{
	"william bill billy will willy willie liam wil",
	"robert bob bobby rob robbie robby bert",
	"richard dick rick ricky rich richie",
	"james jim jimmy jamie jimi",
	"john jack johnny jon",
	"jonathan jon jonny johnny",
	"elizabeth liz lizzie lizzy beth betty eliza libby bess betsy liza elisabeth",
	"margaret maggie meg peggy marge margie greta madge",
	"katherine catherine kathryn kathleen kate katie kathy cathy kat kitty",
	"michael mike mikey mick mickey mitch",
	"thomas tom tommy",
	"charles charlie chuck chas",
	"edward ed eddie ted teddy ned",
	"joseph joe joey",
	"daniel dan danny",
	"david dave davey davy",
	"anthony tony antony",
	"andrew andy drew",
	"christopher chris kit topher",
	"christine christina chris chrissy tina kristine",
	"alexander alex al sandy xander alec",
	"alexandra alex alexa sandra sandy lexi",
	"samuel sam sammy",
	"samantha sam sammy",
	"benjamin ben benny benji",
	"nicholas nick nicky nico",
	"matthew matt matty",
	"patrick pat paddy",
	"patricia pat patty trish tricia",
	"jennifer jen jenny jenn",
	"rebecca becky becca",
	"susan sue susie suzie",
	"suzanne sue suzy",
	"deborah debra deb debbie",
	"victoria vicky vicki tori",
	"steven stephen steve stevie",
	"timothy tim timmy",
	"gregory greg",
	"jeffrey geoffrey jeff geoff",
	"kenneth ken kenny",
	"ronald ron ronnie",
	"donald don donnie",
	"lawrence laurence larry",
	"gerald gerry jerry",
	"peter pete",
	"philip phillip phil pip",
	"frederick fred freddie freddy",
	"henry harry hank",
	"harold harry hal",
	"albert al bert bertie",
	"alfred alf fred alfie",
	"douglas doug",
	"raymond ray",
	"walter walt wally",
	"eugene gene",
	"francis frank frankie",
	"frances fran frankie",
	"jacqueline jackie jacquie",
	"joanne joanna jo",
	"josephine jo josie",
	"judith judy",
	"dorothy dot dottie",
	"abigail abby abbie",
	"amanda mandy",
	"barbara barb babs",
	"cynthia cindy",
	"pamela pam",
	"kimberly kimberley kim",
	"stephanie steph",
	"theodore theo ted teddy",
	"zachary zach zack",
	"joshua josh",
	"nathaniel nathan nate nat",
	"jacob jake",
	"isabella isabel izzy bella",
	"oliver ollie",
	"leonard len lenny leo",
	"ernest ernie",
	"eleanor ellie nell nora",
	"helen nell",
	"mary molly polly mae",
	"ann anne annie nan",
	"allison alison ali allie",
	"angela angie",
	"melissa mel missy",
	"gabriel gabe",
	"gabrielle gabby gabi",
	"michelle shelly",
	"valerie val",
	"veronica ronnie",
	"vincent vince vinnie",
	"terence terrance terry",
	"teresa theresa terry tess tessa",
	"maximilian max",
	"maxwell max",
	"stuart stewart stu",
	"clifford cliff",
	"russell russ",
	"randolph randall randy",
	"cameron cam",
	"bradley brad",
	"gwendolyn gwen",
	"penelope penny",
	"sebastian seb",
	"louis lewis lou",
	"louise lou",
	"arthur art",
	"rodney rod",
	"roger rog",
	"sophia sophie",
	"madeline madeleine maddie",
	"natalie nat",
}

// nicknameGroups maps a given name to the groups it belongs to; canonicalGiven maps it to its first group's
// canonical name; nicknameCanon is each group's canonical name.
var nicknameGroups, canonicalGiven, nicknameCanon = buildNicknames()

func buildNicknames() (map[string][]uint16, map[string]string, []string) {
	groups := make(map[string][]uint16)
	canon := make(map[string]string)
	var heads []string
	for i, line := range nicknameTable {
		names := strings.Fields(line)
		heads = append(heads, names[0])
		for _, n := range names {
			groups[n] = append(groups[n], uint16(i))
			if _, ok := canon[n]; !ok {
				canon[n] = names[0]
			}
		}
	}
	return groups, canon, heads
}

// Aliases reports whether two given names are the same name in the nickname table ("Bill" and "William", "Liz"
// and "Elizabeth"), after normalisation.
func Aliases(a, b string) bool {
	a, b = NormalizeName(a), NormalizeName(b)
	if a == "" || b == "" {
		return false
	}
	return a == b || sharesGroup(nicknameGroups[a], nicknameGroups[b])
}

func sharesGroup(a, b []uint16) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// canonicalGivenName returns the canonical form of a normalised given name's first word ("bill" → "william").
func canonicalGivenName(n string) string {
	first, _, _ := strings.Cut(n, " ")
	if c, ok := canonicalGiven[first]; ok {
		return c
	}
	return first
}
