package rewards

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

// Programmes keeps the group's programme (earning rules, property overrides, tiers, expiry, enrolment) as loyalty
// managers edit it; ErrNoProgramme until someone has.
type Programmes interface {
	Programme(ctx context.Context) (StoredProgramme, error)
	// PutProgramme stores a new version if the stored one is still version (ErrProgrammeChanged otherwise).
	PutProgramme(ctx context.Context, p StoredProgramme, version int) error
}

// StoredProgramme is a programme version with who made it.
type StoredProgramme struct {
	Programme loyalty.Programme `json:"programme"`
	Version   int               `json:"version"`
	UpdatedBy string            `json:"updatedBy,omitempty"`
	UpdatedAt time.Time         `json:"updatedAt,omitzero"`
}

// Programme errors the API maps.
var (
	ErrNoProgramme      = errors.New("no programme stored")
	ErrProgrammeChanged = errors.New("programme changed since it was read")
)

// WithProgrammes makes the service run the group's stored programme (the one it was built with until someone
// stores one), re-reading it at most once per ttl so every function follows an edit within ttl.
func (s *Service) WithProgrammes(store Programmes, ttl time.Duration) *Service {
	s.programmes, s.programmeTTL = store, ttl
	return s
}

// programmeCache is the engine built from the last programme read.
type programmeCache struct {
	mu      sync.Mutex
	engine  *loyalty.Engine
	version int
	until   time.Time
}

// engineFor returns the engine of the programme in force.
func (s *Service) engineFor(ctx context.Context) (*loyalty.Engine, error) {
	if s.programmes == nil {
		return s.engine, nil
	}
	c := &s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.engine != nil && s.now().Before(c.until) {
		return c.engine, nil
	}
	sp, err := s.programmes.Programme(ctx)
	switch {
	case errors.Is(err, ErrNoProgramme):
		c.engine, c.version = s.engine, 0
	case err != nil:
		return nil, err
	case sp.Version != c.version || c.engine == nil:
		sp.Programme.Zone = s.zone
		e, err := loyalty.NewEngine(sp.Programme)
		if err != nil {
			return nil, fmt.Errorf("stored programme version %d: %w", sp.Version, err)
		}
		c.engine, c.version = e, sp.Version
	}
	if s.programmeTTL > 0 {
		c.until = s.now().Add(s.programmeTTL)
	}
	return c.engine, nil
}

// CurrentProgramme is the programme in force: the stored one, or the one the service was built with.
func (s *Service) CurrentProgramme(ctx context.Context) (StoredProgramme, error) {
	if s.programmes != nil {
		sp, err := s.programmes.Programme(ctx)
		if !errors.Is(err, ErrNoProgramme) {
			return sp, err
		}
	}
	return StoredProgramme{Programme: s.engine.Programme()}, nil
}

// SetProgramme validates and stores a new programme version; version is the one the editor read (0 for the
// built-in one), so two editors cannot overwrite each other unseen.
func (s *Service) SetProgramme(ctx context.Context, p loyalty.Programme, version int, by string) (StoredProgramme, error) {
	if s.programmes == nil {
		return StoredProgramme{}, errors.New("rewards: no programme store")
	}
	p.Zone = s.zone
	if _, err := loyalty.NewEngine(p); err != nil {
		return StoredProgramme{}, err
	}
	sp := StoredProgramme{Programme: p, Version: version + 1, UpdatedBy: by, UpdatedAt: s.now().UTC()}
	if err := s.programmes.PutProgramme(ctx, sp, version); err != nil {
		return StoredProgramme{}, err
	}
	return sp, nil
}
