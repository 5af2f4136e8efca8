package loyalty_test

import (
	"errors"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

type certStep struct {
	action     string // issue, use, cancel, expire
	validity   loyalty.Validity
	at         string // Lisbon date-time, "2006-01-02 15:04"
	use        loyalty.CertificateUse
	wantErr    error
	wantStatus loyalty.CertificateStatus
	wantPoints int64 // the ledger effect of this step
}

var valid = loyalty.Validity{OwnerActive: true, BenefitExists: true}

var checkIn = loyalty.CertificateUse{ReservationID: "R-9", Guest: "walk-in guest, not a member", PropertyID: "hh-lisbon"}

func TestCertificateLifecycle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		steps []certStep
	}{
		{"issued then used by a non-member", []certStep{
			{action: "issue", validity: valid, at: "2027-01-05 10:00", wantStatus: loyalty.CertificateIssued, wantPoints: -5000},
			{action: "use", validity: valid, at: "2027-01-20 15:00", use: checkIn, wantStatus: loyalty.CertificateUsed},
		}},
		{"issued then cancelled returns the points", []certStep{
			{action: "issue", validity: valid, at: "2027-01-05 10:00", wantStatus: loyalty.CertificateIssued, wantPoints: -5000},
			{action: "cancel", at: "2027-01-06 10:00", wantStatus: loyalty.CertificateCancelled, wantPoints: 5000},
		}},
		{"registered then cancelled moves no points", []certStep{
			{action: "cancel", at: "2027-01-06 10:00", wantStatus: loyalty.CertificateCancelled},
		}},
		{"expired by the nightly run, then unusable", []certStep{
			{action: "issue", validity: valid, at: "2027-01-05 10:00", wantStatus: loyalty.CertificateIssued, wantPoints: -5000},
			{action: "expire", at: "2027-01-31 23:59", wantErr: loyalty.ErrNotDue, wantStatus: loyalty.CertificateIssued},
			{action: "expire", at: "2027-02-01 00:05", wantStatus: loyalty.CertificateExpired},
			{action: "use", validity: valid, at: "2027-02-01 09:00", use: checkIn, wantErr: loyalty.ErrInvalidTransition, wantStatus: loyalty.CertificateExpired},
			{action: "cancel", at: "2027-02-01 09:00", wantErr: loyalty.ErrInvalidTransition, wantStatus: loyalty.CertificateExpired},
		}},
		{"a registered certificate expires too", []certStep{
			{action: "expire", at: "2027-02-01 00:05", wantStatus: loyalty.CertificateExpired},
			{action: "issue", validity: valid, at: "2027-02-01 09:00", wantErr: loyalty.ErrInvalidTransition, wantStatus: loyalty.CertificateExpired},
		}},
		{"last valid day ends at local midnight", []certStep{
			{action: "issue", validity: valid, at: "2027-01-05 10:00", wantStatus: loyalty.CertificateIssued, wantPoints: -5000},
			{action: "use", validity: valid, at: "2027-02-01 00:10", use: checkIn, wantErr: loyalty.ErrExpired, wantStatus: loyalty.CertificateIssued},
			{action: "use", validity: valid, at: "2027-01-31 23:50", use: checkIn, wantStatus: loyalty.CertificateUsed},
		}},
		{"not issued while the owner is inactive", []certStep{
			{action: "issue", validity: loyalty.Validity{BenefitExists: true}, at: "2027-01-05 10:00", wantErr: loyalty.ErrMemberInactive, wantStatus: loyalty.CertificateRegistered},
		}},
		{"not issued when the benefit is gone", []certStep{
			{action: "issue", validity: loyalty.Validity{OwnerActive: true}, at: "2027-01-05 10:00", wantErr: loyalty.ErrBenefitUnavailable, wantStatus: loyalty.CertificateRegistered},
		}},
		{"not used while the owner is inactive", []certStep{
			{action: "issue", validity: valid, at: "2027-01-05 10:00", wantStatus: loyalty.CertificateIssued, wantPoints: -5000},
			{action: "use", validity: loyalty.Validity{BenefitExists: true}, at: "2027-01-20 15:00", use: checkIn, wantErr: loyalty.ErrMemberInactive, wantStatus: loyalty.CertificateIssued},
		}},
		{"not used when the benefit is gone", []certStep{
			{action: "issue", validity: valid, at: "2027-01-05 10:00", wantStatus: loyalty.CertificateIssued, wantPoints: -5000},
			{action: "use", validity: loyalty.Validity{OwnerActive: true}, at: "2027-01-20 15:00", use: checkIn, wantErr: loyalty.ErrBenefitUnavailable, wantStatus: loyalty.CertificateIssued},
		}},
		{"used only on a reservation", []certStep{
			{action: "issue", validity: valid, at: "2027-01-05 10:00", wantStatus: loyalty.CertificateIssued, wantPoints: -5000},
			{action: "use", validity: valid, at: "2027-01-20 15:00", wantErr: loyalty.ErrInvalid, wantStatus: loyalty.CertificateIssued},
		}},
		{"not used before it is issued", []certStep{
			{action: "use", validity: valid, at: "2027-01-20 15:00", use: checkIn, wantErr: loyalty.ErrInvalidTransition, wantStatus: loyalty.CertificateRegistered},
		}},
		{"issued once", []certStep{
			{action: "issue", validity: valid, at: "2027-01-05 10:00", wantStatus: loyalty.CertificateIssued, wantPoints: -5000},
			{action: "issue", validity: valid, at: "2027-01-05 10:01", wantErr: loyalty.ErrInvalidTransition, wantStatus: loyalty.CertificateIssued},
		}},
		{"a used certificate cannot be cancelled or expire", []certStep{
			{action: "issue", validity: valid, at: "2027-01-05 10:00", wantStatus: loyalty.CertificateIssued, wantPoints: -5000},
			{action: "use", validity: valid, at: "2027-01-20 15:00", use: checkIn, wantStatus: loyalty.CertificateUsed},
			{action: "cancel", at: "2027-01-21 10:00", wantErr: loyalty.ErrInvalidTransition, wantStatus: loyalty.CertificateUsed},
			{action: "expire", at: "2027-03-01 00:05", wantErr: loyalty.ErrInvalidTransition, wantStatus: loyalty.CertificateUsed},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _ := loyalty.NewCertificateCode(42)
			c, err := loyalty.RegisterCertificate(loyalty.CertificateRequest{
				ID: "CERT-1", Code: code, OwnerID: "M1", BenefitID: "free-night", Points: 5000, ValidUntil: date("2027-01-31"),
			}, loyalty.At(lisbonTime("2027-01-01 09:00"), lisbon))
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range tt.steps {
				at := loyalty.At(lisbonTime(s.at), lisbon)
				var next loyalty.Certificate
				var eff loyalty.PointsEffect
				switch s.action {
				case "issue":
					next, eff, err = c.Issue(s.validity, at)
				case "use":
					next, err = c.Use(s.validity, s.use, at)
				case "cancel":
					next, eff, err = c.Cancel(at)
				case "expire":
					next, err = c.Expire(at)
				}
				if !errors.Is(err, s.wantErr) || (s.wantErr == nil && err != nil) {
					t.Fatalf("step %d %s: err = %v, want %v", i, s.action, err, s.wantErr)
				}
				if next.Status != s.wantStatus {
					t.Fatalf("step %d %s: status = %s, want %s", i, s.action, next.Status, s.wantStatus)
				}
				if eff.Points != s.wantPoints {
					t.Fatalf("step %d %s: points = %d, want %d", i, s.action, eff.Points, s.wantPoints)
				}
				if eff.Points != 0 && (eff.AccountID != "M1" || eff.Key != "cert/CERT-1/"+s.action || eff.Concept != loyalty.ConceptRedemption) {
					t.Fatalf("step %d: effect = %+v", i, eff)
				}
				if s.wantErr != nil && next != c {
					t.Fatalf("step %d: a refused transition changed the certificate", i)
				}
				c = next
			}
			if c.Status == loyalty.CertificateUsed && (c.ReservationID != "R-9" || c.UsedBy == "" || c.UsedAt.IsZero()) {
				t.Fatalf("used certificate = %+v", c)
			}
		})
	}
}

func TestExpireCertificates(t *testing.T) {
	t.Parallel()
	at := loyalty.At(lisbonTime("2027-01-01 09:00"), lisbon)
	var certs []loyalty.Certificate
	for _, until := range []string{"2026-12-30", "2026-12-31", "2027-01-01"} {
		c, err := loyalty.RegisterCertificate(loyalty.CertificateRequest{ID: until, OwnerID: "M1", BenefitID: "b", ValidUntil: date(until)}, at)
		if err != nil {
			t.Fatal(err)
		}
		certs = append(certs, c)
	}
	got := loyalty.ExpireCertificates(certs, at)
	if len(got) != 2 || got[0].ID != "2026-12-30" || got[1].Status != loyalty.CertificateExpired {
		t.Fatalf("expired = %+v", got)
	}
}

func TestRegisterCertificateRejects(t *testing.T) {
	t.Parallel()
	at := loyalty.At(time.Now(), nil)
	for _, r := range []loyalty.CertificateRequest{
		{OwnerID: "M1", BenefitID: "b"},
		{ID: "c", BenefitID: "b"},
		{ID: "c", OwnerID: "M1"},
		{ID: "c", OwnerID: "M1", BenefitID: "b", Points: -1},
		{ID: "c", OwnerID: "M1", BenefitID: "b", Code: "123"},
	} {
		if _, err := loyalty.RegisterCertificate(r, at); !errors.Is(err, loyalty.ErrInvalid) && !errors.Is(err, loyalty.ErrInvalidNumber) {
			t.Fatalf("%+v: err = %v", r, err)
		}
	}
}

func lisbonTime(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, lisbon)
	if err != nil {
		panic(err)
	}
	return t
}
