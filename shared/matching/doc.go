// Package matching resolves guests incrementally, one message at a time: the core of the match function. Each
// ingested reservation, stay or POS check carries a guest snapshot from a source system; the matcher finds the
// golden guest it belongs to (or makes one), keeps that guest's golden record, and says which events to publish.
// It scores with shared/identity (the same normalisation, keys, Fellegi-Sunter model and chaining guards as the
// batch `hearth dedupe`) and reads and writes through the Store port; store.MatchStore is the DynamoDB adapter.
//
//	m, err := matching.New(matching.Options{Store: store.NewMatchStore(db), Erasure: matching.EraserCheck(eraser, region)})
//	res, err := m.Match(ctx, env) // publish res.Envelope (guest id set) and res.Events
//	res, err := m.Resolve(ctx, matching.Record{...}) // a source record with every identity field (imports, tests)
//	g, err := m.Guest(ctx, id) // a golden record; a merged id returns the survivor
//
// # Enough to identify
//
// A snapshot becomes (or finds) a guest when it carries a usable identifier — an email that is not a booking
// site's relay or a placeholder, a phone that is not a placeholder or the hotel's switchboard, a loyalty, card or
// document number — or when it has the source system's own guest id (sourceGuestId) and any other value, a name
// for instance: the source's record then anchors it, and its later messages find the same guest. A name without a
// source guest id, or nothing at all, is Unidentified: the envelope goes on without a guest id and nothing is
// written. A record with identifiers but no source guest id is named after them ("~" and a hash of the normalised
// email, phone, loyalty, card and document numbers), so its redelivery is still idempotent.
//
// # Lineage and idempotency
//
// Every source record (system + sourceGuestId) has a lineage naming its golden guest. A source record seen before
// resolves through its lineage without scoring: Known when its values are unchanged (or the message is older than
// the one applied), Updated when they changed (the golden record takes the new values and the new keys point to
// the guest; no merge is attempted). The lineage remembers the idempotency key of the last message that changed
// something and the events it emitted: the same message delivered again is Replayed, with the same guest id and
// byte-identical events (same envelope ids and idempotency keys), and writes nothing — so a publish that failed
// after the commit is retried, and consumers, which dedupe on idempotency keys, see each event once. The emitted
// events' idempotency keys are deterministic: match:profile:<guestId>:v<version> and
// match:merge:<survivorId>:<mergedIds>.
//
// # Matching a new source record
//
// The record's identity keys (identity's Model.Keys: email, phone, card, loyalty and document number, last name
// with date of birth or address, and the recall keys) are items pointing to guest ids; they are read in one round
// trip with the lineage, never scanned. A key pointing to MaxBlock guests or more is too common to say anything
// and is neither read nor extended. The guests the keys point to (at most MaxBatch, those sharing the most keys
// first) are read, merged ones followed to their survivor, and the record is scored against every stored member
// profile of each; a guest's verdict is its best pair. Then, strongest first, the record joins each guest with a
// merge pair (at or above Upper, no conflict) as long as the growing guest stays coherent: fewer than half of the
// cross pairs (up to 8 × 8 members) in conflict and a mean score of at least Lower — identity's guard against
// chaining, so that a household's landline, a family card or a corporate card cannot pull strangers together.
//
//   - Joined one guest: Linked. Joined several: Merged — they are one person; the oldest guest survives, the
//     others keep their record with MergedInto set (their ids redirect), their source records are relinked and
//     their keys moved to the survivor, a Merge record keeps the survivor's record from before (for Unmerge), and
//     Profiles Merged is emitted. Guests a person separated (KeptApart) are never joined again.
//   - Joined none: a new guest (Created). If some guest scored at least Lower (or had a merge pair in conflict, or
//     would not stay coherent), up to three review tasks are recorded for a person (Reviewing).
//
// A new or changed golden profile emits Guest Profile Upserted.
//
// # Golden records
//
// The golden record (Golden) is the matcher's own, not the console's schema-validated profile: every source record
// with the normalised profile it last sent (distinct profiles, up to MaxMembers, are kept for scoring), the keys
// pointing to the guest, and every name, email, phone, loyalty number and card hash seen, as written, with how
// often and when. Survivorship (Summary): the most frequent name, and the most recently seen email, phone and
// loyalty number.
//
// # Unmerge
//
// A person can undo a merge (Unmerge, POST /v1/guests/{id}/unmerge): the merged guest gets back its golden record
// as kept at the merge, its source records' lineages and its keys, and its id stops redirecting; the survivor
// loses them and the value counts they brought. What joined the survivor at or after the merge and is not the
// merged guest's own stays with the survivor: the record that linked them, later records, guests merged into it
// since. The merged guest's own records that sent new values since go back with them. The two are then kept
// apart. Profiles Unmerged is emitted (with Guest Profile Upserted for both); Guest 360 and loyalty follow it.
// Repeating an unmerge returns the same events; a survivor merged into another guest since is unmerged from it
// first. Merges(guestID) is the history the console shows.
//
// # Erasure
//
// Before anything is read, the Erasure port is asked whether the snapshot matches an erased identity
// (privacy.Eraser.IsErased through EraserCheck). If so, nothing is created or linked: the result is Erased, the
// envelope's guest personal fields are blanked and it has no guest id.
//
// # The model
//
// Weights are not estimated per message: DefaultModel is fitted once (model.json; see model.go for how to refit)
// with identity.EstimateModel over FEBRL 1 and 2 and generated hotel data, and a hotel group may fit its own.
// Model.Upper and Model.Lower are the group's thresholds. Term frequencies, which the batch estimates from the
// whole file, are not used one record at a time.
//
// # Incremental and batch
//
// On FEBRL 1 the matcher makes exactly the guests identity.Dedupe makes. Elsewhere the order of arrival can
// matter: batch joins the strongest pairs of the whole file first, the matcher joins records as they come, so an
// original with two duplicates that conflict with each other keeps the duplicate that arrived first rather than
// the stronger one. The tests list every such difference on the FEBRL files and bound them on hotel data.
//
// # Cost and concurrency
//
// A new source record costs four DynamoDB calls at most: the erasure check (when the snapshot has an email or a
// phone), one BatchGetItem for its lineage and keys, one for its candidates' golden records (when it has any) and
// one TransactWriteItems; a known source record two. Two things cost more, rarely: a key still pointing to a
// merged guest (a read to follow the redirect), and a merge too large for one transaction (its key moves are
// written afterwards; if the relinks alone do not fit, the record links to its best guest only). On a realistic
// stream (calls_test.go) it is 3.7 calls per new source record and 2.6 per message. Every
// write is conditioned on what was read (golden record and lineage versions, the key items' write counters), so
// two records of one new guest resolved at the same time cannot make two guests: the loser reads again and links.
package matching
