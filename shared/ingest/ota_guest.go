package ingest

import "strings"

// otaResGuest normalises a reservation's primary guest: the ResGuest marked PrimaryIndicator (else the first), its
// customer profile, and every card number on the reservation (guarantees and deposits first, then the profile's).
func (in *Ingester) otaResGuest(r *otaReservation, base string, p *problems) guestOut {
	var cards []string
	for _, c := range r.Global.Guarantees {
		cards = append(cards, c.number())
	}
	for _, c := range r.Global.Deposits {
		cards = append(cards, c.number())
	}
	for _, rs := range r.RoomStays {
		for _, c := range rs.Guarantees {
			cards = append(cards, c.number())
		}
	}
	cards = nonEmpty(cards)
	if len(r.ResGuests) == 0 {
		return in.guest(guestInput{Cards: cards}, otaNamer(base, base), p)
	}
	k := 0
	for i, g := range r.ResGuests {
		if truthy(g.PrimaryIndicator) {
			k = i
			break
		}
	}
	profiles := indexed(base+"/ResGuests/ResGuest", k) + "/Profiles/ProfileInfo"
	pi, j := pickProfile(r.ResGuests[k].Profiles)
	if pi == nil {
		return in.guest(guestInput{Cards: cards}, otaNamer(base, base), p)
	}
	path := indexed(profiles, j)
	gi := in.customerInput(pi.Profile.Customer, pi.UniqueIDs)
	gi.Cards = append(cards, gi.Cards...)
	return in.guest(gi, otaNamer(path, path+"/Profile/Customer"), p)
}

// pickProfile returns the first customer profile (ProfileType 1 or unspecified) with a Customer element.
func pickProfile(list []otaProfileInfo) (*otaProfileInfo, int) {
	for i := range list {
		t := strings.TrimSpace(list[i].Profile.ProfileType)
		if list[i].Profile.Customer != nil && (t == "" || t == "1") {
			return &list[i], i
		}
	}
	return nil, 0
}

// customerInput extracts a guest from an OTA Customer.
func (in *Ingester) customerInput(c *otaCustomer, ids []otaUniqueID) guestInput {
	var g guestInput
	for _, u := range ids {
		if strings.TrimSpace(u.ID) != "" && (u.Type == "1" || g.ID == "") {
			g.ID = u.ID
		}
	}
	if c == nil {
		return g
	}
	if len(c.PersonNames) > 0 {
		n := c.PersonNames[0]
		g.FirstName, g.LastName = strings.Join(n.GivenNames, " "), n.Surname
	}
	for i, e := range c.Emails {
		if i == 0 || truthy(e.DefaultInd) {
			g.Email = e.Address
		}
	}
	g.Phone = pickPhone(c.Telephones)
	for _, a := range c.Addresses {
		if g.Country = firstNonEmpty(a.Country.Code, a.Country.Name); g.Country != "" {
			break
		}
	}
	g.Language = c.Language
	g.Loyalty = in.membership(c.Loyalty)
	for _, pc := range c.PaymentCards {
		g.Cards = append(g.Cards, pc.number())
	}
	g.Cards = nonEmpty(g.Cards)
	return g
}

// pickPhone prefers the default number, then a mobile (PhoneTechType 5), then the first; numbers split into
// country and area codes are joined into international form.
func pickPhone(ts []otaTelephone) string {
	best, score := -1, -1
	for i, t := range ts {
		s := 0
		if truthy(t.DefaultInd) {
			s = 2
		} else if t.PhoneTechType == "5" {
			s = 1
		}
		if strings.TrimSpace(t.PhoneNumber) != "" && s > score {
			best, score = i, s
		}
	}
	if best < 0 {
		return ""
	}
	t := ts[best]
	n := strings.TrimSpace(t.PhoneNumber)
	if cc := strings.TrimSpace(t.CountryAccessCode); cc != "" && !strings.HasPrefix(n, "+") && !strings.HasPrefix(n, "00") {
		n = "+" + strings.TrimPrefix(cc, "+") + strings.TrimSpace(t.AreaCityCode) + strings.TrimLeft(n, "0")
	}
	return n
}

// membership picks the guest's loyalty number: the brand programme's membership when the mapping names it (airline
// miles are not Hearth loyalty numbers), else the first.
func (in *Ingester) membership(ls []otaCustLoyalty) string {
	want := in.src.Mapping.LoyaltyProgram
	for _, l := range ls {
		if strings.TrimSpace(l.MembershipID) == "" {
			continue
		}
		if want == "" || strings.EqualFold(strings.TrimSpace(l.ProgramID), want) {
			return l.MembershipID
		}
	}
	return ""
}

// otaNamer names guest parts as XPaths under a ProfileInfo (profile) and its Customer (cust).
func otaNamer(profile, cust string) namer {
	return func(part string) string {
		switch part {
		case "id":
			if profile == "" {
				return "UniqueID/@ID"
			}
			return profile + "/UniqueID/@ID"
		case "firstName":
			return cust + "/PersonName/GivenName"
		case "lastName":
			return cust + "/PersonName/Surname"
		case "email":
			return cust + "/Email"
		case "phone":
			return cust + "/Telephone/@PhoneNumber"
		case "country":
			return cust + "/Address/CountryName"
		case "language":
			return cust + "/@Language"
		case "loyaltyNumber":
			return cust + "/CustLoyalty/@MembershipID"
		case "card.number":
			return profile + "//PaymentCard"
		}
		return cust + "/" + part
	}
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
