package api

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/shared/audit"
)

// auditQuery reads ?resource=&actor=&propertyId=&from=&to= (RFC 3339).
func auditQuery(r *http.Request) (audit.Query, error) {
	q := audit.Query{Resource: r.URL.Query().Get("resource"), Actor: r.URL.Query().Get("actor"), PropertyID: r.URL.Query().Get("propertyId")}
	for name, dst := range map[string]*time.Time{"from": &q.From, "to": &q.To} {
		if v := r.URL.Query().Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return q, errorf("%s %q is not an RFC 3339 time", name, v)
			}
			*dst = t
		}
	}
	return q, nil
}

// findEntries answers the request's audit query.
func (s *server) findEntries(r *http.Request) ([]audit.Entry, error) {
	q, err := auditQuery(r)
	if err != nil {
		return nil, err
	}
	return s.Audit.Find(r.Context(), q)
}

func (s *server) findAudit(w http.ResponseWriter, r *http.Request, _ *call) error {
	q, err := readPage(r, "audit")
	if err != nil {
		return err
	}
	entries, err := s.findEntries(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, paginate(entries, func(e audit.Entry) string { return fmt.Sprintf("%020d", e.Seq) }, q))
	return nil
}

func (s *server) verifyAudit(w http.ResponseWriter, r *http.Request, _ *call) error {
	v, err := s.Audit.Verify(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// exportAudit answers with the matching entries as CSV; the export itself is audited.
func (s *server) exportAudit(w http.ResponseWriter, r *http.Request, c *call) error {
	entries, err := s.findEntries(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write([]string{"seq", "at", "actor", "roles", "action", "resource", "brand_id", "property_id", "request_id", "outcome", "before_digest", "after_digest", "prev_hash", "hash"})
	for _, e := range entries {
		_ = cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor, strings.Join(e.Roles, " "), e.Action,
			e.Resource, e.BrandID, e.PropertyID, e.RequestID, e.Outcome, e.BeforeDigest, e.AfterDigest, e.PrevHash, e.Hash})
	}
	cw.Flush()
	c.auditResource = "audit/export"
	w.Header().Set("Content-Type", "text/csv")
	w.Header().Set("Content-Disposition", `attachment; filename="audit.csv"`)
	_, err = w.Write(buf.Bytes())
	return err
}
