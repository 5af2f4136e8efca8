package identity

import "strings"

// KeyKind says what a blocking key is made of.
type KeyKind uint8

// The blocking key kinds.
const (
	KeyEmail            KeyKind = iota + 1 // normalised email (relay and placeholder addresses have none)
	KeyPhone                               // E.164 phone (placeholders and switchboards have none)
	KeyCard                                // card hash
	KeyLoyalty                             // loyalty number
	KeyIDNumber                            // document number
	KeyLastNameDOB                         // last name + date of birth
	KeyLastNameAddress                     // last name + first address line + postcode
	KeyNameSound                           // Soundex of the canonical given name and of the last name, in sorted order
	KeyDOBInitial                          // date of birth + the initial of a name (one key per name)
	KeyDOBPostcode                         // date of birth + postcode
	KeyAddress                             // first address line + postcode
	KeyLastNamePostcode                    // last name + postcode
	KeyAddressCity                         // first address line + city
	KeyLastNameCity                        // last name + city
	KeyLastNameCard                        // last name + card hash (PMS rule)
	KeyLastNamePhone                       // last name + phone (PMS rule)
	KeyLastNameAddress1                    // last name + first address line (PMS rule)
	numKeyKinds
)

var keyKindNames = [numKeyKinds]string{
	"", "email", "phone", "card", "loyalty", "id", "last-dob", "last-address", "name-sound", "dob-initial",
	"dob-postcode", "address", "last-postcode", "address-city", "last-city", "last-card", "last-phone", "last-address1",
}

// String returns the kind's name, used as the prefix of a key's item ("email#ann@example.com").
func (k KeyKind) String() string {
	if k < numKeyKinds && k > 0 {
		return keyKindNames[k]
	}
	return "key?"
}

// Key is a blocking key: profiles that share one are compared. Value is normalised; parts are joined with "|".
type Key struct {
	Kind  KeyKind
	Value string
}

// String returns the key as "kind#value", the form stored as an identity item.
func (k Key) String() string { return k.Kind.String() + "#" + k.Value }

// Keys returns the probabilistic rule set's blocking keys of p (see KeyKind).
func (m *Model) Keys(p *Profile) []Key {
	var e keyEmitter
	probabilisticKeys(p, &e)
	return e.keys
}

// probabilisticKeys emits the blocking keys of the probabilistic rule set.
func probabilisticKeys(p *Profile, e *keyEmitter) {
	e.add(KeyEmail, p.Email.Address)
	e.add(KeyPhone, p.Phone.E164)
	e.add(KeyCard, p.CardHash)
	e.add(KeyLoyalty, p.LoyaltyNumber)
	e.add(KeyIDNumber, p.IDNumber)
	var dob string
	if !p.DateOfBirth.IsZero() {
		d := p.DateOfBirth.digits()
		dob = string(d[:])
	}
	last, addr := p.last.compact, p.addr1.compact
	e.add(KeyLastNameDOB, last, dob)
	e.add(KeyLastNameAddress, last, addr, p.Postcode)
	if p.first.compact != "" && last != "" {
		a, b := soundex(canonicalGivenName(p.FirstName)), soundex(last)
		if a > b {
			a, b = b, a
		}
		e.add(KeyNameSound, a, b)
	}
	if dob != "" {
		e.add(KeyDOBInitial, dob, initial(p.first.compact))
		e.add(KeyDOBInitial, dob, initial(last))
	}
	e.add(KeyDOBPostcode, dob, p.Postcode)
	e.add(KeyAddress, addr, p.Postcode)
	e.add(KeyLastNamePostcode, last, p.Postcode)
	e.add(KeyAddressCity, addr, p.city.compact)
	e.add(KeyLastNameCity, last, p.city.compact)
}

// initial returns the first byte of a normalised name, or "".
func initial(n string) string {
	if n == "" {
		return ""
	}
	return n[:1]
}

// keyEmitter collects keys either as Key values or, for batches, as hashes (no allocation). A key with an empty
// part is not emitted.
type keyEmitter struct {
	hashing bool
	keys    []Key
	hashes  []uint64
}

func (e *keyEmitter) add(kind KeyKind, parts ...string) {
	for _, p := range parts {
		if p == "" {
			return
		}
	}
	if e.hashing {
		e.hashes = append(e.hashes, keyHash(kind, parts))
		return
	}
	e.keys = append(e.keys, Key{Kind: kind, Value: strings.Join(parts, "|")})
}

// keyHash is the 64-bit FNV-1a hash of a key, the kind in its top byte so kinds never share a block.
func keyHash(kind KeyKind, parts []string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i, p := range parts {
		if i > 0 {
			h = (h ^ '|') * prime
		}
		for j := 0; j < len(p); j++ {
			h = (h ^ uint64(p[j])) * prime
		}
	}
	return h>>8 | uint64(kind)<<56
}

func hashKind(h uint64) KeyKind { return KeyKind(h >> 56) }
