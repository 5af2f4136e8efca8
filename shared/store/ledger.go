package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/ledger"
)

// LedgerStore keeps accounts, entries and idempotency keys in the Ledger table.
//
//	account:     pk=ACCOUNT#<id> sk=META (the account as JSON, its version); gsi1 EXPIRY#<yyyy-mm> of its soonest lot
//	entry:       pk=ACCOUNT#<id> sk=ENTRY#<at RFC3339Nano>#<entryId>
//	idempotency: pk=ACCOUNT#<id> sk=IDEM#<key> (the entry's sort key)
//
// A posting is one TransactWriteItems of the three, conditioned on the account version and the key's absence.
type LedgerStore struct {
	db    *dynamo.DB
	table dynamo.Table
}

var _ ledger.Store = (*LedgerStore)(nil)

// NewLedgerStore returns the adapter.
func NewLedgerStore(db *DB) *LedgerStore {
	return &LedgerStore{db: db.Dynamo(), table: db.Table("Ledger")}
}

type accountRecord struct {
	PK      string `dynamo:"pk"`
	SK      string `dynamo:"sk"`
	GSI1PK  string `dynamo:"gsi1pk,omitempty"`
	GSI1SK  string `dynamo:"gsi1sk,omitempty"`
	Version int64
	Doc     string
}

type entryRecord struct {
	PK  string `dynamo:"pk"`
	SK  string `dynamo:"sk"`
	Doc string
}

type idemRecord struct {
	PK    string `dynamo:"pk"`
	SK    string `dynamo:"sk"`
	Entry string // the entry's sort key
}

func accountPK(id string) string { return "ACCOUNT#" + id }

func toAccountRecord(a ledger.Account) (accountRecord, error) {
	doc, err := json.Marshal(a)
	if err != nil {
		return accountRecord{}, err
	}
	rec := accountRecord{PK: accountPK(a.ID), SK: "META", Version: a.Version, Doc: string(doc)}
	for _, l := range a.Lots { // lots are sorted soonest first
		if l.ExpiresOn != "" && len(l.ExpiresOn) >= 7 {
			rec.GSI1PK, rec.GSI1SK = "EXPIRY#"+l.ExpiresOn[:7], l.ExpiresOn+"#"+a.ID
			break
		}
	}
	return rec, nil
}

// Open implements ledger.Store.
func (s *LedgerStore) Open(ctx context.Context, a ledger.Account) error {
	rec, err := toAccountRecord(a)
	if err != nil {
		return err
	}
	err = s.table.Put(rec).If("attribute_not_exists(pk)").Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return fmt.Errorf("%w: %s", ledger.ErrExists, a.ID)
	}
	return err
}

// Account implements ledger.Store.
func (s *LedgerStore) Account(ctx context.Context, id string) (ledger.Account, error) {
	var rec accountRecord
	err := s.table.Get("pk", accountPK(id)).Range("sk", dynamo.Equal, "META").Consistent(true).One(ctx, &rec)
	if errors.Is(err, dynamo.ErrNotFound) {
		return ledger.Account{}, fmt.Errorf("%w: %s", ledger.ErrNotFound, id)
	}
	if err != nil {
		return ledger.Account{}, err
	}
	var a ledger.Account
	if err := json.Unmarshal([]byte(rec.Doc), &a); err != nil {
		return ledger.Account{}, fmt.Errorf("decode account %s: %w", id, err)
	}
	a.Version = rec.Version
	return a, nil
}

func entrySortKey(e ledger.Entry) string {
	return "ENTRY#" + e.At.UTC().Format(time.RFC3339Nano) + "#" + e.ID
}

// Commit implements ledger.Store.
func (s *LedgerStore) Commit(ctx context.Context, before, after ledger.Account, e ledger.Entry) error {
	rec, err := toAccountRecord(after)
	if err != nil {
		return err
	}
	doc, err := json.Marshal(e)
	if err != nil {
		return err
	}
	pk := accountPK(after.ID)
	err = s.db.WriteTx().
		Put(s.table.Put(rec).If("Version = ?", before.Version)).
		Put(s.table.Put(entryRecord{PK: pk, SK: entrySortKey(e), Doc: string(doc)}).If("attribute_not_exists(pk)")).
		Put(s.table.Put(idemRecord{PK: pk, SK: "IDEM#" + e.IdempotencyKey, Entry: entrySortKey(e)}).If("attribute_not_exists(pk)")).
		Run(ctx)
	var txe *types.TransactionCanceledException
	if errors.As(err, &txe) && len(txe.CancellationReasons) == 3 {
		if code(txe.CancellationReasons[2]) == "ConditionalCheckFailed" {
			return ledger.ErrDuplicate
		}
		if code(txe.CancellationReasons[0]) == "ConditionalCheckFailed" {
			return ledger.ErrConflict
		}
	}
	if dynamo.IsCondCheckFailed(err) {
		return ledger.ErrConflict
	}
	return err
}

func code(r types.CancellationReason) string {
	if r.Code == nil {
		return ""
	}
	return *r.Code
}

// EntryByKey implements ledger.Store.
func (s *LedgerStore) EntryByKey(ctx context.Context, accountID, key string) (ledger.Entry, error) {
	var idem idemRecord
	err := s.table.Get("pk", accountPK(accountID)).Range("sk", dynamo.Equal, "IDEM#"+key).Consistent(true).One(ctx, &idem)
	if errors.Is(err, dynamo.ErrNotFound) {
		return ledger.Entry{}, fmt.Errorf("%w: no entry %s on %s", ledger.ErrNotFound, key, accountID)
	}
	if err != nil {
		return ledger.Entry{}, err
	}
	var rec entryRecord
	if err := s.table.Get("pk", accountPK(accountID)).Range("sk", dynamo.Equal, idem.Entry).Consistent(true).One(ctx, &rec); err != nil {
		return ledger.Entry{}, err
	}
	var e ledger.Entry
	return e, json.Unmarshal([]byte(rec.Doc), &e)
}

// Entries implements ledger.Store.
func (s *LedgerStore) Entries(ctx context.Context, accountID string) ([]ledger.Entry, error) {
	var recs []entryRecord
	if err := s.table.Get("pk", accountPK(accountID)).Range("sk", dynamo.BeginsWith, "ENTRY#").Consistent(true).All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("entries of %s: %w", accountID, err)
	}
	out := make([]ledger.Entry, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal([]byte(r.Doc), &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DueAccounts implements ledger.Store: months of the expiry index up to the day's month.
func (s *LedgerStore) DueAccounts(ctx context.Context, day string) ([]string, error) {
	end, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return nil, fmt.Errorf("%w: day %q", ledger.ErrInvalid, day)
	}
	var ids []string
	for m := time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, time.UTC); !m.Before(oldestActivity); m = m.AddDate(0, -1, 0) {
		var recs []accountRecord
		err := s.table.Get("gsi1pk", "EXPIRY#"+m.Format("2006-01")).Index("gsi1").Range("gsi1sk", dynamo.LessOrEqual, day+"#~").All(ctx, &recs)
		if err != nil {
			return nil, fmt.Errorf("due accounts %s: %w", m.Format("2006-01"), err)
		}
		for _, r := range recs {
			ids = append(ids, strings.TrimPrefix(r.PK, "ACCOUNT#"))
		}
	}
	return ids, nil
}

// AccountIDs implements ledger.Store: a parallel scan of the accounts' META items.
func (s *LedgerStore) AccountIDs(ctx context.Context) ([]string, error) {
	var recs []accountRecord
	err := s.table.Scan().Filter("'sk' = ? AND begins_with('pk', ?)", "META", "ACCOUNT#").Project("pk").All(ctx, &recs)
	if err != nil {
		return nil, fmt.Errorf("scan accounts: %w", err)
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = strings.TrimPrefix(r.PK, "ACCOUNT#")
	}
	sort.Strings(ids)
	return ids, nil
}
