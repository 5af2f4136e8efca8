package reconcile

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/guest360"
	"github.com/hearthcrm/hearth/shared/hierarchy"
)

// Journal reads the events of a UTC day: what was ingested, as matched.
type Journal interface {
	Day(ctx context.Context, day string) ([]events.Envelope, error)
}

// Visits reads the stays and checks Guest 360 filed for a guest.
type Visits interface {
	Visits(ctx context.Context, guestID string) ([]guest360.Visit, error)
}

// StayPoints is what loyalty holds for one checked-out stay.
type StayPoints struct {
	Member                     bool
	Expected, Earned, Withheld int64
}

// Points answers for the loyalty side of a checked-out stay.
type Points interface {
	StayPoints(ctx context.Context, env events.Envelope) (StayPoints, error)
}

// Reports keeps the reports.
type Reports interface {
	PutReport(ctx context.Context, r Report) error
	Report(ctx context.Context, propertyID, day string) (Report, error)
}

// ErrNotReconciled is returned for a day no report exists for.
var ErrNotReconciled = errors.New("not reconciled")

// ErrInvalid marks a bad request (an unknown day format).
var ErrInvalid = errors.New("invalid reconciliation request")

// Service runs and keeps reconciliations.
type Service struct {
	hierarchy hierarchy.Store
	groupID   string
	journal   Journal
	visits    Visits
	points    Points
	reports   Reports
	now       func() time.Time
}

// NewService returns the service.
func NewService(h hierarchy.Store, groupID string, j Journal, v Visits, p Points, r Reports, now func() time.Time) *Service {
	return &Service{hierarchy: h, groupID: groupID, journal: j, visits: v, points: p, reports: r, now: now}
}

// Report returns a stored report.
func (s *Service) Report(ctx context.Context, propertyID, day string) (Report, error) {
	return s.reports.Report(ctx, propertyID, day)
}

// RunDue reconciles every hotel's previous business day, in the hotel's own time zone, as of the scheduled time.
// Running it again recomputes the same reports (late messages included), so a redelivered schedule is harmless.
func (s *Service) RunDue(ctx context.Context, at time.Time) (int, error) {
	tree, err := hierarchy.Load(ctx, s.hierarchy, s.groupID)
	if errors.Is(err, hierarchy.ErrNotFound) {
		return 0, nil // a group without a hierarchy yet has no hotels to reconcile
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, b := range tree.Brands {
		for _, p := range b.Properties {
			if p.Kind != hierarchy.KindHotel {
				continue // outlets close checks, not reservations
			}
			day := at.In(p.Location()).AddDate(0, 0, -1).Format(time.DateOnly)
			if _, err := s.run(ctx, p, day); err != nil {
				return n, fmt.Errorf("reconcile %s %s: %w", p.ID, day, err)
			}
			n++
		}
	}
	return n, nil
}

// Run reconciles one property's business day now and keeps the report.
func (s *Service) Run(ctx context.Context, propertyID, day string) (Report, error) {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return Report{}, fmt.Errorf("%w: day %q is not YYYY-MM-DD", ErrInvalid, day)
	}
	p, err := s.hierarchy.Property(ctx, propertyID)
	if err != nil {
		return Report{}, err
	}
	return s.run(ctx, p, day)
}

func (s *Service) run(ctx context.Context, p hierarchy.Property, day string) (Report, error) {
	checkOuts, err := s.checkOuts(ctx, p, day)
	if err != nil {
		return Report{}, err
	}
	stays := make([]Stay, 0, len(checkOuts))
	visits := map[string][]guest360.Visit{} // by guest, read once
	for _, c := range checkOuts {
		st := Stay{ReservationID: c.detail.ReservationID, GuestID: c.env.GuestID, Currency: c.detail.Total.Currency,
			Folio: c.detail.Total.Amount, FolioMessages: c.messages}
		if st.GuestID != "" {
			vs, ok := visits[st.GuestID]
			if !ok {
				if vs, err = s.visits.Visits(ctx, st.GuestID); err != nil {
					return Report{}, err
				}
				visits[st.GuestID] = vs
			}
			for _, v := range vs {
				if v.Kind == "stay" && v.PropertyID == p.ID && v.Reference == st.ReservationID {
					st.Filed = append(st.Filed, total(v))
				}
			}
			pts, err := s.points.StayPoints(ctx, c.env)
			if err != nil {
				return Report{}, fmt.Errorf("points of %s: %w", st.ReservationID, err)
			}
			st.Member, st.Expected, st.Earned, st.Withheld = pts.Member, pts.Expected, pts.Earned, pts.Withheld
		}
		stays = append(stays, st)
	}
	r := Compare(Report{PropertyID: p.ID, Day: day, TimeZone: p.TimeZone, Currency: p.Currency, GeneratedAt: s.now().UTC()}, stays)
	if err := s.reports.PutReport(ctx, r); err != nil {
		return Report{}, err
	}
	return r, nil
}

// checkOut is a reservation's latest check-out message of the day and how many the PMS sent.
type checkOut struct {
	env      events.Envelope
	detail   events.StayCheckedOut
	messages int
}

// checkOuts reads the property's check-outs on its business day from the journal: the UTC days the local day
// spans, filtered to the local day. The latest message of a reservation is its folio (a PMS re-sends the folio
// after late charges).
func (s *Service) checkOuts(ctx context.Context, p hierarchy.Property, day string) ([]checkOut, error) {
	loc := p.Location()
	start, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return nil, fmt.Errorf("%w: day %q is not YYYY-MM-DD", ErrInvalid, day)
	}
	end := start.AddDate(0, 0, 1)
	latest := map[string]*checkOut{}
	var order []string
	for d := start.UTC().Truncate(24 * time.Hour); d.Before(end); d = d.AddDate(0, 0, 1) {
		envs, err := s.journal.Day(ctx, d.Format(time.DateOnly))
		if err != nil {
			return nil, err
		}
		for _, env := range envs {
			if env.Type != events.TypeStayCheckedOut || env.PropertyID != p.ID || env.OccurredAt.Before(start) || !env.OccurredAt.Before(end) {
				continue
			}
			dt, err := events.DecodeAs[*events.StayCheckedOut](env)
			if err != nil {
				return nil, fmt.Errorf("journal entry %s: %w", env.ID, err)
			}
			c, seen := latest[dt.ReservationID]
			if !seen {
				c = &checkOut{}
				latest[dt.ReservationID] = c
				order = append(order, dt.ReservationID)
			}
			c.messages++
			if c.messages == 1 || !env.OccurredAt.Before(c.env.OccurredAt) {
				c.env, c.detail = env, *dt
			}
		}
	}
	out := make([]checkOut, 0, len(order))
	for _, id := range order {
		out = append(out, *latest[id])
	}
	return out, nil
}

func total(v guest360.Visit) int64 {
	var t int64
	for _, a := range v.Revenue {
		t += a
	}
	return t
}
