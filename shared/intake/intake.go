// Package intake is the ingest function: it authenticates a PMS or POS message by its source's HMAC signature,
// writes the (card-redacted) raw payload to the archive before anything else, maps it to canonical events and puts
// them on the FIFO queue grouped by reservation or guest, so each guest's events stay in order. Only then is the
// call acknowledged.
package intake

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/ingest"
)

// Registration is a PMS or POS source as Hearth knows it: its mapping and the secrets it signs with.
type Registration struct {
	ingest.Source
	Secrets  []Secret `json:"secrets"` // up to two are valid at once, so a secret can rotate without downtime
	Disabled bool     `json:"disabled,omitempty"`
}

// Secret is one signing secret of a source.
type Secret struct {
	ID        string    `json:"id"`
	Value     string    `json:"value"`
	CreatedAt time.Time `json:"createdAt"`
}

// Message is one canonical event ready for the FIFO queue.
type Message struct {
	Body    []byte
	Group   string // FIFO message group
	DedupID string // FIFO deduplication id (≤ 128 characters)
}

// Ports.
type (
	// Sources finds a registration.
	Sources interface {
		Source(ctx context.Context, id string) (Registration, error)
	}
	// Archive writes the raw payload.
	Archive interface {
		Put(ctx context.Context, bucket, key string, body []byte, contentType string) error
	}
	// Queue enqueues messages on the ingest FIFO queue.
	Queue interface {
		Enqueue(ctx context.Context, msgs []Message) error
	}
	// Replays remembers recent deliveries: Seen reports a signature already used (until it goes stale), and
	// ArchivedAs returns the archive key a message (by digest) was first given until a time, claiming key for it
	// if it has none.
	Replays interface {
		Seen(ctx context.Context, signature string, until time.Time) (bool, error)
		ArchivedAs(ctx context.Context, digest, key string, now, until time.Time) (string, error)
	}
)

// Errors the HTTP edge maps.
var (
	ErrUnknownSource = errors.New("unknown source")
	ErrSignature     = errors.New("bad signature")
	ErrStale         = errors.New("stale signature")
	ErrReplay        = errors.New("replayed signature")
)

// MaxSkew is how far a signature's timestamp may be from now.
const MaxSkew = 5 * time.Minute

// Service receives messages.
type Service struct {
	sources Sources
	archive Archive
	queue   Queue
	replays Replays
	cardKey []byte
	bucket  string
	now     func() time.Time
	health  Health
	uploads *UploadConfig
}

// Health counts received messages per source (sync health); recording is best effort.
type Health interface {
	Received(ctx context.Context, source string, at time.Time, accepted bool) error
}

// WithHealth makes the service count each authenticated message.
func (s *Service) WithHealth(h Health) *Service {
	s.health = h
	return s
}

func (s *Service) count(ctx context.Context, source string, accepted bool) {
	if s.health != nil {
		_ = s.health.Received(ctx, source, s.now(), accepted) // a lost count must not fail the delivery
	}
}

// NewService returns the intake service; bucket is the archive bucket's topology name.
func NewService(s Sources, a Archive, q Queue, r Replays, cardKey []byte, bucket string, now func() time.Time) *Service {
	return &Service{sources: s, archive: a, queue: q, replays: r, cardKey: cardKey, bucket: bucket, now: now}
}

// Request is one received message.
type Request struct {
	SourceID  string
	Kind      string // canonical JSON kind; empty for OTA XML
	Timestamp string // X-Hearth-Timestamp: Unix seconds
	Signature string // X-Hearth-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
	Body      []byte
	// Read marks a request that changes nothing (an upload's status): its signature covers the request target
	// instead of a body, and may be presented again until it goes stale, as a poll repeats.
	Read bool
}

// Outcome is what to answer.
type Outcome struct {
	Accepted int              `json:"accepted"`
	Warnings []ingest.Warning `json:"warnings,omitempty"`
	Archived string           `json:"archived"`
	OTAReply []byte           `json:"-"` // set for OTA messages, success or error
}

// Receive authenticates, archives, maps and enqueues one message. Errors wrap ErrUnknownSource, ErrSignature,
// ErrStale, ErrReplay or ingest.ErrInvalid (with the fields at fault); any other error is transient and the sender
// should retry (the archive and the queue's deduplication make a retry harmless).
func (s *Service) Receive(ctx context.Context, req Request) (Outcome, error) {
	reg, err := s.sources.Source(ctx, req.SourceID)
	if err != nil {
		return Outcome{}, err
	}
	if reg.Disabled {
		return Outcome{}, fmt.Errorf("%w: %s is disabled", ErrUnknownSource, req.SourceID)
	}
	if err := s.authenticate(ctx, reg, req); err != nil {
		return Outcome{}, err
	}
	now := s.now().UTC()
	// The file name keeps the route's kind, so `hearth replay` can send an archived message back the same way.
	ext := req.Kind + ".json"
	if req.Kind == "" {
		ext = "xml"
	}
	key := fmt.Sprintf("raw/%s/%s/%s.%s", reg.ID, now.Format("2006/01/02"), events.NewID(now), ext)
	key, err = s.archiveKey(ctx, reg.ID, req.Kind, req.Body, key)
	if err != nil {
		return Outcome{}, err
	}
	in, err := ingest.New(ingest.Config{Source: reg.Source, CardKey: s.cardKey, Now: s.now, Archive: key})
	if err != nil {
		return Outcome{}, fmt.Errorf("source %s is misconfigured: %w", reg.ID, err)
	}
	if err := s.archive.Put(ctx, s.bucket, key, ingest.Redact(req.Body), "application/"+ext[strings.LastIndex(ext, ".")+1:]); err != nil {
		return Outcome{}, fmt.Errorf("archive %s: %w", key, err)
	}
	out := Outcome{Archived: key}
	var res ingest.Result
	var msg *ingest.OTAMessage
	if req.Kind == "" {
		if msg, err = ingest.DecodeOTA(req.Body); err == nil {
			res, err = in.MapOTA(msg)
		}
	} else {
		var kind ingest.Kind
		if kind, err = ingest.ParseKind(req.Kind); err == nil {
			res, err = in.Canonical(kind, req.Body)
		}
	}
	if err == nil {
		err = s.enqueue(ctx, res)
	}
	s.count(ctx, reg.ID, err == nil)
	if msg != nil {
		out.OTAReply = msg.Reply(res, err) // OTA senders get an RS message, success or errors
	}
	out.Accepted, out.Warnings = len(res.Events), res.Warnings
	return out, err
}

// ReuseArchive is how long a message sent again keeps the archive key of its first delivery: longer than SQS FIFO's
// five-minute deduplication window, so that a resend the queue drops leaves no second archived copy that matching
// never saw (and so never indexed under its guest for erasure).
const ReuseArchive = 15 * time.Minute

// archiveKey returns key, or the key the same message got on a delivery within ReuseArchive (writing the same
// bytes there again is harmless, and repairs a first delivery whose archive write failed).
func (s *Service) archiveKey(ctx context.Context, source, route string, body []byte, key string) (string, error) {
	sum := sha256.New()
	for _, part := range []string{source, route, string(body)} {
		sum.Write([]byte(part))
		sum.Write([]byte{0})
	}
	now := s.now()
	key, err := s.replays.ArchivedAs(ctx, hex.EncodeToString(sum.Sum(nil)), key, now, now.Add(ReuseArchive))
	if err != nil {
		return "", fmt.Errorf("archive key: %w", err)
	}
	return key, nil
}

func (s *Service) enqueue(ctx context.Context, res ingest.Result) error {
	msgs := make([]Message, 0, len(res.Events))
	for _, ev := range res.Events {
		body, err := json.Marshal(ev.Envelope)
		if err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(ev.Envelope.IdempotencyKey))
		msgs = append(msgs, Message{Body: body, Group: ev.GroupKey, DedupID: hex.EncodeToString(sum[:])})
	}
	if len(msgs) == 0 {
		return nil
	}
	return s.queue.Enqueue(ctx, msgs)
}

// authenticate checks the signature against each current secret, its age, and that it was not used before.
func (s *Service) authenticate(ctx context.Context, reg Registration, req Request) error {
	ts, err := strconv.ParseInt(req.Timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: X-Hearth-Timestamp must be Unix seconds", ErrSignature)
	}
	at := time.Unix(ts, 0)
	if d := s.now().Sub(at); d > MaxSkew || d < -MaxSkew {
		return fmt.Errorf("%w: signed %s ago", ErrStale, d.Round(time.Second))
	}
	given, ok := strings.CutPrefix(req.Signature, "v1=")
	mac, err := hex.DecodeString(given)
	if !ok || err != nil {
		return fmt.Errorf("%w: X-Hearth-Signature must be v1=<hex HMAC-SHA256>", ErrSignature)
	}
	valid := false
	for _, sec := range reg.Secrets {
		if hmac.Equal(mac, Sign([]byte(sec.Value), req.Timestamp, req.Body)) {
			valid = true
		}
	}
	if !valid {
		return fmt.Errorf("%w: no current secret of %s matches", ErrSignature, reg.ID)
	}
	if req.Read {
		return nil
	}
	seen, err := s.replays.Seen(ctx, hex.EncodeToString(mac), at.Add(2*MaxSkew))
	if err != nil {
		return err
	}
	if seen {
		return fmt.Errorf("%w: this signature was already used; sign each delivery anew", ErrReplay)
	}
	return nil
}

// Sign computes a signature: HMAC-SHA256 over the timestamp, a dot and the body. Senders do the same.
func Sign(secret []byte, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(timestamp))
	m.Write([]byte("."))
	m.Write(body)
	return m.Sum(nil)
}
