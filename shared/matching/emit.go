package matching

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Idempotency keys of the events the matcher emits. They are deterministic, so that an event emitted twice (a
// message redelivered after its events were published) is the same event to every consumer:
//
//	Guest Profile Upserted: match:profile:<guestId>:v<golden version>
//	Profiles Merged:        match:merge:<survivorId>:<merged ids, sorted, comma-separated>
//	                        (reviewed merges add :reviewed:v<survivor version>: people may merge a pair again)
//	Profiles Unmerged:      match:unmerge:<mergeId>:<restored guest id>
//
// Envelope ids are ULIDs whose random part is derived from the idempotency key, and merge ids are the merge
// event's envelope id.
func profileKey(guestID string, version int) string {
	return fmt.Sprintf("match:profile:%s:v%d", guestID, version)
}

func mergeKey(survivor string, merged []string) string {
	ids := slices.Clone(merged)
	slices.Sort(ids)
	return "match:merge:" + survivor + ":" + strings.Join(ids, ",")
}

func unmergeKey(mergeID, restoredID string) string {
	return "match:unmerge:" + mergeID + ":" + restoredID
}

// profileEvent says g's golden profile changed.
func profileEvent(g *Golden, scope events.Scope, at time.Time) (events.Envelope, error) {
	s := g.Summary()
	d := events.GuestProfileUpserted{
		FirstName: s.FirstName, LastName: s.LastName, Email: s.Email, Phone: s.Phone,
		LoyaltyNumber: s.LoyaltyNumber, Sources: s.Sources,
	}
	scope.GuestID = g.GuestID
	return newEvent(d, scope, profileKey(g.GuestID, g.Version), at)
}

// mergeEvent says merged were merged into survivor on a pair that scored score.
func mergeEvent(survivor string, merged []string, score float64, scope events.Scope, at time.Time, kind mergeKind) (events.Envelope, error) {
	key := mergeKey(survivor, merged) + kind.suffix
	d := events.ProfilesMerged{
		MergeID: events.DerivedID(key, at), SurvivorID: survivor, MergedIDs: slices.Sorted(slices.Values(merged)),
		Score: roundScore(score), Decision: kind.decision,
	}
	scope.GuestID = survivor
	return newEvent(d, scope, key, at)
}

func newEvent(d events.Detail, scope events.Scope, key string, at time.Time) (events.Envelope, error) {
	env, err := events.New(d, scope, key, at)
	if err != nil {
		return events.Envelope{}, err
	}
	env.ID = events.DerivedID(key, at)
	return env, nil
}

// roundScore keeps two decimals: enough to explain, and stable across platforms.
func roundScore(s float64) float64 { return math.Round(s*100) / 100 }
