package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/accounts"
)

// Merges: a merged guest's links show under the guests it was merged into as copies keyed by their origin (the
// guest whose link it is), and the account's member item of that origin says which guest it shows as (ShownAs),
// so the account lists the survivor once. Like the Guest 360 visits, the copies are written in transactions
// conditioned on matching's golden records still saying so, and undoing a merge deletes exactly the copies the
// restored guest's links made.

type acctStayRecord struct {
	PK      string `dynamo:"pk"`
	SK      string `dynamo:"sk"`
	Doc     string
	GuestID string `dynamo:",omitempty"`
}

type acctMemberRecord struct {
	PK         string   `dynamo:"pk"`
	SK         string   `dynamo:"sk"`
	Role       string   `dynamo:",omitempty"`
	Since      string   `dynamo:",omitempty"`
	Name       string   `dynamo:",omitempty"`
	Properties []string `dynamo:",set,omitempty"`
	ShownAs    string   `dynamo:",omitempty"`
}

type acctLinkRecord struct {
	PK      string `dynamo:"pk"`
	SK      string `dynamo:"sk"`
	Kind    string
	Role    string
	Since   string
	MergeID string `dynamo:",omitempty"`
}

func acctStaySK(s accounts.Stay) string {
	sum := sha256.Sum256([]byte(s.Key))
	return "STAY#" + s.Departure + "#" + hex.EncodeToString(sum[:12])
}

func acctMemberSK(guestID string) string         { return "MEMBER#" + guestID }
func acctLinkSK(accountID, origin string) string { return "LINK#" + accountID + "#" + origin }
func acctStamp(t time.Time) string               { return t.UTC().Format(time.RFC3339Nano) }

// chain is the guests guestID was merged into, in order (none for a guest that was not merged), and the golden
// record checks that hold while the merges do.
func (s *AccountStore) chain(ctx context.Context, guestID string) ([]string, []*dynamo.ConditionCheck, error) {
	var hops []string
	var checks []*dynamo.ConditionCheck
	from := guestID
	for range maxMergeHops {
		var g goldenRecord
		err := s.table.Get("pk", guestPK(from)).Range("sk", dynamo.Equal, goldenSK).Consistent(true).One(ctx, &g)
		if err != nil && !errors.Is(err, dynamo.ErrNotFound) {
			return nil, nil, fmt.Errorf("merges of %s: %w", guestID, err)
		}
		if g.MergedInto == "" {
			checks = append(checks, s.table.Check("pk", guestPK(from)).Range("sk", goldenSK).If("attribute_not_exists(MergedInto)"))
			return hops, checks, nil
		}
		checks = append(checks, s.table.Check("pk", guestPK(from)).Range("sk", goldenSK).If("MergedInto = ?", g.MergedInto))
		hops = append(hops, g.MergedInto)
		from = g.MergedInto
	}
	return hops, checks, nil
}

// linkWrites are the writes that link guestID to an account with a role: its member item (shown as the last guest
// it was merged into), its own link and a copy under every guest along its merges. setRole replaces the role (a
// link by hand); otherwise a role already there is kept (a stay does not demote a booker to traveller).
func (s *AccountStore) linkWrites(tx *dynamo.WriteTx, a accounts.Account, guestID, role, name string, properties []string, at time.Time, hops []string, setRole bool) {
	m := s.table.Update("pk", acctPK(a.ID)).Range("sk", acctMemberSK(guestID)).SetIfNotExists("Since", acctStamp(at))
	if setRole {
		m.Set("Role", role)
	} else {
		m.SetIfNotExists("Role", role)
	}
	if name != "" {
		m.Set("Name", name)
	}
	if len(properties) > 0 {
		m.AddStringsToSet("Properties", properties...)
	}
	shown := guestID
	if len(hops) > 0 {
		shown = hops[len(hops)-1]
	}
	m.Set("ShownAs", shown) // set, never removed: the embedded test server does not apply REMOVE

	tx.Update(m)
	for _, holder := range append([]string{guestID}, hops...) {
		l := s.table.Update("pk", guestPK(holder)).Range("sk", acctLinkSK(a.ID, guestID)).Set("Kind", a.Kind).SetIfNotExists("Since", acctStamp(at))
		if setRole {
			l.Set("Role", role)
		} else {
			l.SetIfNotExists("Role", role)
		}
		tx.Update(l)
	}
}

// AddStay files a stay in an account's history once; with a guest, the same transaction links them (role kept if
// they were linked already), so a redelivered stay changes nothing and a retry after a failure does it all.
func (s *AccountStore) AddStay(ctx context.Context, a accounts.Account, st accounts.Stay, g *accounts.StayGuest) (bool, error) {
	doc, err := json.Marshal(st)
	if err != nil {
		return false, err
	}
	put := s.table.Put(acctStayRecord{PK: acctPK(a.ID), SK: acctStaySK(st), Doc: string(doc), GuestID: st.GuestID}).If("attribute_not_exists(pk)")
	if g == nil {
		err := put.Run(ctx)
		if dynamo.IsCondCheckFailed(err) {
			return false, nil
		}
		return err == nil, err
	}
	hops, checks, err := s.chain(ctx, g.ID)
	if err != nil {
		return false, err
	}
	tx := s.db.WriteTx().Put(put)
	for _, c := range checks {
		tx.Check(c)
	}
	var props []string
	if g.PropertyID != "" {
		props = []string{g.PropertyID}
	}
	s.linkWrites(tx, a, g.ID, g.Role, g.Name, props, g.At, hops, false)
	err = tx.Run(ctx)
	var txe *types.TransactionCanceledException
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &txe) && len(txe.CancellationReasons) > 0 && code(txe.CancellationReasons[0]) == "ConditionalCheckFailed":
		return false, nil
	case conflicted(err):
		return false, fmt.Errorf("file stay under account %s: merges of %s changed: %w", a.ID, g.ID, err)
	}
	return false, fmt.Errorf("file stay under account %s: %w", a.ID, err)
}

// Stays returns an account's stays, latest departure first.
func (s *AccountStore) Stays(ctx context.Context, accountID string) ([]accounts.Stay, error) {
	var recs []acctStayRecord
	if err := s.table.Get("pk", acctPK(accountID)).Range("sk", dynamo.BeginsWith, "STAY#").Order(dynamo.Descending).All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("stays of account %s: %w", accountID, err)
	}
	out := make([]accounts.Stay, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal([]byte(r.Doc), &out[i]); err != nil {
			return nil, err
		}
		out[i].GuestID = r.GuestID // erasure blanks the attribute and the document alike; the attribute is what it reads
	}
	return out, nil
}

// StaysAmong returns those of the given stays (by fact key and departure) that the account holds, in one
// BatchGetItem per 100: a guest's stays through an account, without reading the account's whole history.
func (s *AccountStore) StaysAmong(ctx context.Context, accountID string, facts []accounts.Stay) ([]accounts.Stay, error) {
	var out []accounts.Stay
	for start := 0; start < len(facts); start += 100 {
		chunk := facts[start:min(start+100, len(facts))]
		keys := make([]dynamo.Keyed, len(chunk))
		for i, f := range chunk {
			keys[i] = dynamo.Keys{acctPK(accountID), acctStaySK(f)}
		}
		var recs []acctStayRecord
		if err := s.table.Batch("pk", "sk").Get(keys...).All(ctx, &recs); err != nil && !errors.Is(err, dynamo.ErrNotFound) {
			return nil, fmt.Errorf("stays of account %s: %w", accountID, err)
		}
		for _, r := range recs {
			var st accounts.Stay
			if err := json.Unmarshal([]byte(r.Doc), &st); err != nil {
				return nil, err
			}
			st.GuestID = r.GuestID
			out = append(out, st)
		}
	}
	return out, nil
}

// Members returns an account's members, each merged guest's link under the guest it shows as.
func (s *AccountStore) Members(ctx context.Context, accountID string) ([]accounts.Member, error) {
	var recs []acctMemberRecord
	if err := s.table.Get("pk", acctPK(accountID)).Range("sk", dynamo.BeginsWith, "MEMBER#").Consistent(true).All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("members of account %s: %w", accountID, err)
	}
	byGuest := map[string]*accounts.Member{}
	var order []string
	for _, r := range recs {
		if r.Role == "" {
			continue // a bare item a merge's update left behind a removed link
		}
		origin := strings.TrimPrefix(r.SK, "MEMBER#")
		shown := origin
		if r.ShownAs != "" {
			shown = r.ShownAs
		}
		since, _ := time.Parse(time.RFC3339Nano, r.Since)
		m, ok := byGuest[shown]
		if !ok {
			m = &accounts.Member{GuestID: shown, Origins: []string{shown}, Since: since}
			byGuest[shown] = m
			order = append(order, shown)
		}
		if origin == shown || m.Role == "" {
			m.Role = r.Role // the survivor's own role and name win
			m.Name = cmpOr(r.Name, m.Name)
		}
		if m.Name == "" {
			m.Name = r.Name
		}
		if since.Before(m.Since) {
			m.Since = since
		}
		if !slices.Contains(m.Origins, origin) {
			m.Origins = append(m.Origins, origin)
		}
		for _, p := range r.Properties {
			if !slices.Contains(m.Properties, p) {
				m.Properties = append(m.Properties, p)
			}
		}
	}
	out := make([]accounts.Member, 0, len(order))
	for _, g := range order {
		out = append(out, *byGuest[g])
	}
	return out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Links returns the link items a guest holds: their own and those of guests merged into them.
func (s *AccountStore) Links(ctx context.Context, guestID string) ([]accounts.LinkRecord, error) {
	var recs []acctLinkRecord
	if err := s.table.Get("pk", guestPK(guestID)).Range("sk", dynamo.BeginsWith, "LINK#").Consistent(true).All(ctx, &recs); err != nil {
		return nil, fmt.Errorf("links of %s: %w", guestID, err)
	}
	out := make([]accounts.LinkRecord, 0, len(recs))
	for _, r := range recs {
		accountID, origin, ok := strings.Cut(strings.TrimPrefix(r.SK, "LINK#"), "#")
		if !ok {
			continue
		}
		since, _ := time.Parse(time.RFC3339Nano, r.Since)
		out = append(out, accounts.LinkRecord{AccountID: accountID, Origin: origin, Kind: r.Kind, Role: r.Role, Since: since, MergeID: r.MergeID})
	}
	return out, nil
}

// Link links a guest to an account by hand, with the role given (again: the role changes), following the guest's
// merges as a stay's link does.
func (s *AccountStore) Link(ctx context.Context, guestID string, a accounts.Account, role, name string, properties []string, at time.Time) error {
	hops, checks, err := s.chain(ctx, guestID)
	if err != nil {
		return err
	}
	tx := s.db.WriteTx()
	for _, c := range checks {
		tx.Check(c)
	}
	s.linkWrites(tx, a, guestID, role, name, properties, at, hops, true)
	if err := tx.Run(ctx); err != nil {
		if conflicted(err) {
			return fmt.Errorf("%w: merges of %s changed", accounts.ErrConflict, guestID)
		}
		return fmt.Errorf("link %s to %s: %w", guestID, a.ID, err)
	}
	return nil
}

// Unlink removes a guest's link to an account: their own and every merged guest's link they show, with the
// copies along each one's merges and the members the account listed. Doing it again changes nothing.
func (s *AccountStore) Unlink(ctx context.Context, guestID, accountID string) error {
	held, err := s.Links(ctx, guestID)
	if err != nil {
		return err
	}
	var origins []string
	for _, l := range held {
		if l.AccountID == accountID {
			origins = append(origins, l.Origin)
		}
	}
	if len(origins) == 0 {
		return fmt.Errorf("%w: %s is not linked to %s", accounts.ErrNotLinked, guestID, accountID)
	}
	return s.removeLinks(ctx, guestID, accountID, origins)
}

// removeLinks deletes the links of origins to an account wherever they show, the copies under holder last so
// that a retry finds the origins again.
func (s *AccountStore) removeLinks(ctx context.Context, holder, accountID string, origins []string) error {
	var keys []dynamo.Keyed
	for _, o := range origins {
		hops, _, err := s.chain(ctx, o)
		if err != nil {
			return err
		}
		keys = append(keys, dynamo.Keys{acctPK(accountID), acctMemberSK(o)})
		for _, h := range append([]string{o}, hops...) {
			if h != holder {
				keys = append(keys, dynamo.Keys{guestPK(h), acctLinkSK(accountID, o)})
			}
		}
	}
	if err := s.deleteKeys(ctx, keys); err != nil {
		return fmt.Errorf("unlink from %s: %w", accountID, err)
	}
	last := make([]dynamo.Keyed, 0, len(origins))
	for _, o := range origins {
		last = append(last, dynamo.Keys{guestPK(holder), acctLinkSK(accountID, o)})
	}
	if err := s.deleteKeys(ctx, last); err != nil {
		return fmt.Errorf("unlink %s from %s: %w", holder, accountID, err)
	}
	return nil
}

func (s *AccountStore) deleteKeys(ctx context.Context, keys []dynamo.Keyed) error {
	for start := 0; start < len(keys); start += 25 {
		if _, err := s.table.Batch("pk", "sk").Write().Delete(keys[start:min(start+25, len(keys))]...).Run(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Merge shows mergedID's links (its own and those merged into it) under survivorID and the guests survivorID was
// merged into since, in transactions conditioned on matching's golden record still saying mergedID is merged into
// survivorID: a merge undone before it got here changes nothing (ErrMergeUndone). Doing it again writes the same.
func (s *AccountStore) Merge(ctx context.Context, survivorID, mergedID, mergeID string) (int, error) {
	held, err := s.Links(ctx, mergedID)
	if err != nil || len(held) == 0 {
		return 0, err
	}
	onward, _, err := s.chain(ctx, survivorID)
	if err != nil {
		return 0, err
	}
	holders := append([]string{survivorID}, onward...)
	shown := holders[len(holders)-1]
	var writes []func(*dynamo.WriteTx)
	members := map[string]bool{}
	for _, l := range held {
		for _, h := range holders {
			rec := acctLinkRecord{PK: guestPK(h), SK: acctLinkSK(l.AccountID, l.Origin), Kind: l.Kind, Role: l.Role, Since: acctStamp(l.Since), MergeID: mergeID}
			writes = append(writes, func(tx *dynamo.WriteTx) { tx.Put(s.table.Put(rec)) })
		}
		if k := l.AccountID + "#" + l.Origin; !members[k] {
			members[k] = true
			u := s.table.Update("pk", acctPK(l.AccountID)).Range("sk", acctMemberSK(l.Origin)).Set("ShownAs", shown)
			writes = append(writes, func(tx *dynamo.WriteTx) { tx.Update(u) })
		}
	}
	check := func() *dynamo.ConditionCheck {
		return s.table.Check("pk", guestPK(mergedID)).Range("sk", goldenSK).If("MergedInto = ?", survivorID)
	}
	if err := s.runChunked(ctx, check, writes); err != nil {
		if conflicted(err) {
			return 0, fmt.Errorf("show links of %s under %s: %w", mergedID, survivorID, ErrMergeUndone)
		}
		return 0, fmt.Errorf("show links of %s under %s: %w", mergedID, survivorID, err)
	}
	return len(held), nil
}

// Unmerge takes restoredID's links away from survivorID (and the guests survivorID was merged into since), and
// lists them under restoredID again, unless restoredID is merged into survivorID once more (a later merge holds:
// nothing changes). Doing it again changes nothing.
func (s *AccountStore) Unmerge(ctx context.Context, survivorID, restoredID string) (int, error) {
	held, err := s.Links(ctx, restoredID)
	if err != nil || len(held) == 0 {
		return 0, err
	}
	onward, _, err := s.chain(ctx, survivorID)
	if err != nil {
		return 0, err
	}
	own, _, err := s.chain(ctx, restoredID)
	if err != nil {
		return 0, err
	}
	shown := restoredID
	if len(own) > 0 {
		shown = own[len(own)-1]
	}
	var writes []func(*dynamo.WriteTx)
	members := map[string]bool{}
	for _, l := range held {
		for _, h := range append([]string{survivorID}, onward...) {
			d := s.table.Delete("pk", guestPK(h)).Range("sk", acctLinkSK(l.AccountID, l.Origin))
			writes = append(writes, func(tx *dynamo.WriteTx) { tx.Delete(d) })
		}
		if k := l.AccountID + "#" + l.Origin; !members[k] {
			members[k] = true
			u := s.table.Update("pk", acctPK(l.AccountID)).Range("sk", acctMemberSK(l.Origin)).Set("ShownAs", shown)
			writes = append(writes, func(tx *dynamo.WriteTx) { tx.Update(u) })
		}
	}
	check := func() *dynamo.ConditionCheck {
		return s.table.Check("pk", guestPK(restoredID)).Range("sk", goldenSK).If("attribute_not_exists(MergedInto) OR MergedInto <> ?", survivorID)
	}
	if err := s.runChunked(ctx, check, writes); err != nil {
		if conflicted(err) {
			return 0, nil // merged again since: the later merge's copies stay
		}
		return 0, fmt.Errorf("take links of %s from %s: %w", restoredID, survivorID, err)
	}
	return len(held), nil
}

// runChunked runs writes in transactions of at most maxTxItems items, each with the check.
func (s *AccountStore) runChunked(ctx context.Context, check func() *dynamo.ConditionCheck, writes []func(*dynamo.WriteTx)) error {
	for start := 0; start < len(writes); start += maxTxItems - 1 {
		tx := s.db.WriteTx().Check(check())
		for _, w := range writes[start:min(start+maxTxItems-1, len(writes))] {
			w(tx)
		}
		if err := tx.Run(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Forget erases a guest from every account (privacy): their links and the links shown under them are removed,
// with the names the member lists kept, and the stays filed for them lose the guest id. The accounts' histories
// keep the stays, nights and revenue. Doing it again finds nothing left.
func (s *AccountStore) Forget(ctx context.Context, guestID string) error {
	held, err := s.Links(ctx, guestID)
	if err != nil {
		return err
	}
	byAccount := map[string][]string{}
	for _, l := range held {
		byAccount[l.AccountID] = append(byAccount[l.AccountID], l.Origin)
	}
	for accountID, origins := range byAccount {
		for _, o := range origins {
			if err := s.anonymiseStays(ctx, accountID, o); err != nil {
				return err
			}
		}
		if err := s.removeLinks(ctx, guestID, accountID, origins); err != nil {
			return fmt.Errorf("forget %s: %w", guestID, err)
		}
	}
	return nil
}

// anonymiseStays blanks the guest id of the stays an account filed for a guest.
func (s *AccountStore) anonymiseStays(ctx context.Context, accountID, guestID string) error {
	var recs []acctStayRecord
	if err := s.table.Get("pk", acctPK(accountID)).Range("sk", dynamo.BeginsWith, "STAY#").Filter("GuestID = ?", guestID).All(ctx, &recs); err != nil {
		return fmt.Errorf("stays of %s in %s: %w", guestID, accountID, err)
	}
	for _, r := range recs {
		var st accounts.Stay
		if err := json.Unmarshal([]byte(r.Doc), &st); err != nil {
			return err
		}
		st.GuestID = ""
		doc, err := json.Marshal(st)
		if err != nil {
			return err
		}
		if err := s.table.Put(acctStayRecord{PK: r.PK, SK: r.SK, Doc: string(doc)}).Run(ctx); err != nil {
			return fmt.Errorf("anonymise stay in %s: %w", accountID, err)
		}
	}
	return nil
}
