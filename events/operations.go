package events

import (
	"errors"
	"time"
)

// ApprovalDecided is published by the approval workflow when a request is approved, rejected or expires; the
// module that asked for approval applies (or drops) the change when it sees this.
type ApprovalDecided struct {
	ApprovalID  string `json:"approvalId"`
	Kind        string `json:"kind"`    // points_adjustment, erasure, partner_payout, ...
	Outcome     string `json:"outcome"` // approved, rejected, expired
	RequestedBy string `json:"requestedBy"`
	DecidedBy   string `json:"decidedBy,omitempty"`
	Comment     string `json:"comment,omitempty"`
}

// EventType implements Detail.
func (ApprovalDecided) EventType() string { return TypeApprovalDecided }

// EventVersion implements Detail.
func (ApprovalDecided) EventVersion() int { return 1 }

func (d ApprovalDecided) validate() error {
	if d.ApprovalID == "" || d.Kind == "" {
		return errors.New("approvalId and kind are required")
	}
	switch d.Outcome {
	case "approved", "rejected", "expired":
		return nil
	}
	return errors.New("outcome must be approved, rejected or expired")
}

// DailyRollupDue is emitted by a schedule once a day. ScheduledAt is the schedule's own time (RFC 3339, UTC), so a
// retried or repeated delivery rolls up the same day.
type DailyRollupDue struct {
	ScheduledAt string `json:"scheduledAt"`
}

// EventType implements Detail.
func (DailyRollupDue) EventType() string { return TypeDailyRollupDue }

// EventVersion implements Detail.
func (DailyRollupDue) EventVersion() int { return 1 }

func (d DailyRollupDue) validate() error {
	if _, err := time.Parse(time.RFC3339, d.ScheduledAt); err != nil {
		return errors.New("scheduledAt must be an RFC 3339 time")
	}
	return nil
}

// RetentionSweepDue is emitted by a schedule once a day: data past its retention period that TTL cannot remove by
// itself (inactive guests' profiles) is erased.
type RetentionSweepDue struct {
	ScheduledAt string `json:"scheduledAt"`
}

// EventType implements Detail.
func (RetentionSweepDue) EventType() string { return TypeRetentionSweepDue }

// EventVersion implements Detail.
func (RetentionSweepDue) EventVersion() int { return 1 }

func (d RetentionSweepDue) validate() error { return DailyRollupDue(d).validate() }

// PointsExpiryDue is emitted by a schedule once a day: points lots that expire on or before the scheduled day are
// expired, one idempotent posting per lot.
type PointsExpiryDue struct {
	ScheduledAt string `json:"scheduledAt"`
}

// EventType implements Detail.
func (PointsExpiryDue) EventType() string { return TypePointsExpiryDue }

// EventVersion implements Detail.
func (PointsExpiryDue) EventVersion() int { return 1 }

func (d PointsExpiryDue) validate() error { return DailyRollupDue(d).validate() }

// ReconciliationDue is emitted by a schedule once a day: each property's previous business day (in its own time
// zone) is reconciled: PMS folio revenue against ingested spend and loyalty earn, by reservation.
type ReconciliationDue struct {
	ScheduledAt string `json:"scheduledAt"`
}

// EventType implements Detail.
func (ReconciliationDue) EventType() string { return TypeReconciliationDue }

// EventVersion implements Detail.
func (ReconciliationDue) EventVersion() int { return 1 }

func (d ReconciliationDue) validate() error { return DailyRollupDue(d).validate() }

// NightAuditDue is emitted every hour: each property whose night audit hour (04:00 in its own time zone) it is
// re-applies its previous business day's stays and checks to loyalty, so nothing of the day is left unawarded.
type NightAuditDue struct {
	ScheduledAt string `json:"scheduledAt"`
}

// EventType implements Detail.
func (NightAuditDue) EventType() string { return TypeNightAuditDue }

// EventVersion implements Detail.
func (NightAuditDue) EventVersion() int { return 1 }

func (d NightAuditDue) validate() error { return DailyRollupDue(d).validate() }

// LoyaltyDashboardDue asks for the loyalty dashboard to be computed: by a nightly schedule, or by a person who
// wants today's figures (RequestedBy). It is computed away from the API, where a programme's size has time.
type LoyaltyDashboardDue struct {
	ScheduledAt string `json:"scheduledAt"`
	RequestedBy string `json:"requestedBy,omitempty"`
}

// EventType implements Detail.
func (LoyaltyDashboardDue) EventType() string { return TypeLoyaltyDashboardDue }

// EventVersion implements Detail.
func (LoyaltyDashboardDue) EventVersion() int { return 1 }

func (d LoyaltyDashboardDue) validate() error {
	return DailyRollupDue{ScheduledAt: d.ScheduledAt}.validate()
}
