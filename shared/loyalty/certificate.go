package loyalty

import "time"

// CertificateStatus is where a benefit certificate is in its life.
type CertificateStatus string

// Certificate statuses: registered → issued → used | cancelled | expired; a registered certificate may also be
// cancelled or expire before it is issued.
const (
	CertificateRegistered CertificateStatus = "registered"
	CertificateIssued     CertificateStatus = "issued"
	CertificateUsed       CertificateStatus = "used"
	CertificateCancelled  CertificateStatus = "cancelled"
	CertificateExpired    CertificateStatus = "expired"
)

// ConceptRedemption is the concept of points leaving (or returning to) an account for a certificate.
const ConceptRedemption Concept = "redemption"

// Certificate is a benefit certificate (a free night, an upgrade, a spa treatment) a member buys with points and
// anyone may use at check-in.
type Certificate struct {
	ID        string            `json:"id"`
	Code      string            `json:"code"` // printed; see NewCertificateCode
	OwnerID   string            `json:"ownerId"`
	BenefitID string            `json:"benefitId"`
	Points    int64             `json:"points"` // deducted at issue, returned on cancellation
	Status    CertificateStatus `json:"status"`
	// ValidUntil is the last business day it can be used; zero means no end.
	ValidUntil   Date      `json:"validUntil,omitzero"`
	RegisteredAt time.Time `json:"registeredAt"`
	IssuedAt     time.Time `json:"issuedAt,omitzero"`
	UsedAt       time.Time `json:"usedAt,omitzero"`
	CancelledAt  time.Time `json:"cancelledAt,omitzero"`
	ExpiredAt    time.Time `json:"expiredAt,omitzero"`
	// ReservationID is the reservation it was entered on; UsedBy the guest who used it (any guest, member or not).
	ReservationID  string `json:"reservationId,omitempty"`
	UsedBy         string `json:"usedBy,omitempty"`
	UsedAtProperty string `json:"usedAtProperty,omitempty"`
}

// CertificateRequest asks to register a certificate.
type CertificateRequest struct {
	ID         string
	Code       string
	OwnerID    string
	BenefitID  string
	Points     int64
	ValidUntil Date
}

// Validity is what a certificate's validity depends on outside itself: it is valid only while its owner is an
// active member and its benefit still exists in the catalogue.
type Validity struct {
	OwnerActive   bool
	BenefitExists bool
}

// CertificateUse is a certificate entered on a reservation at check-in.
type CertificateUse struct {
	ReservationID string
	Guest         string // the guest using it; need not be the owner or a member
	PropertyID    string
}

// PointsEffect is a points movement the ledger posts for a transition; Points is zero when nothing moves.
type PointsEffect struct {
	AccountID string  `json:"accountId"`
	Points    int64   `json:"points"` // negative deducts, positive returns
	Concept   Concept `json:"concept"`
	Key       string  `json:"key"` // "cert/<id>/issue" or "cert/<id>/cancel"
}

// RegisterCertificate returns a new registered certificate; no points move until it is issued.
func RegisterCertificate(r CertificateRequest, at Moment) (Certificate, error) {
	switch {
	case r.ID == "" || r.OwnerID == "" || r.BenefitID == "":
		return Certificate{}, invalid("certificate", "id, owner and benefit are required")
	case r.Points < 0:
		return Certificate{}, invalid("points", "cannot be negative")
	case r.Code != "":
		if _, err := ParseCertificateCode(r.Code); err != nil {
			return Certificate{}, err
		}
	}
	return Certificate{
		ID: r.ID, Code: r.Code, OwnerID: r.OwnerID, BenefitID: r.BenefitID, Points: r.Points,
		Status: CertificateRegistered, ValidUntil: r.ValidUntil, RegisteredAt: at.UTC(),
	}, nil
}

// Issue makes a registered certificate usable and deducts its points from the owner. The ledger refuses the
// deduction if the balance is short, and then the certificate stays registered.
func (c Certificate) Issue(v Validity, at Moment) (Certificate, PointsEffect, error) {
	if c.Status != CertificateRegistered {
		return c, PointsEffect{}, c.transition("issue")
	}
	if err := c.valid(v, at.Today()); err != nil {
		return c, PointsEffect{}, err
	}
	c.Status, c.IssuedAt = CertificateIssued, at.UTC()
	return c, c.effect(-c.Points, "issue"), nil
}

// Use marks an issued certificate used on a reservation at check-in.
func (c Certificate) Use(v Validity, u CertificateUse, at Moment) (Certificate, error) {
	if c.Status != CertificateIssued {
		return c, c.transition("use")
	}
	if u.ReservationID == "" {
		return c, invalid("reservationId", "a certificate is used on a reservation")
	}
	if err := c.valid(v, at.Today()); err != nil {
		return c, err
	}
	c.Status, c.UsedAt = CertificateUsed, at.UTC()
	c.ReservationID, c.UsedBy, c.UsedAtProperty = u.ReservationID, u.Guest, u.PropertyID
	return c, nil
}

// Cancel cancels a registered or issued certificate; an issued one returns its points to the owner.
func (c Certificate) Cancel(at Moment) (Certificate, PointsEffect, error) {
	var eff PointsEffect
	switch c.Status {
	case CertificateIssued:
		eff = c.effect(c.Points, "cancel")
	case CertificateRegistered:
	default:
		return c, PointsEffect{}, c.transition("cancel")
	}
	c.Status, c.CancelledAt = CertificateCancelled, at.UTC()
	return c, eff, nil
}

// Expire marks a registered or issued certificate expired once its last valid day has passed; the nightly run
// calls it. Points are not returned: the member bought the certificate and did not use it.
func (c Certificate) Expire(at Moment) (Certificate, error) {
	if c.Status != CertificateRegistered && c.Status != CertificateIssued {
		return c, c.transition("expire")
	}
	if c.ValidUntil == 0 || at.Today() <= c.ValidUntil {
		return c, ErrNotDue
	}
	c.Status, c.ExpiredAt = CertificateExpired, at.UTC()
	return c, nil
}

// ExpireCertificates returns the certificates that the nightly run at moment expires, already transitioned.
func ExpireCertificates(certs []Certificate, at Moment) []Certificate {
	var out []Certificate
	for _, c := range certs {
		if e, err := c.Expire(at); err == nil {
			out = append(out, e)
		}
	}
	return out
}

func (c Certificate) valid(v Validity, today Date) error {
	switch {
	case !v.OwnerActive:
		return ErrMemberInactive
	case !v.BenefitExists:
		return ErrBenefitUnavailable
	case c.ValidUntil != 0 && today > c.ValidUntil:
		return ErrExpired
	}
	return nil
}

func (c Certificate) effect(points int64, action string) PointsEffect {
	return PointsEffect{AccountID: c.OwnerID, Points: points, Concept: ConceptRedemption, Key: "cert/" + c.ID + "/" + action}
}

func (c Certificate) transition(action string) error {
	return &TransitionError{Entity: "certificate", ID: c.ID, From: string(c.Status), Action: action}
}
