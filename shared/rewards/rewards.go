// Package rewards connects the loyalty engine to the ledger: it enrols guests as members (each with a points
// account) and turns their stays and checks into postings, exactly once per accrual.
package rewards

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// Members keeps members by guest.
type Members interface {
	// Member returns the guest's membership, or ErrNotMember.
	Member(ctx context.Context, guestID string) (loyalty.Member, error)
	// Create stores a new member; it fails if the guest is already one.
	Create(ctx context.Context, m loyalty.Member) error
	// Put replaces the member record of m.GuestID (merges change it).
	Put(ctx context.Context, m loyalty.Member) error
	// Delete removes a guest's member record (a membership that moved back to the guest it came from).
	Delete(ctx context.Context, guestID string) error
	// NextSequence returns the next membership number sequence value.
	NextSequence(ctx context.Context) (uint64, error)
	// Update replaces before with after if the member is still before (ErrMemberChanged otherwise).
	Update(ctx context.Context, before, after loyalty.Member) error
	// AddActivity records a tier-qualifying activity once per key; Activities lists a member's.
	AddActivity(ctx context.Context, guestID, key string, a loyalty.Activity) error
	Activities(ctx context.Context, guestID string) ([]loyalty.Activity, error)
	// WithAnniversary lists the members enrolled on a month and day ("02-28").
	WithAnniversary(ctx context.Context, monthDay string) ([]loyalty.Member, error)
	// All lists every member (merged ones included).
	All(ctx context.Context) ([]loyalty.Member, error)
}

// ErrMemberChanged is a member updated by someone else since it was read.
var ErrMemberChanged = errors.New("member changed concurrently")

// Approvals reads the payload of an approval request (the adjustment a decision is about).
type Approvals interface {
	Payload(ctx context.Context, approvalID string) ([]byte, error)
}

// KindAdjustment is the approval kind of a manual points adjustment above the threshold.
const KindAdjustment = "points_adjustment"

// adjustmentLimits are the points a role may adjust without a second person; larger adjustments need approval.
var adjustmentLimits = map[string]int64{"group-admin": 5000, "loyalty-manager": 1000, "guest-relations": 200}

// AdjustmentLimit is the largest adjustment (in absolute points) any of the roles may post alone.
func AdjustmentLimit(roles []string) int64 {
	var limit int64
	for _, r := range roles {
		limit = max(limit, adjustmentLimits[r])
	}
	return limit
}

// Adjustment is what an adjustment, redemption or tier override approval carries.
type Adjustment struct {
	GuestID string `json:"guestId"`
	Points  int64  `json:"points,omitempty"`
	Tier    string `json:"tier,omitempty"`
	Reason  string `json:"reason"`
}

// Approval kinds besides adjustments: redemptions above the caller's limit, and every manual tier change.
const (
	KindRedemption   = "points_redemption"
	KindTierOverride = "tier_override"
)

// redemptionLimits are the points a role may redeem for a guest without a second person.
var redemptionLimits = map[string]int64{"group-admin": 50000, "loyalty-manager": 20000, "guest-relations": 10000}

// RedemptionLimit is the largest redemption any of the roles may post alone.
func RedemptionLimit(roles []string) int64 {
	var limit int64
	for _, r := range roles {
		limit = max(limit, redemptionLimits[r])
	}
	return limit
}

// Publisher puts events on the bus.
type Publisher interface {
	Publish(ctx context.Context, envs ...events.Envelope) error
}

// ErrNotMember is returned for a guest who is not enrolled.
var ErrNotMember = errors.New("not a member")

// Service enrols members and awards points.
type Service struct {
	engine    *loyalty.Engine
	zone      *time.Location
	members   Members
	ledger    *ledger.Service
	bus       Publisher
	approvals Approvals
	rules     CheckOutRules
	now       func() time.Time

	fraud       FraudStore
	fraudPolicy loyalty.FraudPolicy

	programmes   Programmes
	programmeTTL time.Duration
	stays        func(ctx context.Context, guestID string) (int, error)
	cache        programmeCache
	dashboards   DashboardStore
}

// CheckOutRules tells whether a property awards points for checked-out stays (its "do not award points for
// checked-out reservations" switch, read from the property hierarchy).
type CheckOutRules func(ctx context.Context, propertyID string) (award bool, err error)

// WithCheckOutRules makes stays at properties that do not award points record the points as withheld.
func (s *Service) WithCheckOutRules(r CheckOutRules) *Service {
	s.rules = r
	return s
}

// WithStayCount tells enrolment how many completed stays a guest has, for programmes that enrol only guests who
// have stayed.
func (s *Service) WithStayCount(f func(ctx context.Context, guestID string) (int, error)) *Service {
	s.stays = f
	return s
}

// WithApprovals lets the service apply approved adjustments.
func (s *Service) WithApprovals(a Approvals) *Service {
	s.approvals = a
	return s
}

// Adjust posts a manual adjustment (signed points) to a member's account, once per key.
func (s *Service) Adjust(ctx context.Context, guestID string, points int64, reason, key, by string) (ledger.Entry, error) {
	m, err := s.active(ctx, guestID)
	if err != nil {
		return ledger.Entry{}, err
	}
	if points == 0 || reason == "" {
		return ledger.Entry{}, fmt.Errorf("%w: an adjustment needs non-zero points and a reason", ledger.ErrInvalid)
	}
	e, err := s.ledger.Post(ctx, ledger.Posting{AccountID: AccountID(m), IdempotencyKey: key, Kind: ledger.EntryAdjust, Amount: points,
		Concept: "Adjustment: " + reason, At: s.now(), By: by})
	if err != nil {
		return e, err
	}
	return e, s.watch(ctx, m, loyalty.FraudEvent{ID: key, Kind: loyalty.ActivityAdjust, MemberID: m.GuestID, At: e.At, Points: points, UserID: by})
}

// Redeem spends points from a member's available balance, once per key.
func (s *Service) Redeem(ctx context.Context, guestID string, points int64, concept, key, by string) (ledger.Entry, error) {
	m, err := s.active(ctx, guestID)
	if err != nil {
		return ledger.Entry{}, err
	}
	if m.OnHold {
		return ledger.Entry{}, fmt.Errorf("%w: member %s", ledger.ErrOnHold, m.Number)
	}
	e, err := s.ledger.Post(ctx, ledger.Posting{AccountID: AccountID(m), IdempotencyKey: key, Kind: ledger.EntryRedeem, Amount: points,
		Concept: concept, At: s.now(), By: by})
	if err != nil {
		return e, err
	}
	return e, s.watch(ctx, m, loyalty.FraudEvent{ID: key, Kind: loyalty.ActivityRedeem, MemberID: m.GuestID, At: e.At, Points: points})
}

// applyDecision posts an approved adjustment; rejected and expired ones post nothing.
func (s *Service) applyDecision(ctx context.Context, env events.Envelope) error {
	d, err := events.DecodeAs[*events.ApprovalDecided](env)
	if err != nil {
		return err
	}
	if d.Outcome != "approved" || s.approvals == nil {
		return nil // rejected and expired requests post nothing
	}
	switch d.Kind {
	case KindAdjustment, KindRedemption, KindTierOverride:
	default:
		return nil
	}
	raw, err := s.approvals.Payload(ctx, d.ApprovalID)
	if err != nil {
		return err
	}
	var req Adjustment
	if err := json.Unmarshal(raw, &req); err != nil || req.GuestID == "" {
		return fmt.Errorf("%w: %s %s has no guest", events.ErrInvalid, d.Kind, d.ApprovalID)
	}
	switch d.Kind {
	case KindRedemption:
		_, err = s.Redeem(ctx, req.GuestID, req.Points, "Redemption: "+req.Reason, "redeem/"+d.ApprovalID, d.DecidedBy)
		if errors.Is(err, ledger.ErrInsufficient) || errors.Is(err, ledger.ErrOnHold) {
			return nil // the balance moved on since the request: nothing to post, and a retry would not change that
		}
	case KindTierOverride:
		err = s.OverrideTier(ctx, req.GuestID, req.Tier, d.ApprovalID, env.OccurredAt)
	default:
		_, err = s.Adjust(ctx, req.GuestID, req.Points, req.Reason, "adjust/"+d.ApprovalID, d.DecidedBy)
	}
	return err
}

// NewService returns the rewards service for a programme.
func NewService(p loyalty.Programme, members Members, l *ledger.Service, bus Publisher, now func() time.Time) (*Service, error) {
	engine, err := loyalty.NewEngine(p)
	if err != nil {
		return nil, err
	}
	zone := p.Zone
	if zone == nil {
		zone = time.UTC
	}
	return &Service{engine: engine, zone: zone, members: members, ledger: l, bus: bus, now: now}, nil
}

// AccountID is the points account of a member.
func AccountID(m loyalty.Member) string { return "PTS-" + string(m.Number) }

// Enrol makes a guest a member with a fresh membership number and opens their points account.
func (s *Service) Enrol(ctx context.Context, guestID string) (loyalty.Member, error) {
	if m, err := s.members.Member(ctx, guestID); err == nil {
		return m, nil // enrolling twice returns the membership
	} else if !errors.Is(err, ErrNotMember) {
		return loyalty.Member{}, err
	}
	seq, err := s.members.NextSequence(ctx)
	if err != nil {
		return loyalty.Member{}, err
	}
	engine, err := s.engineFor(ctx)
	if err != nil {
		return loyalty.Member{}, err
	}
	stays := 0
	if engine.Programme().Enrolment.RequireStay && s.stays != nil {
		if stays, err = s.stays(ctx, guestID); err != nil {
			return loyalty.Member{}, err
		}
	}
	m, err := engine.Enrol(loyalty.Enrolment{MemberID: guestID, GuestID: guestID, Sequence: seq, CompletedStays: stays, At: loyalty.At(s.now(), s.zone)})
	if err != nil {
		return loyalty.Member{}, err
	}
	if err := s.ledger.Open(ctx, ledger.Account{ID: AccountID(m), Kind: ledger.KindPoints}); err != nil && !errors.Is(err, ledger.ErrInvalid) {
		return loyalty.Member{}, fmt.Errorf("open account for %s: %w", guestID, err)
	}
	if err := s.members.Create(ctx, m); err != nil {
		return loyalty.Member{}, err
	}
	return m, nil
}

// Handle is the loyalty function's consumer: a checked-out stay or a closed check of a member earns points. Each
// accrual is posted with its own idempotency key and announced as Points Posted, so redeliveries change nothing.
// Merges and unmerges of guests combine and separate their memberships (merge.go).
func (s *Service) Handle(ctx context.Context, env events.Envelope) error {
	switch env.Type {
	case events.TypeApprovalDecided:
		return s.applyDecision(ctx, env)
	case events.TypeProfilesMerged:
		return s.merge(ctx, env)
	case events.TypeProfilesUnmerged:
		return s.unmerge(ctx, env)
	case events.TypePointsExpiryDue:
		due, err := events.DecodeAs[*events.PointsExpiryDue](env)
		if err != nil {
			return err
		}
		at, _ := time.Parse(time.RFC3339, due.ScheduledAt) // validated by DecodeAs
		if _, err = s.ledger.ExpireDue(ctx, at.UTC().Format(time.DateOnly)); err != nil {
			return err
		}
		_, err = s.ReviewAnniversaries(ctx, at) // the same nightly run reviews the day's anniversaries
		return err
	}
	if env.GuestID == "" {
		return nil // not matched to a guest: nobody to award
	}
	m, err := s.active(ctx, env.GuestID) // a merged guest's late stay earns for the survivor
	if errors.Is(err, ErrNotMember) {
		return nil
	}
	if err != nil {
		return err
	}
	engine, err := s.engineFor(ctx)
	if err != nil {
		return err
	}
	var (
		earning  loyalty.Earning
		activity loyalty.Activity // what the fact counts towards tiers
		factKey  string
		cardHash string // the payment card the guest paid with, for the shared-card rule
	)
	switch env.Type {
	case events.TypeStayCheckedOut:
		d, err := events.DecodeAs[*events.StayCheckedOut](env)
		if err != nil {
			return err
		}
		st, err := loyalty.StayFromEvent(env.PropertyID, *d)
		if err != nil {
			return fmt.Errorf("%w: %v", events.ErrInvalid, err)
		}
		if earning, err = engine.EarnStay(m, st, nil); err != nil {
			return err
		}
		if s.rules != nil {
			award, err := s.rules(ctx, env.PropertyID)
			if err != nil {
				return fmt.Errorf("check-out rules of %s: %w", env.PropertyID, err)
			}
			if !award {
				return s.withhold(ctx, env, m, earning) // no points, and no tier credit either
			}
		}
		activity, factKey, cardHash = loyalty.StayActivity(st, earning), "stay/"+env.PropertyID+"/"+d.StayID, d.Guest.CardHash
	case events.TypePOSCheckClosed:
		d, err := events.DecodeAs[*events.POSCheckClosed](env)
		if err != nil {
			return err
		}
		c, err := loyalty.CheckFromEvent(env.PropertyID, *d)
		if err != nil {
			return fmt.Errorf("%w: %v", events.ErrInvalid, err)
		}
		if earning, err = engine.EarnCheck(m, c); err != nil {
			return err
		}
		activity, factKey, cardHash = loyalty.CheckActivity(earning), "check/"+env.PropertyID+"/"+d.CheckID, d.Guest.CardHash
	default:
		return nil
	}
	if err := s.post(ctx, env, m, earning); err != nil {
		return err
	}
	if err := s.record(ctx, env, m, factKey, activity); err != nil {
		return err
	}
	var points int64
	for _, a := range earning.Accruals {
		points += max(a.Points, 0)
	}
	if points == 0 {
		return nil
	}
	return s.watch(ctx, m, loyalty.FraudEvent{ID: "earn/" + factKey, Kind: loyalty.ActivityEarn, MemberID: m.GuestID, At: env.OccurredAt, Points: points, CardHash: cardHash})
}

func (s *Service) post(ctx context.Context, env events.Envelope, m loyalty.Member, earning loyalty.Earning) error {
	var out []events.Envelope
	for _, a := range earning.Accruals {
		if a.Points <= 0 {
			continue
		}
		e, err := s.ledger.Post(ctx, ledger.Posting{
			AccountID: AccountID(m), IdempotencyKey: a.Key, Kind: ledger.EntryEarn, Amount: a.Points,
			Concept: a.Label, ExpiresOn: a.ExpiresOn.String(), AvailableFrom: a.AvailableFrom, At: env.OccurredAt,
			Refs: ledger.Refs{Reservation: a.Refs.ReservationID, Folio: a.Refs.FolioID, Check: a.Refs.CheckID, Property: a.Refs.PropertyID},
		})
		if err != nil {
			return fmt.Errorf("post %s: %w", a.Key, err)
		}
		if e.Kind != ledger.EntryEarn {
			continue // the key was taken by withheld points: this stay never earns them
		}
		posted, err := events.New(events.PointsPosted{
			AccountID: AccountID(m), EntryID: e.ID, Points: a.Points, Balance: e.BalanceAfter, Reason: string(a.Concept), ExpiresOn: a.ExpiresOn.String(),
		}, events.Scope{BrandID: env.BrandID, PropertyID: env.PropertyID, GuestID: env.GuestID}, "points/"+a.Key, env.OccurredAt)
		if err != nil {
			return err
		}
		posted.ID = events.DerivedID(posted.IdempotencyKey, posted.OccurredAt) // a redelivery republishes the same event
		out = append(out, posted)
	}
	if len(out) == 0 {
		return nil
	}
	return s.bus.Publish(ctx, out...)
}

// withhold records each accrual of a stay as withheld points under the accrual's own key, so that the stay can never
// earn them later (a replay, or the switch turned back on, finds the key taken).
func (s *Service) withhold(ctx context.Context, env events.Envelope, m loyalty.Member, earning loyalty.Earning) error {
	for _, a := range earning.Accruals {
		if a.Points <= 0 {
			continue
		}
		_, err := s.ledger.Post(ctx, ledger.Posting{
			AccountID: AccountID(m), IdempotencyKey: a.Key, Kind: ledger.EntrySkip, Amount: a.Points,
			Concept: "Not awarded (property setting): " + a.Label, At: env.OccurredAt,
			Refs: ledger.Refs{Reservation: a.Refs.ReservationID, Folio: a.Refs.FolioID, Check: a.Refs.CheckID, Property: a.Refs.PropertyID},
		})
		if err != nil {
			return fmt.Errorf("withhold %s: %w", a.Key, err)
		}
	}
	return nil
}

// Member returns a guest's own membership and points account (a merged guest's shows where it went).
func (s *Service) Member(ctx context.Context, guestID string) (loyalty.Member, ledger.Account, error) {
	m, err := s.members.Member(ctx, guestID)
	if err != nil {
		return loyalty.Member{}, ledger.Account{}, err
	}
	a, err := s.ledger.Account(ctx, AccountID(m))
	return m, a, err
}
