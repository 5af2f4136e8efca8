package rewards_test

import (
	"context"
	"testing"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/ledger"
	"github.com/hearthcrm/hearth/shared/rewards"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/storetest"
)

// TestMergedMembersKeepTheHigherTierAndCombineActivity: two members short of silver on their own (6 and 9 nights)
// qualify together once merged; the unmerge gives each its own tier back. A member given gold by hand lends it to
// the survivor of a merge, and takes it away again when the merge is undone. Every event is delivered twice.
func TestMergedMembersKeepTheHigherTierAndCombineActivity(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	clk := &clock{t: now}
	bus := &captureBus{seen: map[string]events.Envelope{}}
	rw, err := rewards.NewService(rewards.DemoProgramme(), store.NewMemberStore(db), ledger.NewService(store.NewLedgerStore(db), clk.now), bus, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	handle := func(env events.Envelope) {
		t.Helper()
		for range 2 {
			if err := rw.Handle(ctx, env); err != nil {
				t.Fatal(err)
			}
		}
	}
	tier := func(guest string) string {
		t.Helper()
		m, _, err := rw.Member(ctx, guest)
		if err != nil {
			t.Fatal(err)
		}
		return m.Tier
	}
	for _, g := range []string{"A", "B"} {
		if _, err := rw.Enrol(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	stays := func(guest string, count int) {
		for range count {
			n++
			handle(stayOut(t, guest, n, now.AddDate(0, 0, -30+n*3)))
		}
	}
	stays("A", 2) // 6 nights
	stays("B", 3) // 9 nights
	if tier("A") != "member" || tier("B") != "member" {
		t.Fatalf("before: %s / %s", tier("A"), tier("B"))
	}

	handle(mergeEvent(t, "M1", "A", "B"))
	if tier("A") != "silver" {
		t.Fatalf("15 nights together: the survivor is %s, want silver", tier("A"))
	}
	m, _, _ := rw.Member(ctx, "A")
	if st, err := rw.Tier(ctx, m); err != nil || st.Progress.Have.Nights != 15 {
		t.Fatalf("progress counts both members' nights: %+v %v", st.Progress, err)
	}
	handle(unmergeEvent(t, "M1", "A", "B"))
	if tier("A") != "member" || tier("B") != "member" {
		t.Fatalf("after the unmerge: %s / %s", tier("A"), tier("B"))
	}

	if err := rw.OverrideTier(ctx, "B", "gold", "approval/1", now); err != nil {
		t.Fatal(err)
	}
	handle(mergeEvent(t, "M2", "A", "B"))
	if tier("A") != "gold" {
		t.Fatalf("merged with a gold member: the survivor is %s", tier("A"))
	}
	handle(unmergeEvent(t, "M2", "A", "B"))
	if tier("A") != "member" || tier("B") != "gold" {
		t.Fatalf("after the second unmerge: %s / %s", tier("A"), tier("B"))
	}
	reasons := map[string]int{}
	for _, ch := range bus.tierChanges() {
		reasons[ch.Reason+" "+ch.From+"→"+ch.To]++
	}
	want := map[string]int{"qualified member→silver": 1, "unmerge silver→member": 1, "manual member→gold": 1, "merge member→gold": 1, "unmerge gold→member": 1}
	for k, v := range want {
		if reasons[k] != v {
			t.Errorf("tier changes %v, want %v", reasons, want)
			break
		}
	}
}
