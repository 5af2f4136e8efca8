package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/rewards"
)

// FraudStore keeps fraud-relevant events and alerts in the Config table.
//
//	event: pk=FRAUD#M#<member> | FRAUD#U#<user> | FRAUD#C#<card hash>, sk=<at RFC3339Nano>#<event id>, expiresAt (TTL)
//	alert: pk=ALERT#<key> sk=META; by status (gsi1): gsi1pk=ALERTS#<status> gsi1sk=<at>#<key>
type FraudStore struct{ table dynamo.Table }

var _ rewards.FraudStore = (*FraudStore)(nil)

// NewFraudStore returns the adapter.
func NewFraudStore(db *DB) *FraudStore { return &FraudStore{table: db.Table("Config")} }

// fraudRetention outlives the rules' lookback, so TTL never removes evidence a rule still reads.
const fraudRetention = 35 * 24 * time.Hour

type fraudEventRecord struct {
	PK        string `dynamo:"pk"`
	SK        string `dynamo:"sk"`
	Doc       string
	ExpiresAt int64 `dynamo:"expiresAt"`
}

type alertRecord struct {
	PK     string `dynamo:"pk"`
	SK     string `dynamo:"sk"`
	GSI1PK string `dynamo:"gsi1pk"`
	GSI1SK string `dynamo:"gsi1sk"`
	Doc    string
}

func fraudPartitions(e loyalty.FraudEvent) []string {
	var pks []string
	if e.MemberID != "" {
		pks = append(pks, "FRAUD#M#"+e.MemberID)
	}
	if e.UserID != "" {
		pks = append(pks, "FRAUD#U#"+e.UserID)
	}
	if e.CardHash != "" {
		pks = append(pks, "FRAUD#C#"+e.CardHash)
	}
	return pks
}

// Record implements rewards.FraudStore.
func (s *FraudStore) Record(ctx context.Context, e loyalty.FraudEvent) error {
	doc, err := json.Marshal(e)
	if err != nil {
		return err
	}
	sk := e.At.UTC().Format(time.RFC3339Nano) + "#" + e.ID
	for _, pk := range fraudPartitions(e) {
		if err := s.table.Put(fraudEventRecord{PK: pk, SK: sk, Doc: string(doc), ExpiresAt: e.At.Add(fraudRetention).Unix()}).Run(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Related implements rewards.FraudStore.
func (s *FraudStore) Related(ctx context.Context, e loyalty.FraudEvent, since time.Time) ([]loyalty.FraudEvent, error) {
	seen := map[string]bool{}
	var out []loyalty.FraudEvent
	for _, pk := range fraudPartitions(e) {
		var recs []fraudEventRecord
		if err := s.table.Get("pk", pk).Range("sk", dynamo.GreaterOrEqual, since.UTC().Format(time.RFC3339Nano)).All(ctx, &recs); err != nil {
			return nil, fmt.Errorf("fraud events %s: %w", pk, err)
		}
		for _, r := range recs {
			var ev loyalty.FraudEvent
			if err := json.Unmarshal([]byte(r.Doc), &ev); err != nil {
				return nil, err
			}
			if !seen[ev.ID] {
				seen[ev.ID] = true
				out = append(out, ev)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

func toAlertRecord(a rewards.FraudAlert) (alertRecord, error) {
	doc, err := json.Marshal(a)
	return alertRecord{PK: "ALERT#" + a.Key, SK: "META", GSI1PK: "ALERTS#" + a.Status, GSI1SK: a.At.UTC().Format(time.RFC3339Nano) + "#" + a.Key, Doc: string(doc)}, err
}

// Raise implements rewards.FraudStore.
func (s *FraudStore) Raise(ctx context.Context, a rewards.FraudAlert) (bool, error) {
	rec, err := toAlertRecord(a)
	if err != nil {
		return false, err
	}
	err = s.table.Put(rec).If("attribute_not_exists(pk)").Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return false, nil
	}
	return err == nil, err
}

// Alert implements rewards.FraudStore.
func (s *FraudStore) Alert(ctx context.Context, key string) (rewards.FraudAlert, error) {
	var rec alertRecord
	err := s.table.Get("pk", "ALERT#"+key).Range("sk", dynamo.Equal, "META").Consistent(true).One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return rewards.FraudAlert{}, fmt.Errorf("%w: %s", rewards.ErrUnknownAlert, key)
	}
	if err != nil {
		return rewards.FraudAlert{}, err
	}
	var a rewards.FraudAlert
	return a, json.Unmarshal([]byte(rec.Doc), &a)
}

// Alerts implements rewards.FraudStore, newest first.
func (s *FraudStore) Alerts(ctx context.Context, status string) ([]rewards.FraudAlert, error) {
	var recs []alertRecord
	if err := s.table.Get("gsi1pk", "ALERTS#"+status).Index("gsi1").Order(dynamo.Descending).All(ctx, &recs); err != nil {
		return nil, err
	}
	return decodeDocs[rewards.FraudAlert](recs, func(r alertRecord) string { return r.Doc })
}

// Resolve implements rewards.FraudStore: only an open alert is resolved.
func (s *FraudStore) Resolve(ctx context.Context, a rewards.FraudAlert) error {
	rec, err := toAlertRecord(a)
	if err != nil {
		return err
	}
	err = s.table.Put(rec).If("'gsi1pk' = ?", "ALERTS#"+rewards.AlertOpen).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return fmt.Errorf("%w: %s", rewards.ErrAlertResolved, a.Key)
	}
	return err
}
