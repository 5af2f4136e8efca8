package privacy

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/profile"
)

// ArchiveIndex says which archived raw PMS/POS messages concern which guests; the match function records each
// message under the guest it resolved.
type ArchiveIndex interface {
	// Objects lists the archive keys of a guest's messages.
	Objects(ctx context.Context, guestID string) ([]string, error)
	// Guests lists every guest an archived message concerns.
	Guests(ctx context.Context, key string) ([]string, error)
	// Remove forgets that a message concerns a guest.
	Remove(ctx context.Context, guestID, key string) error
}

// Blobs erases archived objects for good: in a versioned bucket an old version would keep what was erased.
type Blobs interface {
	// Rewrite replaces an object's body by edit(body) and deletes every other version of it; an absent object's
	// versions are deleted.
	Rewrite(ctx context.Context, bucket, key string, edit func([]byte) ([]byte, error)) error
	// Erase deletes an object and every version of it; an absent object is not an error.
	Erase(ctx context.Context, bucket, key string) error
}

type archive struct {
	index  ArchiveIndex
	blobs  Blobs
	bucket string
}

// WithArchive makes Erase remove the guest's raw archived messages too (bucket is the archive's topology name).
// Without it Erase fails: an erasure that skipped the archive would leave the guest's messages as received.
func (e *Eraser) WithArchive(index ArchiveIndex, blobs Blobs, bucket string) *Eraser {
	e.archive = &archive{index: index, blobs: blobs, bucket: bucket}
	return e
}

// eraseArchive removes the guest from every archived message the index ties to them. A message that concerns
// only this guest (one webhook, usually) is deleted with all its versions: redacting by value could never find
// everything a PMS sent about them (addresses, documents, its own profile id). A message that also concerns other
// guests (a CSV chunk, a batch) is rewritten with this guest's values redacted (see redaction) and its older
// versions deleted, so the other guests' records stay replayable. Each message leaves the index once done, so a
// retry after a failure picks up where this one stopped; the values to redact come from matching's and the
// journal's copies, which Erase forgets only after this step.
func (e *Eraser) eraseArchive(ctx context.Context, guestID string, r redaction) error {
	keys, err := e.archive.index.Objects(ctx, guestID)
	if err != nil {
		return err
	}
	for _, key := range keys {
		guests, err := e.archive.index.Guests(ctx, key)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(guests, func(g string) bool { return g != guestID }) {
			err = e.archive.blobs.Rewrite(ctx, e.archive.bucket, key, func(b []byte) ([]byte, error) { return r.apply(b), nil })
		} else {
			err = e.archive.blobs.Erase(ctx, e.archive.bucket, key)
		}
		if err != nil {
			return fmt.Errorf("archived message %s: %w", key, err)
		}
		if err := e.archive.index.Remove(ctx, guestID, key); err != nil {
			return err
		}
	}
	return nil
}

// snapshotIdentities returns the guest as each journalled PMS/POS message described them, so values the source
// wrote that matching did not keep are redacted too.
func snapshotIdentities(envs []events.Envelope) []profile.Profile {
	var out []profile.Profile
	for _, env := range envs {
		var d struct {
			Guest *events.GuestSnapshot `json:"guest"`
		}
		if json.Unmarshal(env.Data, &d) != nil || d.Guest == nil {
			continue
		}
		g := d.Guest
		p := profile.Profile{Name: profile.Name{First: g.FirstName, Last: g.LastName}}
		if g.Email != "" {
			p.Contacts = append(p.Contacts, profile.Contact{Type: "email", Value: g.Email})
		}
		if g.Phone != "" {
			p.Contacts = append(p.Contacts, profile.Contact{Type: "mobile", Value: g.Phone})
		}
		if g.LoyaltyNumber != "" {
			p.Loyalty = &profile.Loyalty{Number: g.LoyaltyNumber}
		}
		out = append(out, p)
	}
	return out
}
