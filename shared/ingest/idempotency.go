package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Idempotency keys have the form
//
//	<source>/<kind>/<record id>/<status>/<stamp>
//
// where stamp says which version of the record the message carries: "s<n>" for a sender's sequence number (canonical
// "sequence", OTA SequenceNmbr), "e<token>" for an OTA EchoToken, "t<RFC 3339 UTC>" for the record's own modification
// or event time, "h<hash>" (a digest of the mapped event) when the sender gives none of these. A message sent twice
// carries the same stamp and so the same key; a modification carries a new one. A canonical sender may also name its
// own key, which becomes "<source>/<kind>/k/<key>". Every component is path-escaped, so a '/' inside a record id
// cannot forge another record's key.

func (in *Ingester) key(kind Kind, record, status, stamp string) string {
	var b strings.Builder
	b.Grow(len(in.src.ID) + len(kind) + len(record) + len(status) + len(stamp) + 8)
	b.WriteString(in.src.ID)
	for _, part := range [...]string{string(kind), record, status, stamp} {
		b.WriteByte('/')
		b.WriteString(escapeKeyPart(part))
	}
	return b.String()
}

// senderKey namespaces a key chosen by the sender under its source and kind.
func (in *Ingester) senderKey(kind Kind, k string) string {
	return in.src.ID + "/" + string(kind) + "/k/" + escapeKeyPart(k)
}

func escapeKeyPart(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return url.PathEscape(s)
		}
	}
	return s
}

func seqStamp(n int64) string { return "s" + strconv.FormatInt(n, 10) }

func timeStamp(t time.Time) string { return "t" + t.UTC().Format(time.RFC3339Nano) }

// group keys: see Event.GroupKey.
func (in *Ingester) reservationGroup(id string) string {
	return in.src.ID + "/res/" + escapeKeyPart(id)
}
func (in *Ingester) checkGroup(id string) string { return in.src.ID + "/check/" + escapeKeyPart(id) }
func (in *Ingester) guestGroup(id string) string { return in.src.ID + "/guest/" + escapeKeyPart(id) }

// event wraps a mapped detail in its envelope. stamp "" asks for a content hash. The envelope id is derived from
// the key and the time, not drawn at random, so a duplicate message yields the same envelope (only its source's
// archive key, which names the delivery, differs) and the queue and tables see one event however often it arrives.
func (in *Ingester) event(d events.Detail, kind Kind, record, status, stamp, group string, at time.Time, p *problems) (Event, bool) {
	if stamp == "" {
		data, err := json.Marshal(d)
		if err != nil {
			p.fail("", "cannot encode event: "+err.Error())
			return Event{}, false
		}
		sum := sha256.Sum256(data)
		stamp = "h" + hex.EncodeToString(sum[:12])
	}
	return in.eventWithKey(d, in.key(kind, record, status, stamp), group, at, p)
}

func (in *Ingester) eventWithKey(d events.Detail, key, group string, at time.Time, p *problems) (Event, bool) {
	in.nameArchive(d) // after the content hash: a message sent twice keeps one key
	env, err := events.New(d, events.Scope{BrandID: in.src.BrandID, PropertyID: in.src.PropertyID}, key, at)
	if err != nil {
		// The mapping validated everything events.New checks; reaching here is a bug, reported, not hidden.
		p.fail("", err.Error())
		return Event{}, false
	}
	env.ID = events.DerivedID(key, at)
	return Event{Envelope: env, GroupKey: group}, true
}

// nameArchive writes the archived message's key into the detail's source reference(s).
func (in *Ingester) nameArchive(d events.Detail) {
	if in.archive == "" {
		return
	}
	switch d := d.(type) {
	case *events.ReservationUpserted:
		d.Source.Archive = in.archive
	case *events.StayCheckedIn:
		d.Source.Archive = in.archive
	case *events.StayCheckedOut:
		d.Source.Archive = in.archive
	case *events.POSCheckClosed:
		d.Source.Archive = in.archive
	case *events.GuestProfileUpserted:
		for i := range d.Sources {
			d.Sources[i].Archive = in.archive
		}
	}
}
