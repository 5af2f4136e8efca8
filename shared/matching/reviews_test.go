package matching_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/matching"
)

// openReview makes two guests and a review between them: the same phone and last name without a given name is
// strong but conflicting, so the second record becomes a new guest with a task for a person.
func openReview(t *testing.T, f *fixture) (first, second matching.Result) {
	t.Helper()
	first = f.match(t, reservation(t, "opera", "R-1", events.GuestSnapshot{
		SourceGuestID: "P-1", FirstName: "Dmitri", LastName: "Volkonsky", Phone: "+14155550123", Email: "dmitri@volkonsky.example",
	}, f.clock.Now()))
	second = f.match(t, reservation(t, "micros", "CHK-1", events.GuestSnapshot{
		SourceGuestID: "C-1", LastName: "Volkonsky", Phone: "+14155550123",
	}, f.clock.Now()))
	if second.Outcome != matching.Reviewing || len(second.Reviews) != 1 {
		t.Fatalf("no review opened: %s %+v", second.Outcome, second.Reviews)
	}
	return first, second
}

func TestReviewedMergeJoinsTheOlderGuestAndCanBeUndone(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	first, second := openReview(t, f)
	rv := second.Reviews[0]
	if len(rv.Fields) == 0 || rv.Fields[0].Field == "" || rv.Scope.PropertyID != "hh-lisbon" {
		t.Fatalf("review without its field agreements or scope: %+v", rv)
	}

	d, err := f.m.DecideReview(ctx, rv.GuestID, rv.CandidateID, matching.ReviewMerge, "ana@harbour.example", "same phone, same stay")
	if err != nil {
		t.Fatal(err)
	}
	if d.Replayed || d.Review.Status != matching.ReviewMerged || d.Review.MergeID == "" || d.Review.DecidedBy != "ana@harbour.example" {
		t.Fatalf("decision %+v", d.Review)
	}
	if got := eventTypes(d.Events); !slices.Equal(got, []string{events.TypeProfilesMerged, events.TypeGuestProfileUpserted}) {
		t.Fatalf("events %v", got)
	}
	m, err := events.DecodeAs[*events.ProfilesMerged](d.Events[0])
	if err != nil {
		t.Fatal(err)
	}
	if m.SurvivorID != first.GuestID || !slices.Equal(m.MergedIDs, []string{second.GuestID}) || m.Decision != "reviewed" {
		t.Fatalf("merge event %+v: the older guest %s survives", m, first.GuestID)
	}
	g, err := f.m.Guest(ctx, second.GuestID)
	if err != nil || g.GuestID != first.GuestID || len(g.Sources()) != 2 {
		t.Fatalf("the merged guest redirects to %s with both records: %+v %v", first.GuestID, g.Sources(), err)
	}
	open, err := f.store.OpenReviews(ctx, 10)
	if err != nil || len(open) != 0 {
		t.Fatalf("the review stays in the queue: %+v %v", open, err)
	}

	// Asked again (a retried request): the same decision and events, nothing written.
	again, err := f.m.DecideReview(ctx, rv.GuestID, rv.CandidateID, matching.ReviewMerge, "ana@harbour.example", "")
	if err != nil || !again.Replayed || len(again.Events) != 2 || again.Events[0].ID != d.Events[0].ID {
		t.Fatalf("repeated decision %+v %v", again, err)
	}
	if _, err := f.m.DecideReview(ctx, rv.GuestID, rv.CandidateID, matching.ReviewKeepApart, "ben@harbour.example", ""); !errors.Is(err, matching.ErrReviewDecided) {
		t.Fatalf("contrary decision: %v, want ErrReviewDecided", err)
	}

	// The merge is an ordinary one: a person can undo it.
	un, err := f.m.Unmerge(ctx, first.GuestID, second.GuestID, "ben@harbour.example", "wrong guest")
	if err != nil || un.MergeID != d.Review.MergeID {
		t.Fatalf("unmerge %+v %v", un, err)
	}
	restored, err := f.m.Guest(ctx, second.GuestID)
	if err != nil || restored.GuestID != second.GuestID || len(restored.Sources()) != 1 {
		t.Fatalf("restored guest %+v %v", restored, err)
	}
}

func TestKeepApartRemembersBothGuests(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	first, second := openReview(t, f)
	rv := second.Reviews[0]
	d, err := f.m.DecideReview(ctx, rv.GuestID, rv.CandidateID, matching.ReviewKeepApart, "ana@harbour.example", "brothers")
	if err != nil || d.Review.Status != matching.ReviewKeptApart || len(d.Events) != 0 {
		t.Fatalf("decision %+v %v", d, err)
	}
	a, _ := f.m.Guest(ctx, first.GuestID)
	b, _ := f.m.Guest(ctx, second.GuestID)
	if !slices.Contains(a.KeptApart, b.GuestID) || !slices.Contains(b.KeptApart, a.GuestID) {
		t.Fatalf("kept apart: %v / %v", a.KeptApart, b.KeptApart)
	}
	// A record that scores a merge with both does not join them now.
	res := f.match(t, reservation(t, "opera", "R-2", events.GuestSnapshot{
		SourceGuestID: "P-1", FirstName: "Dmitri", LastName: "Volkonsky", Phone: "+14155550123", Email: "dmitri@volkonsky.example",
	}, f.clock.Now()))
	if len(res.Merged) != 0 {
		t.Fatalf("kept-apart guests merged by matching: %+v", res)
	}
	if _, err := f.m.DecideReview(ctx, "nobody", rv.CandidateID, matching.ReviewMerge, "ana", ""); !errors.Is(err, matching.ErrReviewNotFound) {
		t.Fatalf("unknown review: %v", err)
	}
	if _, err := f.m.DecideReview(ctx, rv.GuestID, rv.CandidateID, "maybe", "ana", ""); !errors.Is(err, matching.ErrBadOutcome) {
		t.Fatalf("bad outcome: %v", err)
	}
}

func TestTwoReviewersDecidingAtOnceOneWins(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	_, second := openReview(t, f)
	rv := second.Reviews[0]
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, outcome := range []string{matching.ReviewMerge, matching.ReviewKeepApart} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.m.DecideReview(ctx, rv.GuestID, rv.CandidateID, outcome, "reviewer", "")
		}()
	}
	wg.Wait()
	failed := 0
	for _, err := range errs {
		if err != nil {
			if !errors.Is(err, matching.ErrReviewDecided) && !errors.Is(err, matching.ErrAlreadyOne) {
				t.Fatalf("unexpected error %v", err)
			}
			failed++
		}
	}
	if failed != 1 {
		t.Fatalf("%d decisions failed, want exactly one: %v", failed, errs)
	}
}
