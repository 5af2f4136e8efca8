package events

import "sort"

// Detail-type names. They are the EventBridge detail-type and the envelope's Type; topology rules refer to them.
const (
	TypeReservationUpserted  = "Reservation Upserted"
	TypeStayCheckedIn        = "Stay Checked In"
	TypeStayCheckedOut       = "Stay Checked Out"
	TypePOSCheckClosed       = "POS Check Closed"
	TypeGuestProfileUpserted = "Guest Profile Upserted"
	TypeProfilesMerged       = "Profiles Merged"
	TypeProfilesUnmerged     = "Profiles Unmerged"
	TypeConsentChanged       = "Consent Changed"
	TypePointsPosted         = "Points Posted"
	TypeTierChanged          = "Tier Changed"
	TypeApprovalDecided      = "Approval Decided"
	TypeDailyRollupDue       = "Daily Rollup Due"
	TypeRetentionSweepDue    = "Retention Sweep Due"
	TypePointsExpiryDue      = "Points Expiry Due"
	TypeReconciliationDue    = "Reconciliation Due"
	TypeNightAuditDue        = "Night Audit Due"
	TypeLoyaltyDashboardDue  = "Loyalty Dashboard Due"
)

type spec struct {
	version int
	make    func() Detail
}

// catalogue maps each detail-type to the version this build reads and a constructor for its detail struct.
var catalogue = map[string]spec{
	TypeReservationUpserted:  {1, func() Detail { return new(ReservationUpserted) }},
	TypeStayCheckedIn:        {1, func() Detail { return new(StayCheckedIn) }},
	TypeStayCheckedOut:       {1, func() Detail { return new(StayCheckedOut) }},
	TypePOSCheckClosed:       {1, func() Detail { return new(POSCheckClosed) }},
	TypeGuestProfileUpserted: {1, func() Detail { return new(GuestProfileUpserted) }},
	TypeProfilesMerged:       {1, func() Detail { return new(ProfilesMerged) }},
	TypeProfilesUnmerged:     {1, func() Detail { return new(ProfilesUnmerged) }},
	TypeConsentChanged:       {1, func() Detail { return new(ConsentChanged) }},
	TypePointsPosted:         {1, func() Detail { return new(PointsPosted) }},
	TypeTierChanged:          {1, func() Detail { return new(TierChanged) }},
	TypeApprovalDecided:      {1, func() Detail { return new(ApprovalDecided) }},
	TypeDailyRollupDue:       {1, func() Detail { return new(DailyRollupDue) }},
	TypeRetentionSweepDue:    {1, func() Detail { return new(RetentionSweepDue) }},
	TypePointsExpiryDue:      {1, func() Detail { return new(PointsExpiryDue) }},
	TypeReconciliationDue:    {1, func() Detail { return new(ReconciliationDue) }},
	TypeLoyaltyDashboardDue:  {1, func() Detail { return new(LoyaltyDashboardDue) }},
	TypeNightAuditDue:        {1, func() Detail { return new(NightAuditDue) }},
}

// Types lists every known detail-type, sorted; topology tests check rules against it.
func Types() []string {
	out := make([]string, 0, len(catalogue))
	for t := range catalogue {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// Known reports whether t is a detail-type in the catalogue.
func Known(t string) bool {
	_, ok := catalogue[t]
	return ok
}

// Empty returns a zero detail of type t, for fixtures and documentation.
func Empty(t string) (Detail, bool) {
	s, ok := catalogue[t]
	if !ok {
		return nil, false
	}
	return s.make(), true
}
