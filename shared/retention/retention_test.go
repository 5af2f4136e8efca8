package retention_test

import (
	"errors"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/retention"
)

func TestPolicyLimits(t *testing.T) {
	t.Parallel()
	if err := retention.Default().Validate(); err != nil {
		t.Fatalf("default policy: %v", err)
	}
	for name, mutate := range map[string]func(retention.Policy){
		"spend too short": func(p retention.Policy) { p.Days[retention.Spend] = 30 },
		"profile forever": func(p retention.Policy) { p.Days[retention.ProfilePII] = 100000 },
		"missing class":   func(p retention.Policy) { delete(p.Days, retention.Surveys) },
		"unknown class":   func(p retention.Policy) { p.Days["photos"] = 100 },
	} {
		p := retention.Default()
		mutate(p)
		if err := p.Validate(); !errors.Is(err, retention.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

func TestEventExpiryFollowsItsClass(t *testing.T) {
	t.Parallel()
	p := retention.Default()
	p.Days[retention.Stays] = 2200
	at := time.Date(2026, 1, 31, 12, 0, 0, 0, time.FixedZone("X", 3600))
	if got := p.Expires(retention.ClassOf(events.TypeStayCheckedOut), at); !got.Equal(at.AddDate(0, 0, 2200)) || got.Location() != time.UTC {
		t.Errorf("stay expiry = %v", got)
	}
	for typ, want := range map[string]retention.Class{
		events.TypePOSCheckClosed: retention.Spend, events.TypeConsentChanged: retention.ProfilePII, events.TypeApprovalDecided: retention.Audit,
	} {
		if got := retention.ClassOf(typ); got != want {
			t.Errorf("ClassOf(%s) = %s, want %s", typ, got, want)
		}
	}
}
