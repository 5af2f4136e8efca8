package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/reconcile"
)

// ReportStore keeps daily reconciliation reports in the Config table.
//
//	report: pk=RECON#<propertyId> sk=DAY#<yyyy-mm-dd> (the report as JSON; a rerun overwrites it)
type ReportStore struct{ table dynamo.Table }

var _ reconcile.Reports = (*ReportStore)(nil)

// NewReportStore returns the adapter.
func NewReportStore(db *DB) *ReportStore { return &ReportStore{table: db.Table("Config")} }

type reportRecord struct {
	PK  string `dynamo:"pk"`
	SK  string `dynamo:"sk"`
	Doc string
}

// PutReport implements reconcile.Reports.
func (s *ReportStore) PutReport(ctx context.Context, r reconcile.Report) error {
	doc, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.table.Put(reportRecord{PK: "RECON#" + r.PropertyID, SK: "DAY#" + r.Day, Doc: string(doc)}).Run(ctx)
}

// Report implements reconcile.Reports.
func (s *ReportStore) Report(ctx context.Context, propertyID, day string) (reconcile.Report, error) {
	var rec reportRecord
	err := s.table.Get("pk", "RECON#"+propertyID).Range("sk", dynamo.Equal, "DAY#"+day).One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return reconcile.Report{}, fmt.Errorf("%w: %s on %s", reconcile.ErrNotReconciled, propertyID, day)
	}
	if err != nil {
		return reconcile.Report{}, err
	}
	var r reconcile.Report
	return r, json.Unmarshal([]byte(rec.Doc), &r)
}
