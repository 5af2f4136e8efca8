package loyalty

import "time"

// MemberStatus is whether a member can earn, redeem and use certificates.
type MemberStatus string

// Member statuses.
const (
	MemberActive   MemberStatus = "active"
	MemberInactive MemberStatus = "inactive"
)

// Member is the loyalty view of a guest: the inputs earning, tier evaluation and certificates need.
type Member struct {
	ID         string           `json:"id"`
	Number     MembershipNumber `json:"number"`
	GuestID    string           `json:"guestId,omitempty"`
	Status     MemberStatus     `json:"status"`
	EnrolledAt time.Time        `json:"enrolledAt"`
	// EnrolledOn is the enrolment's business date; its day and month are the membership anniversary.
	EnrolledOn Date   `json:"enrolledOn"`
	Tier       string `json:"tier"`
	TierSince  Date   `json:"tierSince"`
	// LastTierReview is the last anniversary at which the tier was reviewed, so a review runs once per year even
	// when the nightly run is late or repeated.
	LastTierReview Date `json:"lastTierReview,omitzero"`
	// OnHold is set by a fraud alert: the account keeps earning but may not redeem until released.
	OnHold bool `json:"onHold,omitempty"`
	Merge
}

// Merge is what guest merges did to a membership (package rewards applies them).
type Merge struct {
	// MergedInto is the guest this member's guest was merged into (by MergeID): its points went to that guest's
	// membership, or the membership itself moved there; the guest earns and spends there until the merge is
	// undone.
	MergedInto string `json:"mergedInto,omitempty"`
	MergeID    string `json:"mergeId,omitempty"`
	// MovedFrom is set on a membership that moved to a survivor who was not a member: the merged guest it is.
	MovedFrom string `json:"movedFrom,omitempty"`
	// Undone lists the merges undone for this member, so that a merge delivered after its undoing does nothing.
	Undone []string `json:"undoneMerges,omitempty"`
	// Absorbed are the members merged into this one: their qualifying activity counts towards this member's tier
	// until the merge is undone.
	Absorbed []AbsorbedMember `json:"absorbed,omitempty"`
}

// AbsorbedMember is a member merged into another, with the survivor's tier just before the merge, which an
// unmerge restores (the tier is then reviewed on the survivor's own activity).
type AbsorbedMember struct {
	// Tier is the absorbed member's own tier at the merge: while merged, the survivor never ranks below it.
	Tier        string `json:"tier,omitempty"`
	GuestID     string `json:"guestId"`
	MergeID     string `json:"mergeId"`
	TierBefore  string `json:"tierBefore"`
	SinceBefore Date   `json:"sinceBefore,omitzero"`
}

// HigherTier returns whichever of two tiers ranks higher in the programme (a, when equal or unknown).
func (e *Engine) HigherTier(a, b string) string {
	ia, oka := e.tiers.byID[a]
	ib, okb := e.tiers.byID[b]
	if okb && (!oka || ib > ia) {
		return b
	}
	return a
}

// Active reports whether the member is active.
func (m Member) Active() bool { return m.Status == MemberActive }

// Deactivate makes an active member inactive; their certificates stop being usable.
func (m Member) Deactivate() (Member, error) {
	if m.Status != MemberActive {
		return m, &TransitionError{Entity: "member", ID: m.ID, From: string(m.Status), Action: "deactivate"}
	}
	m.Status = MemberInactive
	return m, nil
}

// Reactivate makes an inactive member active again.
func (m Member) Reactivate() (Member, error) {
	if m.Status != MemberInactive {
		return m, &TransitionError{Entity: "member", ID: m.ID, From: string(m.Status), Action: "reactivate"}
	}
	m.Status = MemberActive
	return m, nil
}

// WithTier returns the member after a tier decision: the new tier and, when the decision reviewed an
// anniversary, that review date.
func (m Member) WithTier(d TierDecision) Member {
	if d.To != m.Tier {
		m.Tier = d.To
		m.TierSince = d.EffectiveFrom
	}
	if d.Reviewed > m.LastTierReview {
		m.LastTierReview = d.Reviewed
	}
	return m
}

// EnrolmentPolicy says who may enrol.
type EnrolmentPolicy struct {
	// RequireStay enrols only guests with at least one completed stay (programmes that want no paper members).
	RequireStay bool `json:"requireStay,omitempty"`
}

// Enrolment asks to make a guest a member.
type Enrolment struct {
	MemberID       string
	GuestID        string
	Sequence       uint64 // next value of the membership number sequence
	CompletedStays int    // the guest's completed stays, for EnrolmentPolicy.RequireStay
	At             Moment // the zone is the enrolling property's, which fixes the anniversary date
}

// Enrol returns a new active member on the programme's base tier.
func (e *Engine) Enrol(r Enrolment) (Member, error) {
	if r.MemberID == "" {
		return Member{}, invalid("memberId", "required")
	}
	if e.programme.Enrolment.RequireStay && r.CompletedStays < 1 {
		return Member{}, ErrStayRequired
	}
	n, err := NewMembershipNumber(r.Sequence)
	if err != nil {
		return Member{}, err
	}
	today := r.At.Today()
	return Member{
		ID: r.MemberID, Number: n, GuestID: r.GuestID, Status: MemberActive,
		EnrolledAt: r.At.UTC(), EnrolledOn: today,
		Tier: e.tiers.base().ID, TierSince: today,
	}, nil
}
