package matching

import (
	"context"
	"strings"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/identity"
	"github.com/hearthcrm/hearth/shared/privacy"
	"github.com/hearthcrm/hearth/shared/profile"
)

// EraserCheck backs Erasure with privacy's tombstones (privacy.Eraser.IsErased, one BatchGetItem when the
// snapshot has an email or a phone, none otherwise). The snapshot is checked as the profile it would become: its
// email, and its phone in E.164 (phone numbers of region when national) as a mobile and as a landline, because a
// profile stores phones in E.164 under either type.
func EraserCheck(e *privacy.Eraser, region string) Erasure {
	return ErasureFunc(func(ctx context.Context, s events.GuestSnapshot) (bool, error) {
		return e.IsErased(ctx, erasureProfile(s, region))
	})
}

func erasureProfile(s events.GuestSnapshot, region string) profile.Profile {
	p := profile.Profile{Name: profile.Name{First: s.FirstName, Last: s.LastName}}
	if email := strings.TrimSpace(s.Email); email != "" {
		p.Contacts = append(p.Contacts, profile.Contact{Type: "email", Value: email})
	}
	if raw := strings.TrimSpace(s.Phone); raw != "" {
		values := []string{raw}
		if ph := identity.NormalizePhone(raw, region); ph.E164 != "" && ph.E164 != raw {
			values = append(values, ph.E164)
		}
		for _, v := range values {
			p.Contacts = append(p.Contacts, profile.Contact{Type: "mobile", Value: v}, profile.Contact{Type: "phone", Value: v})
		}
	}
	return p
}
