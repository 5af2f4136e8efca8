package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/accounts"
	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

var acctAt = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func snapshotAccount(t *testing.T, s *store.AccountStore, kind, system string, snap events.AccountSnapshot) accounts.Account {
	t.Helper()
	a, keys := accounts.FromSnapshot(kind, system, snap, acctAt)
	if err := a.Normalise(); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindOrCreate(context.Background(), a, keys)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestAccountsAreFoundByTheirKeysOnce: the same PMS profile, delivered again or from another hotel by its IATA
// number, is one account; a second PMS's id for it is claimed for next time.
func TestAccountsAreFoundByTheirKeysOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := store.NewAccountStore(storetest.Open(t))
	lisbon := events.AccountSnapshot{SourceAccountID: "TA-77", Name: "Wanderlust Travel", IATA: "12345678", Codes: []events.AccountCode{{Context: "CRS", Value: "WL1"}}}
	a := snapshotAccount(t, s, "agency", "hh-lisbon-pms", lisbon)
	if again := snapshotAccount(t, s, "agency", "hh-lisbon-pms", lisbon); again.ID != a.ID || again.Version != 1 {
		t.Fatalf("again: %+v, first %+v", again, a)
	}
	london := snapshotAccount(t, s, "agency", "hh-london-pms", events.AccountSnapshot{SourceAccountID: "A-9", Name: "Wanderlust UK", IATA: "12345678"})
	if london.ID != a.ID || london.Name != "Wanderlust Travel" {
		t.Fatalf("by IATA from London: %+v", london)
	}
	// London's own id now finds it without the IATA number.
	if byID := snapshotAccount(t, s, "agency", "hh-london-pms", events.AccountSnapshot{SourceAccountID: "A-9", Name: "W"}); byID.ID != a.ID {
		t.Fatalf("by London's id: %s, want %s", byID.ID, a.ID)
	}
	// A CRS code another account already holds is not taken from it.
	other := snapshotAccount(t, s, "company", "hh-lisbon-pms", events.AccountSnapshot{SourceAccountID: "C-1", Name: "Acme", Codes: []events.AccountCode{{Context: "CRS", Value: "WL1"}}})
	if other.ID == a.ID || len(other.Codes) != 1 || other.Codes[0].Context != "hh-lisbon-pms" {
		t.Fatalf("other account: %+v", other)
	}
	if got, err := s.Get(ctx, a.ID); err != nil || !slices.Contains(got.Codes, accounts.Code{Context: "CRS", Value: "WL1"}) {
		t.Fatalf("get: %+v %v", got, err)
	}
	if _, err := s.Get(ctx, "AC-NONE"); !errors.Is(err, accounts.ErrUnknownAccount) {
		t.Fatalf("unknown: %v", err)
	}
}

// TestAnAccountWhoseCodesWereRemovedIsFoundAgain: a person removes the PMS's code from an account; the next message
// describing it finds the same account (and gives it the code back) instead of failing on its existing id.
func TestAnAccountWhoseCodesWereRemovedIsFoundAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := store.NewAccountStore(storetest.Open(t))
	snap := events.AccountSnapshot{SourceAccountID: "C-9", Name: "Acme"}
	a := snapshotAccount(t, s, "company", "hh-lisbon-pms", snap)
	edited := a
	edited.Codes = []accounts.Code{}
	if _, err := s.Save(ctx, &a, edited); err != nil {
		t.Fatal(err)
	}
	again := snapshotAccount(t, s, "company", "hh-lisbon-pms", snap)
	if again.ID != a.ID {
		t.Fatalf("found %s, want %s", again.ID, a.ID)
	}
	if third := snapshotAccount(t, s, "company", "hh-lisbon-pms", snap); third.ID != a.ID {
		t.Fatalf("then %s", third.ID)
	}
}

func TestAccountsAreSavedSearchedAndListed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := store.NewAccountStore(storetest.Open(t))
	save := func(old *accounts.Account, a accounts.Account) (accounts.Account, error) {
		t.Helper()
		if err := a.Normalise(); err != nil {
			t.Fatal(err)
		}
		return s.Save(ctx, old, a)
	}
	acme, err := save(nil, accounts.Account{ID: "acme", Kind: "company", Name: "Acme Logística", Codes: []accounts.Code{{Context: "CRS", Value: "ACME-01"}}})
	if err != nil || acme.Version != 1 {
		t.Fatalf("create: %+v %v", acme, err)
	}
	if _, err := save(nil, accounts.Account{ID: "acme", Kind: "company", Name: "Twice"}); !errors.Is(err, accounts.ErrConflict) {
		t.Fatalf("create twice: %v", err)
	}
	if _, err := save(nil, accounts.Account{ID: "copy", Kind: "company", Name: "Copycat", Codes: []accounts.Code{{Context: "CRS", Value: "ACME-01"}}}); !errors.Is(err, accounts.ErrCodeTaken) {
		t.Fatalf("taken code: %v", err)
	}
	if _, err := s.Get(ctx, "copy"); !errors.Is(err, accounts.ErrUnknownAccount) {
		t.Fatalf("a refused account was written: %v", err)
	}
	stale := acme
	renamed := acme
	renamed.Name, renamed.Codes = "Acme Logistics Group", nil
	if renamed, err = save(&acme, renamed); err != nil || renamed.Version != 2 {
		t.Fatalf("update: %+v %v", renamed, err)
	}
	if _, err := save(&stale, stale); !errors.Is(err, accounts.ErrConflict) {
		t.Fatalf("stale update: %v", err)
	}
	// The code it gave up is free again.
	if _, err := save(nil, accounts.Account{ID: "copy", Kind: "company", Name: "Copycat", Codes: []accounts.Code{{Context: "CRS", Value: "ACME-01"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := save(nil, accounts.Account{ID: "sousa", Kind: "household", Name: "Família Sousa"}); err != nil {
		t.Fatal(err)
	}
	search := func(q string) []string {
		t.Helper()
		found, err := s.Search(ctx, accounts.Fold(q))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, a := range found {
			ids = append(ids, a.ID)
		}
		return ids
	}
	for q, want := range map[string][]string{
		"LOGIST": {"acme"}, "acme": {"acme", "copy"}, "acme logistics g": {"acme"}, "famil": {"sousa"}, "familia sou": {"sousa"}, "acme-0": {"copy"}, "logísti": {"acme"}, "zz": nil,
	} {
		if got := search(q); !reflect.DeepEqual(got, want) {
			t.Errorf("search %q = %v, want %v", q, got, want)
		}
	}
	all, err := s.List(ctx, "")
	if err != nil || len(all) != 3 || all[0].ID != "acme" || all[2].ID != "sousa" {
		t.Fatalf("list: %+v %v", all, err)
	}
	if hh, err := s.List(ctx, "household"); err != nil || len(hh) != 1 {
		t.Fatalf("households: %+v %v", hh, err)
	}
}

func acctStay(key, guest string, room int64) accounts.Stay {
	return accounts.Stay{Key: key, GuestID: guest, PropertyID: "hh-lisbon", Reference: key, Arrival: "2026-04-01", Departure: "2026-04-03", Nights: 2,
		Revenue: map[string]int64{"room": room}, Currency: "EUR"}
}

type linkView struct {
	links   map[string][]string // holder → account/origin/role
	members []accounts.Member
}

func viewLinks(t *testing.T, s *store.AccountStore, accountID string, guests ...string) linkView {
	t.Helper()
	v := linkView{links: map[string][]string{}}
	for _, g := range guests {
		held, err := s.Links(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range held {
			v.links[g] = append(v.links[g], fmt.Sprintf("%s/%s/%s", l.AccountID, l.Origin, l.Role))
		}
		slices.Sort(v.links[g])
	}
	m, err := s.Members(context.Background(), accountID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m {
		slices.Sort(m[i].Origins)
		slices.Sort(m[i].Properties)
	}
	slices.SortFunc(m, func(a, b accounts.Member) int { return cmpStr(a.GuestID, b.GuestID) })
	v.members = m
	return v
}

func cmpStr(a, b string) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// TestAccountStaysCountOnceAndLinksFollowMerges: a stay filed twice counts once and links its guest once; a merge
// shows the merged guest's link under the survivor and lists the survivor once in the account; a stay of the
// merged guest arriving after the merge shows under the survivor too; undoing the merge gives each guest exactly
// its links again.
func TestAccountStaysCountOnceAndLinksFollowMerges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	s := store.NewAccountStore(db)
	acme := snapshotAccount(t, s, "company", "hh-lisbon-pms", events.AccountSnapshot{SourceAccountID: "C-1", Name: "Acme"})
	file := func(key, guest string, room int64) bool {
		t.Helper()
		fresh, err := s.AddStay(ctx, acme, acctStay(key, guest, room), &accounts.StayGuest{ID: guest, Name: "Guest " + guest, Role: "traveller", PropertyID: "hh-lisbon", At: acctAt})
		if err != nil {
			t.Fatal(err)
		}
		return fresh
	}
	if !file("a1", "A", 100) || !file("b1", "B", 200) || file("b1", "B", 200) {
		t.Fatal("a stay was not new the first time, or new the second")
	}
	if fresh, err := s.AddStay(ctx, acme, acctStay("u1", "", 50), nil); err != nil || !fresh {
		t.Fatalf("unmatched stay: %v %v", fresh, err)
	}
	stays, err := s.Stays(ctx, acme.ID)
	if err != nil || len(stays) != 3 {
		t.Fatalf("stays: %v %v", stays, err)
	}
	before := viewLinks(t, s, acme.ID, "A", "B")
	if len(before.members) != 2 || before.members[1].Name != "Guest B" || !before.members[1].Since.Equal(acctAt) {
		t.Fatalf("members before: %+v", before.members)
	}

	matches := store.NewMatchStore(db)
	commit := func(gs ...matching.Golden) {
		t.Helper()
		if err := matches.Commit(ctx, matching.Change{Goldens: gs}); err != nil {
			t.Fatal(err)
		}
	}
	golden := func(id string, version int, into string) matching.Golden {
		return matching.Golden{GuestID: id, Version: version, CreatedAt: acctAt, MergedInto: into, MergeID: "M-" + into}
	}
	if _, err := s.Merge(ctx, "A", "B", "M1"); !errors.Is(err, store.ErrMergeUndone) {
		t.Fatalf("merge before matching merged them: %v", err)
	}
	commit(golden("A", 1, ""), golden("B", 1, "A"))
	for range 2 {
		if _, err := s.Merge(ctx, "A", "B", "M1"); err != nil {
			t.Fatal(err)
		}
	}
	merged := viewLinks(t, s, acme.ID, "A", "B")
	if !reflect.DeepEqual(merged.links["A"], []string{acme.ID + "/A/traveller", acme.ID + "/B/traveller"}) {
		t.Fatalf("survivor's links: %v", merged.links)
	}
	if len(merged.members) != 1 || merged.members[0].GuestID != "A" || !reflect.DeepEqual(merged.members[0].Origins, []string{"A", "B"}) || merged.members[0].Name != "Guest A" {
		t.Fatalf("members after the merge: %+v", merged.members)
	}
	// A late stay of B after the merge: filed for B, shown under A.
	if !file("b2", "B", 300) {
		t.Fatal("late stay not new")
	}
	if got := viewLinks(t, s, acme.ID, "A"); len(got.members) != 1 || len(got.links["A"]) != 2 {
		t.Fatalf("after a late stay: %+v", got)
	}
	// Still merged: an unmerge delivered ahead of its time (a later merge holds) changes nothing.
	if _, err := s.Unmerge(ctx, "A", "B"); err != nil {
		t.Fatal(err)
	}
	if got := viewLinks(t, s, acme.ID, "A"); len(got.members) != 1 {
		t.Fatalf("unmerge while merged: %+v", got)
	}
	commit(golden("B", 2, ""))
	for range 2 {
		if _, err := s.Unmerge(ctx, "A", "B"); err != nil {
			t.Fatal(err)
		}
	}
	if after := viewLinks(t, s, acme.ID, "A", "B"); !reflect.DeepEqual(after, before) {
		t.Fatalf("after the unmerge:\n%+v\nwant\n%+v", after, before)
	}
	// A merge delivered after its unmerge changes nothing.
	if _, err := s.Merge(ctx, "A", "B", "M1"); !errors.Is(err, store.ErrMergeUndone) {
		t.Fatalf("late merge: %v", err)
	}
	if after := viewLinks(t, s, acme.ID, "A", "B"); !reflect.DeepEqual(after, before) {
		t.Fatalf("after a late merge: %+v", after)
	}
}

// TestLinksByHandAndUnlinkAndForget: a link by hand sets the role (a stay later keeps it); unlinking removes the
// link and the member; erasure removes the guest's links and name from the account and the guest id from its
// stays, keeping its figures.
func TestLinksByHandAndUnlinkAndForget(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := store.NewAccountStore(storetest.Open(t))
	acme := snapshotAccount(t, s, "company", "hh-lisbon-pms", events.AccountSnapshot{SourceAccountID: "C-1", Name: "Acme"})
	if err := s.Link(ctx, "G", acme, "booker", "Gil", []string{"hh-london"}, acctAt); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddStay(ctx, acme, acctStay("g1", "G", 500), &accounts.StayGuest{ID: "G", Name: "Gil Vaz", Role: "traveller", PropertyID: "hh-lisbon", At: acctAt.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	v := viewLinks(t, s, acme.ID, "G")
	if m := v.members[0]; m.Role != "booker" || m.Name != "Gil Vaz" || !m.Since.Equal(acctAt) || !reflect.DeepEqual(m.Properties, []string{"hh-lisbon", "hh-london"}) {
		t.Fatalf("member: %+v", m)
	}
	if err := s.Unlink(ctx, "G", acme.ID); err != nil {
		t.Fatal(err)
	}
	if v := viewLinks(t, s, acme.ID, "G"); len(v.links["G"]) != 0 || len(v.members) != 0 {
		t.Fatalf("after unlink: %+v", v)
	}
	if err := s.Unlink(ctx, "G", acme.ID); !errors.Is(err, accounts.ErrNotLinked) {
		t.Fatalf("unlink twice: %v", err)
	}

	if err := s.Link(ctx, "H", acme, "traveller", "Helena Sá", nil, acctAt); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddStay(ctx, acme, acctStay("h1", "H", 700), &accounts.StayGuest{ID: "H", Role: "traveller", At: acctAt}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := s.Forget(ctx, "H"); err != nil {
			t.Fatal(err)
		}
	}
	if v := viewLinks(t, s, acme.ID, "H"); len(v.links["H"]) != 0 || len(v.members) != 0 {
		t.Fatalf("after erasure: %+v", v)
	}
	stays, err := s.Stays(ctx, acme.ID)
	if err != nil {
		t.Fatal(err)
	}
	total := int64(0)
	for _, st := range stays {
		if st.GuestID == "H" {
			t.Fatalf("an erased guest's id is kept: %+v", st)
		}
		total += st.Total()
	}
	if len(stays) != 2 || total != 1200 {
		t.Fatalf("history after erasure: %+v", stays)
	}
}
