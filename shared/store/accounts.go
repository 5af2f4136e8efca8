package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/accounts"
)

// AccountStore keeps the group's account profiles (companies, agencies, households), their history and the
// guests linked to them, in the Guests table.
//
//	account: pk=ACCOUNT#<accountId> sk=META (the account as JSON, Version); every account of a kind by name
//	         (gsi1): gsi1pk=ACCOUNTS#<kind> gsi1sk=<folded name>#<accountId>
//	code:    pk=ACCOUNTCODE#<context>#<value> sk=META (AccountID): one account per code; a profile a PMS sent
//	         with neither id nor IATA number is keyed ACCOUNTCODE#NAME#<source>#<kind>#<folded name>
//	search:  pk=ACCOUNTSEARCH#<first two characters> sk=<folded name word, whole name or code>#<accountId>
//	stay:    pk=ACCOUNT#<accountId> sk=STAY#<departure>#<hash of the fact's idempotency key> (the stay as JSON)
//	member:  pk=ACCOUNT#<accountId> sk=MEMBER#<guestId> (Role, Since, Name, Properties; ShownAs: the guest
//	         itself, or the guest it was merged into)
//	link:    pk=GUEST#<guestId> sk=LINK#<accountId>#<origin> (Kind, Role, Since, MergeID): the guest's own link
//	         when origin is the guest, else the link of a guest merged into them
//
// A stay's key comes from the fact, so a redelivered stay hits the same item and its conditional put, which links
// the guest in the same transaction, changes nothing.
type AccountStore struct {
	db    *dynamo.DB
	table dynamo.Table
}

var _ accounts.Store = (*AccountStore)(nil)

// NewAccountStore returns the adapter.
func NewAccountStore(db *DB) *AccountStore {
	return &AccountStore{db: db.Dynamo(), table: db.Table("Guests")}
}

type acctRecord struct {
	PK      string `dynamo:"pk"`
	SK      string `dynamo:"sk"`
	Doc     string
	Version int
	GSI1PK  string `dynamo:"gsi1pk"`
	GSI1SK  string `dynamo:"gsi1sk"`
}

type accountCodeRecord struct {
	PK        string `dynamo:"pk"`
	SK        string `dynamo:"sk"`
	AccountID string
}

const accountMetaSK = "META"

func acctPK(id string) string       { return "ACCOUNT#" + id }
func accountCodePK(k string) string { return "ACCOUNTCODE#" + k }

// searchPrefix is the first two characters of a folded token (runes: names are not all ASCII).
func searchPrefix(s string) string {
	r := []rune(s)
	return string(r[:min(len(r), 2)])
}

func toAcctRecord(a accounts.Account) (acctRecord, error) {
	doc, err := json.Marshal(a)
	if err != nil {
		return acctRecord{}, err
	}
	return acctRecord{PK: acctPK(a.ID), SK: accountMetaSK, Doc: string(doc), Version: a.Version,
		GSI1PK: "ACCOUNTS#" + a.Kind, GSI1SK: accounts.SortKey(a)}, nil
}

func (r acctRecord) account() (accounts.Account, error) {
	var a accounts.Account
	if err := json.Unmarshal([]byte(r.Doc), &a); err != nil {
		return a, fmt.Errorf("account %s: %w", r.PK, err)
	}
	a.Version = r.Version
	return a, nil
}

// Get returns an account, or accounts.ErrUnknownAccount.
func (s *AccountStore) Get(ctx context.Context, id string) (accounts.Account, error) {
	var r acctRecord
	err := s.table.Get("pk", acctPK(id)).Range("sk", dynamo.Equal, accountMetaSK).Consistent(true).One(ctx, &r)
	if errors.Is(err, dynamo.ErrNotFound) {
		return accounts.Account{}, fmt.Errorf("%w: %s", accounts.ErrUnknownAccount, id)
	}
	if err != nil {
		return accounts.Account{}, fmt.Errorf("account %s: %w", id, err)
	}
	return r.account()
}

// GetMany returns the accounts that exist among ids, by id.
func (s *AccountStore) GetMany(ctx context.Context, ids []string) (map[string]accounts.Account, error) {
	out := map[string]accounts.Account{}
	if len(ids) == 0 {
		return out, nil
	}
	keys := make([]dynamo.Keyed, 0, len(ids))
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		keys = append(keys, dynamo.Keys{acctPK(id), accountMetaSK})
	}
	var recs []acctRecord
	if err := s.table.Batch("pk", "sk").Get(keys...).All(ctx, &recs); err != nil && !errors.Is(err, dynamo.ErrNotFound) {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	for _, r := range recs {
		a, err := r.account()
		if err != nil {
			return nil, err
		}
		out[a.ID] = a
	}
	return out, nil
}

// Save writes an account: created when old is nil, else replacing old if its version still holds. Its codes are
// claimed in the same transaction (a code another account holds is accounts.ErrCodeTaken) and the codes it no
// longer has released; its search keys follow.
func (s *AccountStore) Save(ctx context.Context, old *accounts.Account, a accounts.Account) (accounts.Account, error) {
	var before []accounts.Code
	if old != nil {
		before, a.Version = old.Codes, old.Version+1
	} else {
		a.Version = 1
	}
	rec, err := toAcctRecord(a)
	if err != nil {
		return a, err
	}
	put := s.table.Put(rec)
	if old == nil {
		put.If("attribute_not_exists(pk)")
	} else {
		put.If("Version = ?", old.Version)
	}
	tx := s.db.WriteTx().Put(put)
	for _, c := range a.Codes {
		if !slices.Contains(before, c) {
			tx.Put(s.table.Put(accountCodeRecord{PK: accountCodePK(c.Key()), SK: accountMetaSK, AccountID: a.ID}).
				If("attribute_not_exists(pk) OR AccountID = ?", a.ID))
		}
	}
	for _, c := range before {
		if !slices.Contains(a.Codes, c) {
			tx.Delete(s.table.Delete("pk", accountCodePK(c.Key())).Range("sk", accountMetaSK).If("AccountID = ?", a.ID))
		}
	}
	if err := tx.Run(ctx); err != nil {
		var txe *types.TransactionCanceledException
		if errors.As(err, &txe) && len(txe.CancellationReasons) > 0 {
			if code(txe.CancellationReasons[0]) == "ConditionalCheckFailed" {
				return a, fmt.Errorf("%w: %s", accounts.ErrConflict, a.ID)
			}
			for _, r := range txe.CancellationReasons[1:] {
				if code(r) == "ConditionalCheckFailed" {
					return a, fmt.Errorf("%w: another account has one of the codes of %s", accounts.ErrCodeTaken, a.ID)
				}
			}
		}
		return a, fmt.Errorf("save account %s: %w", a.ID, err)
	}
	var was []string
	if old != nil {
		was = accounts.Tokens(*old)
	}
	return a, s.index(ctx, a.ID, was, accounts.Tokens(a))
}

type accountSearchRecord struct {
	PK        string `dynamo:"pk"`
	SK        string `dynamo:"sk"`
	AccountID string
}

// index writes every search key of an account (again, so a retry after a failure completes it) and removes those
// it no longer has.
func (s *AccountStore) index(ctx context.Context, id string, was, now []string) error {
	var puts []any
	for _, t := range now {
		puts = append(puts, accountSearchRecord{PK: "ACCOUNTSEARCH#" + searchPrefix(t), SK: t + "#" + id, AccountID: id})
	}
	var dels []dynamo.Keyed
	for _, t := range was {
		if !slices.Contains(now, t) {
			dels = append(dels, dynamo.Keys{"ACCOUNTSEARCH#" + searchPrefix(t), t + "#" + id})
		}
	}
	w := s.table.Batch("pk", "sk").Write().Put(puts...)
	if len(dels) > 0 {
		w.Delete(dels...)
	}
	if _, err := w.Run(ctx); err != nil {
		return fmt.Errorf("index account %s: %w", id, err)
	}
	return nil
}

// FindOrCreate returns the account the first of keys that is known names, claiming the keys it did not have yet
// (best effort: a key another account holds stays theirs); with none known, it creates a (whose id derives from
// its best key, so a concurrent or repeated creation writes the same account once).
func (s *AccountStore) FindOrCreate(ctx context.Context, a accounts.Account, keys []string) (accounts.Account, error) {
	for attempt := 0; ; attempt++ {
		known, err := s.lookup(ctx, append(slices.Clone(keys), codeKeys(a.Codes)...))
		if err != nil {
			return a, err
		}
		for _, k := range keys {
			if id, ok := known[k]; ok {
				return s.claim(ctx, id, keys, known)
			}
		}
		created, err := s.create(ctx, a, keys, known)
		if err == nil || !conflicted(err) {
			return created, err
		}
		if attempt > 0 {
			// The account of the derived id exists but holds none of the keys (a person removed its codes): the
			// message still describes it, so it takes them back.
			if _, gerr := s.Get(ctx, a.ID); gerr == nil {
				return s.claim(ctx, a.ID, keys, known)
			}
			return created, err
		}
		// Created meanwhile by another delivery: found on the next look.
	}
}

// claim gives account id the keys no account holds yet (best effort: a key another account holds stays theirs),
// and returns the account.
func (s *AccountStore) claim(ctx context.Context, id string, keys []string, known map[string]string) (accounts.Account, error) {
	for _, k := range keys {
		if _, ok := known[k]; !ok {
			err := s.table.Put(accountCodeRecord{PK: accountCodePK(k), SK: accountMetaSK, AccountID: id}).If("attribute_not_exists(pk)").Run(ctx)
			if err != nil && !dynamo.IsCondCheckFailed(err) {
				return accounts.Account{}, fmt.Errorf("claim %s for account %s: %w", k, id, err)
			}
		}
	}
	return s.Get(ctx, id)
}

func codeKeys(codes []accounts.Code) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c.Key()
	}
	return out
}

// lookup returns the account each known key names.
func (s *AccountStore) lookup(ctx context.Context, keys []string) (map[string]string, error) {
	want := make([]dynamo.Keyed, 0, len(keys))
	for _, k := range slices.Compact(slices.Sorted(slices.Values(keys))) {
		want = append(want, dynamo.Keys{accountCodePK(k), accountMetaSK})
	}
	var recs []accountCodeRecord
	if err := s.table.Batch("pk", "sk").Get(want...).Consistent(true).All(ctx, &recs); err != nil && !errors.Is(err, dynamo.ErrNotFound) {
		return nil, fmt.Errorf("account codes: %w", err)
	}
	out := map[string]string{}
	for _, r := range recs {
		out[r.PK[len("ACCOUNTCODE#"):]] = r.AccountID
	}
	return out, nil
}

// create writes a new account with its keys, and those of its other codes no account holds yet.
func (s *AccountStore) create(ctx context.Context, a accounts.Account, keys []string, known map[string]string) (accounts.Account, error) {
	a.Version = 1
	codes := a.Codes[:0:0]
	for _, c := range a.Codes {
		if _, taken := known[c.Key()]; !taken {
			codes = append(codes, c)
		}
	}
	a.Codes = codes
	rec, err := toAcctRecord(a)
	if err != nil {
		return a, err
	}
	tx := s.db.WriteTx().Put(s.table.Put(rec).If("attribute_not_exists(pk)"))
	claim := slices.Clone(keys)
	for _, k := range codeKeys(a.Codes) {
		if !slices.Contains(claim, k) {
			claim = append(claim, k)
		}
	}
	for _, k := range claim {
		tx.Put(s.table.Put(accountCodeRecord{PK: accountCodePK(k), SK: accountMetaSK, AccountID: a.ID}).If("attribute_not_exists(pk) OR AccountID = ?", a.ID))
	}
	if err := tx.Run(ctx); err != nil {
		return a, fmt.Errorf("create account %s: %w", a.ID, err)
	}
	return a, s.index(ctx, a.ID, nil, accounts.Tokens(a))
}

// List returns the accounts of a kind ("" for every kind), by name.
func (s *AccountStore) List(ctx context.Context, kind string) ([]accounts.Account, error) {
	kinds := accounts.Kinds()
	if kind != "" {
		kinds = []string{kind}
	}
	var out []accounts.Account
	for _, k := range kinds {
		var recs []acctRecord
		if err := s.table.Get("gsi1pk", "ACCOUNTS#"+k).Index("gsi1").All(ctx, &recs); err != nil {
			return nil, fmt.Errorf("accounts of kind %s: %w", k, err)
		}
		for _, r := range recs {
			a, err := r.account()
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
	}
	sortAccounts(out)
	return out, nil
}

// Search returns the accounts with a name word, the whole name or a code beginning with folded (already folded).
func (s *AccountStore) Search(ctx context.Context, folded string) ([]accounts.Account, error) {
	var ids []string
	for _, prefix := range slices.Compact([]string{folded, removeSpaces(folded)}) {
		var recs []accountSearchRecord
		if err := s.table.Get("pk", "ACCOUNTSEARCH#"+searchPrefix(prefix)).Range("sk", dynamo.BeginsWith, prefix).All(ctx, &recs); err != nil {
			return nil, fmt.Errorf("search accounts: %w", err)
		}
		for _, r := range recs {
			ids = append(ids, r.AccountID)
		}
	}
	found, err := s.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]accounts.Account, 0, len(found))
	for _, a := range found {
		out = append(out, a)
	}
	sortAccounts(out)
	return out, nil
}

// sortAccounts orders accounts by name; sort.Slice rather than a generic sort keeps the api binary small (a
// generic sort is compiled anew for every struct it sorts).
func sortAccounts(as []accounts.Account) {
	sort.Slice(as, func(i, j int) bool { return accounts.SortKey(as[i]) < accounts.SortKey(as[j]) })
}

func removeSpaces(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r != ' ' {
			out = append(out, r)
		}
	}
	return string(out)
}
