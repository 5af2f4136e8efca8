package rewards

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/loyalty"
)

// Benefit is something a member can buy with points as a certificate.
type Benefit struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Points    int64  `json:"points"`
	ValidDays int    `json:"validDays"` // from registration
}

// DemoBenefits is the certificate catalogue of the demo programme.
func DemoBenefits() []Benefit {
	return []Benefit{
		{ID: "free-night", Name: "One free night in a standard room", Points: 20000, ValidDays: 365},
		{ID: "suite-upgrade", Name: "Upgrade to a suite for one stay", Points: 8000, ValidDays: 365},
		{ID: "spa-60", Name: "A 60-minute spa treatment", Points: 6000, ValidDays: 180},
		{ID: "late-checkout", Name: "Check-out at 16:00", Points: 1500, ValidDays: 180},
	}
}

// Certificates keeps certificates; PutCertificate is conditional on the stored version (ErrCertificateConflict).
type Certificates interface {
	Certificate(ctx context.Context, code string) (loyalty.Certificate, int64, error)
	PutCertificate(ctx context.Context, c loyalty.Certificate, version int64) error
	// Create writes a new certificate together with its registration request (guest and request id), both only if
	// new: ErrCertificateConflict when the request was registered already.
	Create(ctx context.Context, c loyalty.Certificate, requestID string) error
	// ByRequest returns the code a registration request produced (ErrUnknownCertificate if none).
	ByRequest(ctx context.Context, guestID, requestID string) (string, error)
	NextSequence(ctx context.Context) (uint64, error)
	// Owned lists a guest's certificates; Open lists the registered and issued ones valid until before day.
	Owned(ctx context.Context, guestID string) ([]loyalty.Certificate, error)
	OpenUntil(ctx context.Context, day loyalty.Date) ([]loyalty.Certificate, error)
}

// Certificate errors the API maps.
var (
	ErrUnknownCertificate  = errors.New("unknown certificate")
	ErrUnknownBenefit      = errors.New("unknown benefit")
	ErrCertificateConflict = errors.New("certificate changed concurrently")
)

// CertificateService registers, issues, uses, cancels and expires benefit certificates; points move through the
// member's ledger account with the transition's key, so every transition posts once however often it is retried.
type CertificateService struct {
	rewards  *Service
	store    Certificates
	benefits map[string]Benefit
	expiry   loyalty.ExpiryPolicy
}

// NewCertificateService returns the service over the rewards service's members and ledger.
func NewCertificateService(rw *Service, store Certificates, catalogue []Benefit, expiry loyalty.ExpiryPolicy) *CertificateService {
	b := make(map[string]Benefit, len(catalogue))
	for _, x := range catalogue {
		b[x.ID] = x
	}
	return &CertificateService{rewards: rw, store: store, benefits: b, expiry: expiry}
}

// Certificate returns a certificate by its printed code.
func (s *CertificateService) Certificate(ctx context.Context, code string) (loyalty.Certificate, error) {
	code, err := loyalty.ParseCertificateCode(code)
	if err != nil {
		return loyalty.Certificate{}, err
	}
	c, _, err := s.store.Certificate(ctx, code)
	return c, err
}

// Owned lists a member's certificates.
func (s *CertificateService) Owned(ctx context.Context, guestID string) ([]loyalty.Certificate, error) {
	return s.store.Owned(ctx, guestID)
}

// Benefits is the catalogue.
func (s *CertificateService) Benefits() []Benefit {
	out := make([]Benefit, 0, len(s.benefits))
	for _, b := range DemoBenefits() {
		if _, ok := s.benefits[b.ID]; ok {
			out = append(out, b)
		}
	}
	return out
}

func (s *CertificateService) moment() loyalty.Moment {
	return loyalty.At(s.rewards.now(), s.rewards.zone)
}

// Register records a member's request for a benefit; requestID (the console's or the PMS's) makes it idempotent:
// the same request returns the same certificate.
func (s *CertificateService) Register(ctx context.Context, guestID, benefitID, requestID string) (loyalty.Certificate, error) {
	m, err := s.rewards.members.Member(ctx, guestID)
	if err != nil {
		return loyalty.Certificate{}, err
	}
	b, ok := s.benefits[benefitID]
	if !ok {
		return loyalty.Certificate{}, fmt.Errorf("%w: %q", ErrUnknownBenefit, benefitID)
	}
	if requestID == "" {
		return loyalty.Certificate{}, fmt.Errorf("%w: a request id is required", loyalty.ErrInvalid)
	}
	if code, err := s.store.ByRequest(ctx, m.GuestID, requestID); err == nil {
		c, _, err := s.store.Certificate(ctx, code)
		return c, err // registered before
	}
	seq, err := s.store.NextSequence(ctx)
	if err != nil {
		return loyalty.Certificate{}, err
	}
	code, err := loyalty.NewCertificateCode(seq)
	if err != nil {
		return loyalty.Certificate{}, err
	}
	at := s.moment()
	c, err := loyalty.RegisterCertificate(loyalty.CertificateRequest{
		ID: code, Code: code, OwnerID: m.GuestID, BenefitID: b.ID, Points: b.Points, ValidUntil: at.Today().AddDays(b.ValidDays),
	}, at)
	if err != nil {
		return c, err
	}
	switch err := s.store.Create(ctx, c, requestID); {
	case errors.Is(err, ErrCertificateConflict): // the same request raced us and won: answer with its certificate
		code, err := s.store.ByRequest(ctx, m.GuestID, requestID)
		if err != nil {
			return loyalty.Certificate{}, err
		}
		c, _, err = s.store.Certificate(ctx, code)
		return c, err
	case err != nil:
		return c, err
	}
	return c, nil
}

// Issue deducts the points and makes the certificate usable; the ledger refuses it when the member is short, and
// an account on hold (a fraud alert) may not spend points on certificates either.
func (s *CertificateService) Issue(ctx context.Context, code string) (loyalty.Certificate, error) {
	if c, err := s.Certificate(ctx, code); err == nil && c.Status == loyalty.CertificateRegistered {
		if owner, err := s.rewards.members.Member(ctx, c.OwnerID); err == nil && owner.OnHold {
			return c, fmt.Errorf("%w: member %s", ledger.ErrOnHold, owner.Number)
		}
	}
	return s.transition(ctx, code, func(c loyalty.Certificate, v loyalty.Validity, at loyalty.Moment) (loyalty.Certificate, loyalty.PointsEffect, error) {
		if c.Status == loyalty.CertificateIssued {
			return c, loyalty.PointsEffect{}, errDone
		}
		return c.Issue(v, at)
	})
}

// Use marks the certificate used on a reservation; the guest using it need not be the owner, nor a member.
func (s *CertificateService) Use(ctx context.Context, code string, u loyalty.CertificateUse) (loyalty.Certificate, error) {
	return s.transition(ctx, code, func(c loyalty.Certificate, v loyalty.Validity, at loyalty.Moment) (loyalty.Certificate, loyalty.PointsEffect, error) {
		if c.Status == loyalty.CertificateUsed && c.ReservationID == u.ReservationID {
			return c, loyalty.PointsEffect{}, errDone
		}
		used, err := c.Use(v, u, at)
		return used, loyalty.PointsEffect{}, err
	})
}

// Cancel cancels the certificate; an issued one gives its points back.
func (s *CertificateService) Cancel(ctx context.Context, code string) (loyalty.Certificate, error) {
	return s.transition(ctx, code, func(c loyalty.Certificate, _ loyalty.Validity, at loyalty.Moment) (loyalty.Certificate, loyalty.PointsEffect, error) {
		if c.Status == loyalty.CertificateCancelled {
			return c, loyalty.PointsEffect{}, errDone
		}
		return c.Cancel(at)
	})
}

// ExpireDue is the nightly run: every registered or issued certificate past its last day becomes expired.
func (s *CertificateService) ExpireDue(ctx context.Context, at time.Time) (int, error) {
	m := loyalty.At(at, s.rewards.zone)
	due, err := s.store.OpenUntil(ctx, m.Today().AddDays(-1))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range due {
		_, err := s.transition(ctx, c.Code, func(c loyalty.Certificate, _ loyalty.Validity, _ loyalty.Moment) (loyalty.Certificate, loyalty.PointsEffect, error) {
			if c.Status == loyalty.CertificateExpired {
				return c, loyalty.PointsEffect{}, errDone
			}
			e, err := c.Expire(m)
			return e, loyalty.PointsEffect{}, err
		})
		if err != nil && !errors.Is(err, loyalty.ErrNotDue) && !errors.Is(err, loyalty.ErrInvalidTransition) {
			return n, err
		}
		if err == nil {
			n++
		}
	}
	return n, nil
}

// errDone says a transition had already happened: the retry answers with the certificate as it is.
var errDone = errors.New("already done")

// transition applies step to the certificate: validity from the owner's membership and the catalogue, the points
// effect posted to the owner's account under the transition's key, then the certificate written if unchanged since
// read (a concurrent change retries; the posting is idempotent).
func (s *CertificateService) transition(ctx context.Context, code string, step func(loyalty.Certificate, loyalty.Validity, loyalty.Moment) (loyalty.Certificate, loyalty.PointsEffect, error)) (loyalty.Certificate, error) {
	code, err := loyalty.ParseCertificateCode(code)
	if err != nil {
		return loyalty.Certificate{}, err
	}
	for range 20 {
		c, version, err := s.store.Certificate(ctx, code)
		if err != nil {
			return c, err
		}
		owner, err := s.rewards.members.Member(ctx, c.OwnerID)
		if err != nil && !errors.Is(err, ErrNotMember) {
			return c, err
		}
		_, benefit := s.benefits[c.BenefitID]
		next, eff, err := step(c, loyalty.Validity{OwnerActive: err == nil && owner.Active(), BenefitExists: benefit}, s.moment())
		if errors.Is(err, errDone) {
			return c, nil
		}
		if err != nil {
			return c, err
		}
		if eff.Points != 0 {
			if err := s.post(ctx, owner, eff); err != nil {
				return c, err
			}
		}
		err = s.store.PutCertificate(ctx, next, version)
		if errors.Is(err, ErrCertificateConflict) {
			continue
		}
		return next, err
	}
	return loyalty.Certificate{}, ErrCertificateConflict
}

// post moves a certificate's points: a deduction spends available points (soonest expiry first); points given
// back are a new lot with the programme's expiry from today.
func (s *CertificateService) post(ctx context.Context, owner loyalty.Member, eff loyalty.PointsEffect) error {
	p := ledger.Posting{AccountID: AccountID(owner), IdempotencyKey: eff.Key, Concept: "Certificate " + eff.Key, At: s.rewards.now()}
	if eff.Points < 0 {
		p.Kind, p.Amount = ledger.EntryRedeem, -eff.Points
	} else {
		p.Kind, p.Amount = ledger.EntryReverse, eff.Points
		if d := s.expiry.ExpiresOn(s.moment().Today()); d != 0 {
			p.ExpiresOn = d.String()
		}
	}
	_, err := s.rewards.ledger.Post(ctx, p)
	return err
}
