package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/pdf"
)

// benefits is the certificate catalogue.
func (s *server) benefits(w http.ResponseWriter, _ *http.Request, _ *call) error {
	writeJSON(w, http.StatusOK, map[string]any{"benefits": s.Certificates.Benefits()})
	return nil
}

// registerCertificate records a member's request for a benefit (idempotent per requestId).
func (s *server) registerCertificate(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.authorizeGuestID(r, c, access.LoyaltyWrite); err != nil {
		return err
	}
	var in struct {
		BenefitID string `json:"benefitId"`
		RequestID string `json:"requestId"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	cert, err := s.Certificates.Register(r.Context(), r.PathValue("id"), in.BenefitID, in.RequestID)
	if err != nil {
		return err
	}
	c.auditResource, c.after = "certificate/"+cert.Code, cert
	writeJSON(w, http.StatusCreated, cert)
	return nil
}

// ownedCertificates lists a guest's certificates.
func (s *server) ownedCertificates(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.authorizeGuestID(r, c, access.GuestsRead); err != nil {
		return err
	}
	certs, err := s.Certificates.Owned(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"certificates": nonNil(certs)})
	return nil
}

// certificate looks a certificate up by its printed code (the front desk at check-in).
func (s *server) certificate(w http.ResponseWriter, r *http.Request, _ *call) error {
	cert, err := s.Certificates.Certificate(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cert)
	return nil
}

// certificateStep runs a transition named by the path's code (issue: deduct the points and make it usable;
// cancel: an issued certificate gives its points back) and answers with the certificate.
func (s *server) certificateStep(step func(ctx context.Context, code string) (loyalty.Certificate, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, c *call) error {
		cert, err := step(r.Context(), r.PathValue("code"))
		if err != nil {
			return err
		}
		c.auditResource, c.after = "certificate/"+cert.Code, cert
		writeJSON(w, http.StatusOK, cert)
		return nil
	}
}

// useCertificate enters the certificate on a reservation at check-in, at the property (authorized there).
func (s *server) useCertificate(w http.ResponseWriter, r *http.Request, c *call) error {
	var in struct {
		PropertyID    string `json:"propertyId"`
		ReservationID string `json:"reservationId"`
		Guest         string `json:"guest"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if err := s.authorize(r.Context(), c, access.GuestsWrite, access.Resource{PropertyID: in.PropertyID}); err != nil {
		return err
	}
	cert, err := s.Certificates.Use(r.Context(), r.PathValue("code"), loyalty.CertificateUse{ReservationID: in.ReservationID, Guest: in.Guest, PropertyID: in.PropertyID})
	if err != nil {
		return err
	}
	c.auditResource, c.after = "certificate/"+cert.Code, cert
	writeJSON(w, http.StatusOK, cert)
	return nil
}

// certificatePDF is the printable certificate: what it gives, its code and until when.
func (s *server) certificatePDF(w http.ResponseWriter, r *http.Request, _ *call) error {
	cert, err := s.Certificates.Certificate(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	if cert.Status != loyalty.CertificateIssued {
		return fmt.Errorf("%w: only an issued certificate is printed (this one is %s)", loyalty.ErrInvalidTransition, cert.Status)
	}
	name := cert.BenefitID
	for _, b := range s.Certificates.Benefits() {
		if b.ID == cert.BenefitID {
			name = b.Name
		}
	}
	until := "no end date"
	if cert.ValidUntil != 0 {
		until = cert.ValidUntil.String()
	}
	doc := pdf.Render("Benefit certificate "+cert.Code, pdf.Page{
		{Text: "Benefit certificate", Size: 24, Bold: true},
		{Text: name, Size: 16, Gap: 18},
		{Text: "Code: " + formatCode(cert.Code), Size: 20, Bold: true, Gap: 24},
		{Text: "Valid until " + until + ". Present this code at check-in; it is entered on the reservation and used once.", Gap: 18},
		{Text: "Anyone holding it may use it. It has no cash value.", Gap: 4},
	})
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="certificate-`+cert.Code+`.pdf"`)
	_, err = w.Write(doc)
	return err
}

// formatCode groups a 12-digit code in fours for reading aloud.
func formatCode(code string) string {
	if len(code) != 12 {
		return code
	}
	return code[:4] + " " + code[4:8] + " " + code[8:]
}
