package guest360

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/hearthcrm/hearth/shared/money"
	"github.com/hearthcrm/hearth/shared/profile"
)

// Criteria is a cardex query: every set field must hold. Stays and revenue count visits at PropertyID (any
// property when empty) departing between From and To (inclusive, YYYY-MM-DD; open when empty).
type Criteria struct {
	PropertyID  string       `json:"propertyId,omitempty"`
	From        string       `json:"from,omitempty"`
	To          string       `json:"to,omitempty"`
	Nationality string       `json:"nationality,omitempty"` // ISO 3166 alpha-2
	MinVIP      int          `json:"minVip,omitempty"`
	MinRevenue  *money.Money `json:"minRevenue,omitempty"` // in that currency, over the matching visits
}

// Matches reports whether a guest (their console profile, nil if none, and visits) answers the query.
func (c Criteria) Matches(p *profile.Profile, visits []Visit) bool {
	if c.Nationality != "" && (p == nil || !strings.EqualFold(p.Nationality, c.Nationality)) {
		return false
	}
	if c.MinVIP > 0 && (p == nil || p.VIP == nil || p.VIP.Level < c.MinVIP) {
		return false
	}
	stayed, revenue := false, int64(0)
	for _, v := range visits {
		if (c.PropertyID != "" && v.PropertyID != c.PropertyID) || (c.From != "" && v.Departure < c.From) || (c.To != "" && v.Departure > c.To) {
			continue
		}
		stayed = true
		if c.MinRevenue != nil && v.Currency == c.MinRevenue.Currency {
			for _, a := range v.Revenue {
				revenue += a
			}
		}
	}
	if (c.PropertyID != "" || c.From != "" || c.To != "" || c.MinRevenue != nil) && !stayed {
		return false
	}
	return c.MinRevenue == nil || revenue >= c.MinRevenue.Amount
}

// CardexRow is one guest of an export.
type CardexRow struct {
	GuestID, FirstName, LastName, Email, Phone, Nationality, Birthday string
	VIP                                                               int
	Tags                                                              []string
}

// RowOf is the export row of a guest with a console profile (name, first email and phone, VIP tags).
func RowOf(guestID string, p *profile.Profile) CardexRow {
	r := CardexRow{GuestID: guestID}
	if p == nil {
		return r
	}
	r.FirstName, r.LastName, r.Nationality, r.Birthday = p.Name.First, p.Name.Last, p.Nationality, p.BirthDate
	for _, c := range p.Contacts {
		if c.Type == "email" && r.Email == "" {
			r.Email = c.Value
		} else if c.Type != "email" && r.Phone == "" {
			r.Phone = c.Value
		}
	}
	if p.VIP != nil {
		r.VIP, r.Tags = p.VIP.Level, p.VIP.Tags
	}
	return r
}

// MailchimpCSV renders rows in the layout Mailchimp's audience import reads. Callers include only guests who
// consented to email marketing: the file is a mailing list.
func MailchimpCSV(rows []CardexRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"Email Address", "First Name", "Last Name", "Phone Number", "Birthday", "Tags"})
	for _, r := range rows {
		birthday := ""
		if len(r.Birthday) == 10 { // Mailchimp birthdays are MM/DD
			birthday = r.Birthday[5:7] + "/" + r.Birthday[8:10]
		}
		_ = w.Write([]string{r.Email, r.FirstName, r.LastName, r.Phone, birthday, strings.Join(r.Tags, ",")})
	}
	w.Flush()
	return b.Bytes()
}

// CardexCSV renders rows for analysts: every column, one guest per row.
func CardexCSV(rows []CardexRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"guest_id", "first_name", "last_name", "email", "phone", "nationality", "vip"})
	for _, r := range rows {
		vip := ""
		if r.VIP > 0 {
			vip = strconv.Itoa(r.VIP)
		}
		_ = w.Write([]string{r.GuestID, r.FirstName, r.LastName, r.Email, r.Phone, r.Nationality, vip})
	}
	w.Flush()
	return b.Bytes()
}
