package devstack

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/shared/intake"
)

// demoReviewSource is the PMS whose two bookings leave matching a pair for a person to decide.
const demoReviewSource = "hh-lisbon-pms"

// seedDemoReview sends, as Lisbon's PMS would, two bookings that matching cannot tell apart on its own (the same
// family name and mobile, one without a given name), so the merge review queue has a pair to show. Resending on a
// later run changes nothing: the messages are the same.
func (st *Stack) seedDemoReview(ctx context.Context, now time.Time) error {
	secret, ok := st.Sources[demoReviewSource]
	if !ok {
		return nil // sources not seeded: no PMS to send from
	}
	arrival := now.UTC().AddDate(0, 0, 21).Format(time.DateOnly)
	departure := now.UTC().AddDate(0, 0, 24).Format(time.DateOnly)
	for i, guest := range []map[string]any{
		{"id": "DEMO-P-9001", "firstName": "Dmitri", "lastName": "Volkonsky", "phone": "+351 912 345 678", "email": "dmitri.volkonsky@example.com"},
		{"id": "DEMO-P-9002", "lastName": "Volkonsky", "phone": "+351 912 345 678"},
	} {
		body, err := json.Marshal(map[string]any{
			"reservationId": fmt.Sprintf("DEMO-R-900%d", i+1), "status": "booked", "modifiedAt": "2026-11-01T09:00:0" + strconv.Itoa(i) + "Z",
			"arrival": arrival, "departure": departure, "total": map[string]any{"amount": "540.00"}, "guest": guest,
		})
		if err != nil {
			return err
		}
		ts := strconv.FormatInt(now.Unix()+int64(i), 10) // each message signed anew
		req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/ingest/"+demoReviewSource+"/reservation", strings.NewReader(string(body)))
		req.Header.Set("X-Hearth-Timestamp", ts)
		req.Header.Set("X-Hearth-Signature", "v1="+hex.EncodeToString(intake.Sign([]byte(secret), ts, body)))
		rec := httptest.NewRecorder()
		st.Handler.ServeHTTP(rec, req)
		// 409: this very message was delivered a moment ago (a second seeding within the same second).
		if rec.Code != http.StatusAccepted && rec.Code != http.StatusConflict {
			return fmt.Errorf("seed demo review: %d %s", rec.Code, strings.TrimSpace(rec.Body.String()))
		}
	}
	return nil
}
