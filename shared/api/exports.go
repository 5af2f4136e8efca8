package api

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/hearthcrm/hearth/infra/topology"
)

// exportJournal writes a day of the journal as CSV to the exports bucket, for BI tools and audits.
func (s *server) exportJournal(w http.ResponseWriter, r *http.Request, c *call) error {
	day, envs, err := s.dayEvents(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write([]string{"id", "type", "version", "occurred_at", "brand_id", "property_id", "guest_id", "idempotency_key"})
	for _, e := range envs {
		_ = cw.Write([]string{e.ID, e.Type, strconv.Itoa(e.Version), e.OccurredAt.UTC().Format(time.RFC3339Nano), e.BrandID, e.PropertyID, e.GuestID, e.IdempotencyKey})
	}
	cw.Flush()
	key := "journal/" + day + ".csv"
	if err := s.Blobs.Put(r.Context(), topology.BucketExports, key, buf.Bytes(), "text/csv"); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"bucket": topology.BucketExports, "key": key, "rows": len(envs)})
	return nil
}
