package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/accounts"
	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/guest360"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/privacy"
	"github.com/hearthcrm/hearth/shared/retention"
	"github.com/hearthcrm/hearth/shared/search"
	"github.com/hearthcrm/hearth/shared/store"
)

// Match is the match function's consumer: it resolves the guest of an ingested message, files the archived raw
// message under that guest (for erasure) and publishes the message, now carrying the guest id, with the profile
// and merge events matching produced. A redelivery resolves the same way, files the same entry and republishes
// the same events, which consumers absorb by their idempotency keys.
func (a *App) Match(ctx context.Context, env events.Envelope) error {
	m, err := a.Matcher()
	if err != nil {
		return err
	}
	res, err := m.Match(ctx, env)
	if err != nil {
		return fmt.Errorf("match %s: %w", env.ID, err)
	}
	source := sourceOf(env)
	// Filed before publishing: a message whose entry could not be written is redelivered, never lost to erasure.
	if guest := res.Envelope.GuestID; guest != "" && source.Archive != "" {
		if err := a.ArchiveIndex().Add(ctx, guest, source.Archive); err != nil {
			return fmt.Errorf("match %s: %w", env.ID, err)
		}
	}
	if err := a.deps.Bus.Publish(ctx, append(res.Events, res.Envelope)...); err != nil {
		return err
	}
	if source.System != "" { // sync health, best effort: a lost count must not fail the message
		now := a.deps.Now()
		_ = a.SourceHealth().Matched(ctx, source.System, now, res.Outcome == matching.Replayed, now.Sub(env.OccurredAt))
	}
	return nil
}

// Privacy is the privacy function's consumer: it carries out erasures once their approval is granted.
func (a *App) Privacy(ctx context.Context, env events.Envelope) error {
	if env.Type == events.TypeRetentionSweepDue {
		return a.sweep(ctx, env)
	}
	d, err := events.DecodeAs[*events.ApprovalDecided](env)
	if err != nil {
		return err
	}
	if d.Kind != privacy.KindErasure || d.Outcome != approval.StatusApproved {
		return nil
	}
	req, err := a.Approvals().Get(ctx, d.ApprovalID)
	if err != nil {
		return fmt.Errorf("erasure %s: %w", d.ApprovalID, err)
	}
	var payload struct {
		GuestID string `json:"guestId"`
	}
	if err := json.Unmarshal(req.Payload, &payload); err != nil || payload.GuestID == "" {
		return fmt.Errorf("%w: erasure %s names no guest", events.ErrInvalid, d.ApprovalID)
	}
	return a.Eraser().Erase(ctx, payload.GuestID)
}

// sweep erases the profiles of guests inactive for longer than the group's profile retention period.
func (a *App) sweep(ctx context.Context, env events.Envelope) error {
	due, err := events.DecodeAs[*events.RetentionSweepDue](env)
	if err != nil {
		return err
	}
	p, err := a.retentionPolicy()(ctx)
	if err != nil {
		return err
	}
	at, _ := time.Parse(time.RFC3339, due.ScheduledAt) // validated by DecodeAs
	cutoff := at.AddDate(0, 0, -p.Days[retention.ProfilePII])
	n, err := a.Eraser().SweepInactive(ctx, cutoff)
	a.deps.Log.InfoContext(ctx, "retention sweep", "erased", n, "inactiveSince", cutoff)
	return err
}

// sourceOf reads the source (system, record, archived message) an ingested event names in its detail.
func sourceOf(env events.Envelope) events.SourceRef {
	var d struct {
		Source events.SourceRef `json:"source"`
	}
	_ = json.Unmarshal(env.Data, &d)
	return d.Source
}

// approvalPayloads lets the loyalty service read what an approved adjustment was.
type approvalPayloads struct{ s *store.ApprovalStore }

func (a approvalPayloads) Payload(ctx context.Context, id string) ([]byte, error) {
	ap, err := a.s.Get(ctx, id)
	return ap.Payload, err
}

// Visit is the guest360 function's consumer: a matched stay or check joins the guest's history once (and a stay
// the history of the company and travel agent it was booked through, linking its guest to them); a
// reservation keeps the property's arrivals list current (matched or not: the desk expects the guest either way); a
// merge shows the merged guests' visits and account links under the survivor, and an unmerge takes them away again.
func (a *App) Visit(ctx context.Context, env events.Envelope) error {
	switch env.Type {
	case events.TypeReservationUpserted:
		d, err := events.DecodeAs[*events.ReservationUpserted](env)
		if err != nil {
			return err
		}
		if err := a.accountsOf(ctx, env, a.Accounts().Reservation(ctx, env, *d)); err != nil {
			return err
		}
		if err := store.NewArrivalStore(a.deps.DB).Upsert(ctx, guest360.ArrivalFromReservation(env, *d)); err != nil || env.GuestID == "" {
			return err
		}
		hit := search.Hit{Name: strings.TrimSpace(d.Guest.FirstName + " " + d.Guest.LastName), Properties: []string{env.PropertyID}}
		return store.NewSearchStore(a.deps.DB).Add(ctx, env.GuestID, "reservations", search.Key{Kind: search.Reservation, Value: strings.ToUpper(d.ReservationID)}, hit)
	case events.TypeGuestProfileUpserted:
		if err := a.keepStated(ctx, env); err != nil {
			return err
		}
		return a.indexGolden(ctx, env)
	case events.TypeProfilesMerged:
		return a.mergeVisits(ctx, env)
	case events.TypeProfilesUnmerged:
		return a.unmergeVisits(ctx, env)
	}
	if env.GuestID == "" && env.Type != events.TypeStayCheckedOut {
		return nil // unmatched: no guest to file it under
	}
	var v guest360.Visit
	switch env.Type {
	case events.TypeStayCheckedOut:
		d, err := events.DecodeAs[*events.StayCheckedOut](env)
		if err != nil {
			return err
		}
		// The accounts it was booked through count it whether or not its guest is known.
		if err := a.accountsOf(ctx, env, a.Accounts().CheckOut(ctx, env, *d)); err != nil || env.GuestID == "" {
			return err
		}
		v = guest360.VisitFromStay(env, *d)
	case events.TypePOSCheckClosed:
		d, err := events.DecodeAs[*events.POSCheckClosed](env)
		if err != nil {
			return err
		}
		v = guest360.VisitFromCheck(env, *d)
	default:
		return nil
	}
	_, err := a.Visits().Add(ctx, env.GuestID, v)
	return err
}

// mergeVisits copies each merged guest's visits to the survivor. A merge that was undone before it got here
// copies nothing.
func (a *App) mergeVisits(ctx context.Context, env events.Envelope) error {
	d, err := events.DecodeAs[*events.ProfilesMerged](env)
	if err != nil {
		return err
	}
	for _, id := range d.MergedIDs {
		if _, err := a.Visits().Merge(ctx, d.SurvivorID, id, d.MergeID); err != nil && !errors.Is(err, store.ErrMergeUndone) {
			return err
		}
		if err := a.mergeLinks(ctx, d.SurvivorID, id, d.MergeID); err != nil {
			return err
		}
	}
	return nil
}

// unmergeVisits removes the restored guests' visits from the survivor.
func (a *App) unmergeVisits(ctx context.Context, env events.Envelope) error {
	d, err := events.DecodeAs[*events.ProfilesUnmerged](env)
	if err != nil {
		return err
	}
	if d.SurvivorID == "" {
		return fmt.Errorf("%w: %s names no survivor", events.ErrInvalid, env.ID)
	}
	for _, id := range d.RestoredIDs {
		if _, err := a.Visits().Unmerge(ctx, d.SurvivorID, id); err != nil {
			return err
		}
		if err := a.unmergeLinks(ctx, d.SurvivorID, id); err != nil {
			return err
		}
	}
	return nil
}

// accountsOf passes on a failure to file a message under its accounts, except one that can never succeed (an
// account the message describes that no rule admits): that is logged, and the stay or arrival is still filed
// rather than retried into the dead-letter queue with it.
func (a *App) accountsOf(ctx context.Context, env events.Envelope, err error) error {
	if errors.Is(err, accounts.ErrInvalid) {
		a.deps.Log.WarnContext(ctx, "account not filed", "event", env.ID, "type", env.Type, "error", err)
		return nil
	}
	return err
}

// keepStated records the preferences and dietary needs a PMS profile states (a newer statement replaces an older
// one of the same record; a late one changes nothing).
func (a *App) keepStated(ctx context.Context, env events.Envelope) error {
	d, err := events.DecodeAs[*events.GuestProfileUpserted](env)
	if err != nil || d.Stated == nil || len(d.Sources) != 1 {
		return err
	}
	src := events.SourceRef{System: d.Sources[0].System, RecordID: d.Sources[0].RecordID}
	_, err = store.NewPreferenceStore(a.deps.DB).Put(ctx, guest360.StatedPreferences{Source: src, PropertyID: env.PropertyID, At: env.OccurredAt, Stated: *d.Stated})
	return err
}

// indexGolden keeps the search keys of matching's golden record: the names, email, phone and loyalty number the
// guest's PMS and POS records agree on.
func (a *App) indexGolden(ctx context.Context, env events.Envelope) error {
	if env.GuestID == "" || !strings.HasPrefix(env.IdempotencyKey, "match:profile:") {
		return nil // a PMS profile's own message: matching's golden profile event that follows it is indexed
	}
	d, err := events.DecodeAs[*events.GuestProfileUpserted](env)
	if err != nil {
		return err
	}
	doc := search.Doc{Names: []string{d.FirstName + " " + d.LastName}}
	if d.Email != "" {
		doc.Emails = []string{d.Email}
	}
	if d.Phone != "" {
		doc.Phones = []string{d.Phone}
	}
	if d.LoyaltyNumber != "" {
		doc.Loyalty = []string{d.LoyaltyNumber}
	}
	hit := search.Hit{Name: strings.TrimSpace(d.FirstName + " " + d.LastName), Email: d.Email, Phone: d.Phone}
	if env.PropertyID != "" {
		hit.Properties = []string{env.PropertyID}
	}
	return store.NewSearchStore(a.deps.DB).Index(ctx, env.GuestID, "golden", search.Keys(doc), hit)
}
