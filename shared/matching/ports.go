package matching

import (
	"context"
	"errors"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Store keeps what incremental matching needs between messages: the identity keys that point to guests, the
// lineage of every source record, the golden records and the review tasks. store.MatchStore is the DynamoDB
// adapter; matchingtest.Memory keeps them in memory.
type Store interface {
	// Lookup returns, in one round trip, the lineage of src (nil when the source record is new) and the guests
	// each of keys points to (keys pointing to no guest are absent).
	Lookup(ctx context.Context, src events.SourceRef, keys []string) (Lookup, error)
	// Goldens returns the golden records of ids, merged ones (redirects) included and unknown ids left out, in one
	// round trip for up to MaxBatch ids.
	Goldens(ctx context.Context, ids []string) (map[string]Golden, error)
	// Commit applies c's atomic part all or nothing, then its Deferred links. It returns ErrConflict, with nothing
	// written, when another writer moved first: a golden record, lineage, merge or checked key item is not at the
	// version c expects, or a relinked lineage no longer points where c expects.
	Commit(ctx context.Context, c Change) error
	// Merges returns the merges a guest survived, in the order they happened (one round trip).
	Merges(ctx context.Context, survivorID string) ([]Merge, error)
	// Review returns the review task of a guest against a candidate, or ErrReviewNotFound.
	Review(ctx context.Context, guestID, candidateID string) (Review, error)
}

// Erasure says whether a guest snapshot matches an identity erased under the right to erasure: such a guest must
// not be re-created or linked. The lead backs it with privacy.Eraser.IsErased (see EraserCheck).
type Erasure interface {
	Erased(ctx context.Context, s events.GuestSnapshot) (bool, error)
}

// ErasureFunc adapts a function to Erasure.
type ErasureFunc func(ctx context.Context, s events.GuestSnapshot) (bool, error)

// Erased implements Erasure.
func (f ErasureFunc) Erased(ctx context.Context, s events.GuestSnapshot) (bool, error) {
	return f(ctx, s)
}

// ErrConflict is returned by Store.Commit when a condition failed; the matcher reads again and retries.
var ErrConflict = errors.New("matching: concurrent change")

// MaxBatch is how many items one Goldens or Lookup round trip reads, and MaxChange how many items one atomic
// Commit writes (DynamoDB's BatchGetItem and TransactWriteItems limits).
const (
	MaxBatch  = 100
	MaxChange = 100
)

// Lookup is what Store.Lookup read.
type Lookup struct {
	Lineage *Lineage
	// Keys holds each key item that exists.
	Keys map[string]KeyItem
}

// KeyItem is an identity key's item: the guests it points to, sorted, and how many times it was written.
type KeyItem struct {
	Guests  []string
	Version int
}

// Lineage says which golden guest a source record belongs to, and what its last delivery did, so that the same
// source record always resolves to the same guest and a redelivered message replays its outcome.
type Lineage struct {
	Source  events.SourceRef
	GuestID string
	// Version counts the writes of the lineage: 1 creates it (it must not exist), n > 1 replaces version n-1.
	Version int
	// Fingerprint identifies the normalised profile last applied (see Fields.Fingerprint).
	Fingerprint string
	// At is the time of the newest message applied; an older message does not change the profile.
	At time.Time
	// Message is the idempotency key of the last message that changed something, and Events what it emitted.
	Message string
	Events  []events.Envelope
	// Older are the keys of messages older than At that arrived late and added their values (at most
	// MaxOlderMessages, newest last), so a late message counts once however often it is redelivered.
	Older []string `json:"older,omitempty"`
}

// MaxOlderMessages bounds Lineage.Older.
const MaxOlderMessages = 100

// Relink moves a lineage from a merged guest to the survivor, if it still points to From.
type Relink struct {
	Source   events.SourceRef
	From, To string
}

// Link edits one key item: the guests in Add start, and those in Remove stop, being pointed to by Key. Every edit
// counts one more version. A checked link applies only if the item is still at Version (0: it does not exist or
// was never counted), so that two records of one new guest resolved at the same time cannot both miss each other
// and create two guests.
type Link struct {
	Key         string
	Add, Remove []string
	Check       bool
	Version     int
}

// Change is what one resolution writes.
type Change struct {
	// Goldens are written if the stored version is Version-1 (Version 1: the record must not exist).
	Goldens  []Golden
	Lineages []Lineage
	Relinks  []Relink
	Links    []Link
	// Merges are written like golden records: if the stored version is Version-1.
	Merges []Merge
	// Reviews are put as they are; a decided one only if the stored one is still open (else ErrConflict).
	Reviews []Review
	// Deferred links are applied after the atomic part, in as many round trips as they need. They only move keys
	// from merged guests to the survivor; if they are lost, readers follow the merged guests' redirects instead.
	Deferred []Link
}

// Size is the number of items the atomic part of c writes.
func (c Change) Size() int {
	return len(c.Goldens) + len(c.Lineages) + len(c.Relinks) + len(c.Links) + len(c.Reviews) + len(c.Merges)
}

// Review is a task for a person: a source record scored between the thresholds against an existing guest (or
// above the upper one but with a conflict, or a join that would make an incoherent guest), so it became a new
// guest that may be the candidate.
type Review struct {
	GuestID     string           `json:"guestId"`     // the new guest
	CandidateID string           `json:"candidateId"` // the existing guest it may be
	Source      events.SourceRef `json:"source"`
	Score       float64          `json:"score"` // log2 odds of the best pair
	Reason      string           `json:"reason"`
	Explanation string           `json:"explanation"` // identity.Score.String() of the best pair
	At          time.Time        `json:"at"`
	// Fields are the best pair's field agreements, strongest evidence first; Scope is where the record came from.
	Fields []ReviewField `json:"fields,omitempty"`
	Scope  events.Scope  `json:"scope,omitzero"`
	// Status is empty or ReviewOpen until a person decides (DecideReview), then ReviewMerged or ReviewKeptApart.
	Status    string    `json:"status,omitempty"`
	DecidedBy string    `json:"decidedBy,omitempty"`
	DecidedAt time.Time `json:"decidedAt,omitzero"`
	Comment   string    `json:"comment,omitempty"`
	MergeID   string    `json:"mergeId,omitempty"`
	// Events are what the decision emitted, returned again when it is repeated.
	Events []events.Envelope `json:"events,omitempty"`
}
