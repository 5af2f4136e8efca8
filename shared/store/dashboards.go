package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/loyalty"
)

// DashboardStore keeps the latest loyalty dashboard the nightly run computed:
//
//	pk=DASHBOARD#loyalty sk=LATEST (Doc: the loyalty.Dashboard as JSON)
type DashboardStore struct {
	table dynamo.Table
}

// NewDashboardStore returns the store.
func NewDashboardStore(db *DB) *DashboardStore { return &DashboardStore{table: db.Table("Config")} }

type dashboardRecord struct {
	PK  string `dynamo:"pk"`
	SK  string `dynamo:"sk"`
	Doc string
}

// ErrNoDashboard is returned before the first dashboard was computed.
var ErrNoDashboard = errors.New("no loyalty dashboard yet: it is computed nightly; POST /v1/loyalty/dashboard computes it now")

// Save replaces the stored dashboard.
func (s *DashboardStore) Save(ctx context.Context, d loyalty.Dashboard) error {
	doc, err := json.Marshal(d)
	if err != nil {
		return err
	}
	if err := s.table.Put(dashboardRecord{PK: "DASHBOARD#loyalty", SK: "LATEST", Doc: string(doc)}).Run(ctx); err != nil {
		return fmt.Errorf("save loyalty dashboard: %w", err)
	}
	return nil
}

// Latest returns the stored dashboard, or ErrNoDashboard.
func (s *DashboardStore) Latest(ctx context.Context) (loyalty.Dashboard, error) {
	var rec dashboardRecord
	err := s.table.Get("pk", "DASHBOARD#loyalty").Range("sk", dynamo.Equal, "LATEST").One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return loyalty.Dashboard{}, ErrNoDashboard
	}
	if err != nil {
		return loyalty.Dashboard{}, fmt.Errorf("loyalty dashboard: %w", err)
	}
	var d loyalty.Dashboard
	if err := json.Unmarshal([]byte(rec.Doc), &d); err != nil {
		return loyalty.Dashboard{}, fmt.Errorf("decode loyalty dashboard: %w", err)
	}
	return d, nil
}
