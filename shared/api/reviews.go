package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hearthcrm/hearth/shared/access"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/store"
)

// reviewGuest is one side of a review as the queue shows it: the guest's golden profile today (a guest merged
// since shows its survivor).
type reviewGuest struct {
	GuestID       string `json:"guestId"`
	Name          string `json:"name"`
	Email         string `json:"email,omitempty"`
	Phone         string `json:"phone,omitempty"`
	City          string `json:"city,omitempty"`
	LoyaltyNumber string `json:"loyaltyNumber,omitempty"`
	MergedInto    string `json:"mergedInto,omitempty"`
}

// reviewView is a review task in the queue.
type reviewView struct {
	ID          string                 `json:"id"`
	GuestID     string                 `json:"guestId"`
	CandidateID string                 `json:"candidateId"`
	Score       float64                `json:"score"`
	Reason      string                 `json:"reason"`
	Explanation string                 `json:"explanation"`
	Fields      []matching.ReviewField `json:"fields"`
	OpenedAt    time.Time              `json:"openedAt"`
	PropertyID  string                 `json:"propertyId,omitempty"`
	Status      string                 `json:"status"`
	DecidedBy   string                 `json:"decidedBy,omitempty"`
	DecidedAt   *time.Time             `json:"decidedAt,omitempty"`
	Comment     string                 `json:"comment,omitempty"`
	MergeID     string                 `json:"mergeId,omitempty"`
	Guest       reviewGuest            `json:"guest"`
	Candidate   reviewGuest            `json:"candidate"`
}

// mergeReviews lists the review queue (?status=open, the default, or decided), oldest first, with both guests'
// profiles side by side. Callers see the reviews whose two guests they may read.
func (s *server) mergeReviews(w http.ResponseWriter, r *http.Request, c *call) error {
	q, err := readPage(r, "merge-reviews")
	if err != nil {
		return err
	}
	open := true
	switch r.URL.Query().Get("status") {
	case "", matching.ReviewOpen:
	case "decided":
		open = false
	default:
		return invalid("query", "status", "must be open or decided")
	}
	// A scoped caller's reviews may be few among many: at most maxReviewScan are read per request, and a short (even
	// empty) page then carries a cursor to go on from.
	items := []reviewView{}
	after, more, scanned, last := q.after, true, 0, ""
	for more && len(items) < q.limit && scanned < maxReviewScan {
		batch, err := s.ReviewStore.ReviewsAfter(r.Context(), open, after, min(q.limit+1, maxReviewScan-scanned))
		if err != nil {
			return err
		}
		more = len(batch) > 0 && len(batch) == min(q.limit+1, maxReviewScan-scanned)
		scanned += len(batch)
		for _, rv := range batch {
			after = store.ReviewKey(rv)
			if !s.mayReadBoth(r, c, rv.GuestID, rv.CandidateID) {
				continue
			}
			if len(items) == q.limit {
				more = true
				break
			}
			v, err := s.reviewView(r.Context(), rv)
			if err != nil {
				return err
			}
			items, last = append(items, v), after
		}
	}
	out := page[reviewView]{Items: items, NextCursor: nil}
	if more {
		if len(items) < q.limit {
			last = after // read up to here without filling the page
		}
		raw, _ := json.Marshal(cursor{List: q.list, Key: last})
		next := base64.RawURLEncoding.EncodeToString(raw)
		out.NextCursor = &next
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// maxReviewScan bounds the reviews one list request reads.
const maxReviewScan = 500

// mayReadBoth reports whether the caller may read both guests of a review.
func (s *server) mayReadBoth(r *http.Request, c *call, ids ...string) bool {
	if c.covers(access.GuestsRead, access.Resource{}) {
		return true
	}
	for _, id := range ids {
		if s.authorizeGuestOf(r, c, access.GuestsRead, id) != nil {
			return false
		}
	}
	return true
}

// decideMergeReview records a person's decision: merge the two guests or keep them apart for good (see
// matching.DecideReview). The caller needs GuestsWrite on both guests. Deciding again the same way answers the
// first decision (and publishes its events again, which consumers absorb), so a client may retry.
func (s *server) decideMergeReview(w http.ResponseWriter, r *http.Request, c *call) error {
	guestID, candidateID, ok := matching.ParseReviewID(r.PathValue("id"))
	if !ok {
		return invalid("path", "id", "not a review id: <guestId>~<candidateId>")
	}
	var in struct {
		Outcome string `json:"outcome"`
		Comment string `json:"comment"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	// The decision acts on the guests as they are now: those the review's guests were merged into since too.
	ids := []string{guestID, candidateID}
	for _, id := range []string{guestID, candidateID} {
		if g, err := s.Matcher.Guest(r.Context(), id); err == nil && g.GuestID != id {
			ids = append(ids, g.GuestID)
		}
	}
	for _, id := range ids {
		if err := s.authorizeGuestOf(r, c, access.GuestsWrite, id); err != nil {
			return err
		}
	}
	d, err := s.Matcher.DecideReview(r.Context(), guestID, candidateID, in.Outcome, c.actor.Email, in.Comment)
	if err != nil {
		return err
	}
	if err := s.Bus.Publish(r.Context(), d.Events...); err != nil {
		return err
	}
	v, err := s.reviewView(r.Context(), d.Review)
	if err != nil {
		return err
	}
	c.auditResource, c.after = "guest/"+guestID+"/review/"+candidateID, map[string]any{"outcome": in.Outcome, "status": v.Status, "mergeId": v.MergeID}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *server) reviewView(ctx context.Context, rv matching.Review) (reviewView, error) {
	v := reviewView{
		ID: matching.ReviewID(rv.GuestID, rv.CandidateID), GuestID: rv.GuestID, CandidateID: rv.CandidateID,
		Score: rv.Score, Reason: rv.Reason, Explanation: rv.Explanation, Fields: rv.Fields, OpenedAt: rv.At.UTC(),
		PropertyID: rv.Scope.PropertyID, Status: rv.Status, DecidedBy: rv.DecidedBy, Comment: rv.Comment, MergeID: rv.MergeID,
	}
	if v.Fields == nil {
		v.Fields = []matching.ReviewField{}
	}
	if v.Status == "" {
		v.Status = matching.ReviewOpen
	}
	if !rv.DecidedAt.IsZero() {
		at := rv.DecidedAt.UTC()
		v.DecidedAt = &at
	}
	var err error
	if v.Guest, err = s.reviewGuest(ctx, rv.GuestID); err != nil {
		return v, err
	}
	v.Candidate, err = s.reviewGuest(ctx, rv.CandidateID)
	return v, err
}

func (s *server) reviewGuest(ctx context.Context, id string) (reviewGuest, error) {
	out := reviewGuest{GuestID: id}
	g, err := s.Matcher.Guest(ctx, id)
	if errors.Is(err, matching.ErrNotFound) {
		return out, nil // erased since: nothing to show
	}
	if err != nil {
		return out, fmt.Errorf("guest %s: %w", id, err)
	}
	sum := g.Summary()
	out.Name = joinName(sum.FirstName, sum.LastName)
	out.Email, out.Phone, out.LoyaltyNumber = sum.Email, sum.Phone, sum.LoyaltyNumber
	if g.GuestID != id {
		out.MergedInto = g.GuestID
	}
	for i := len(g.Members) - 1; i >= 0 && out.City == ""; i-- {
		out.City = g.Members[i].Profile.City
	}
	return out, nil
}

func joinName(first, last string) string {
	switch {
	case first == "":
		return last
	case last == "":
		return first
	}
	return first + " " + last
}
