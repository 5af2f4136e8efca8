package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/privacy"
	"github.com/hearthcrm/hearth/shared/profile"
)

// ProfileStore keeps guest profiles in the Guests table.
//
//	profile: pk=GUEST#<guestId> sk=PROFILE (the schema document as JSON, its properties, a version)
//	by last activity (gsi1): gsi1pk=ACTIVE#<yyyy-mm> gsi1sk=<updatedAt>#<guestId>; erased profiles leave the index
type ProfileStore struct{ table dynamo.Table }

// NewProfileStore returns the adapter.
func NewProfileStore(db *DB) *ProfileStore { return &ProfileStore{table: db.Table("Guests")} }

// ErrProfileNotFound is returned for a guest without a profile.
var ErrProfileNotFound = errors.New("guest profile not found")

// StoredProfile is a profile with its bookkeeping.
type StoredProfile struct {
	GuestID   string          `json:"guestId"`
	Profile   profile.Profile `json:"profile"`
	Version   int             `json:"version"`
	UpdatedAt time.Time       `json:"updatedAt"`
	ErasedAt  *time.Time      `json:"erasedAt,omitempty"`
}

type profileRecord struct {
	PK        string `dynamo:"pk"`
	SK        string `dynamo:"sk"`
	GSI1PK    string `dynamo:"gsi1pk,omitempty"`
	GSI1SK    string `dynamo:"gsi1sk,omitempty"`
	Doc       string
	Version   int
	UpdatedAt time.Time
	ErasedAt  *time.Time `dynamo:",omitempty"`
}

// Get returns a guest's profile.
func (s *ProfileStore) Get(ctx context.Context, guestID string) (StoredProfile, error) {
	var rec profileRecord
	err := s.table.Get("pk", "GUEST#"+guestID).Range("sk", dynamo.Equal, "PROFILE").Consistent(true).One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return StoredProfile{}, fmt.Errorf("%s: %w", guestID, ErrProfileNotFound)
	}
	if err != nil {
		return StoredProfile{}, err
	}
	sp := StoredProfile{GuestID: guestID, Version: rec.Version, UpdatedAt: rec.UpdatedAt, ErasedAt: rec.ErasedAt}
	if err := json.Unmarshal([]byte(rec.Doc), &sp.Profile); err != nil {
		return StoredProfile{}, fmt.Errorf("decode profile %s: %w", guestID, err)
	}
	return sp, nil
}

// Put writes a profile if the stored version is still expectVersion (0: must not exist), so concurrent editors
// cannot overwrite each other; it returns the new version.
func (s *ProfileStore) Put(ctx context.Context, guestID string, p profile.Profile, expectVersion int, erasedAt *time.Time, now time.Time) (int, error) {
	doc, err := json.Marshal(p)
	if err != nil {
		return 0, err
	}
	rec := profileRecord{PK: "GUEST#" + guestID, SK: "PROFILE", Doc: string(doc), Version: expectVersion + 1, UpdatedAt: now.UTC(), ErasedAt: erasedAt}
	if erasedAt == nil {
		rec.GSI1PK, rec.GSI1SK = "ACTIVE#"+now.UTC().Format("2006-01"), now.UTC().Format(time.RFC3339Nano)+"#"+guestID
	}
	put := s.table.Put(rec)
	if expectVersion == 0 {
		put = put.If("attribute_not_exists(pk)")
	} else {
		put = put.If("Version = ?", expectVersion)
	}
	err = put.Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return 0, ErrVersionConflict
	}
	return expectVersion + 1, err
}

// Load implements privacy.Profiles.
func (s *ProfileStore) Load(ctx context.Context, guestID string) (profile.Profile, int, error) {
	sp, err := s.Get(ctx, guestID)
	if errors.Is(err, ErrProfileNotFound) {
		return profile.Profile{}, 0, privacy.ErrNoProfile
	}
	return sp.Profile, sp.Version, err
}

// SaveErased implements privacy.Profiles.
func (s *ProfileStore) SaveErased(ctx context.Context, guestID string, p profile.Profile, expectVersion int, erasedAt time.Time) error {
	_, err := s.Put(ctx, guestID, p, expectVersion, &erasedAt, erasedAt)
	return err
}

var _ privacy.Profiles = (*ProfileStore)(nil)

// oldestActivity bounds the inactivity scan: no hotel group has guest data from before it.
var oldestActivity = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// Inactive implements privacy.Profiles: guests whose profile last changed before cutoff, one query per month of
// the activity index.
func (s *ProfileStore) Inactive(ctx context.Context, cutoff time.Time) ([]string, error) {
	cutoff = cutoff.UTC()
	var ids []string
	for m := time.Date(cutoff.Year(), cutoff.Month(), 1, 0, 0, 0, 0, time.UTC); !m.Before(oldestActivity); m = m.AddDate(0, -1, 0) {
		var recs []profileRecord
		err := s.table.Get("gsi1pk", "ACTIVE#"+m.Format("2006-01")).Index("gsi1").
			Range("gsi1sk", dynamo.Less, cutoff.Format(time.RFC3339Nano)).All(ctx, &recs)
		if err != nil {
			return nil, fmt.Errorf("inactive profiles %s: %w", m.Format("2006-01"), err)
		}
		for _, r := range recs {
			ids = append(ids, strings.TrimPrefix(r.PK, "GUEST#"))
		}
	}
	return ids, nil
}

// ErrVersionConflict is returned when the stored version moved since it was read.
var ErrVersionConflict = errors.New("the record changed since it was read")
