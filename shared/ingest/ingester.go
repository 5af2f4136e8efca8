package ingest

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
	_ "time/tzdata" // property zones must resolve in Lambda images that ship no zoneinfo
)

// Source is one registered PMS or POS connection: where its facts belong and how its codes translate.
type Source struct {
	// ID is the connector id ("opera-eu-1"). It becomes SourceRef.System and prefixes every idempotency key and
	// group key, so two sources can never collide on a record id.
	ID         string
	BrandID    string
	PropertyID string
	// HotelCode, when set, is the OTA HotelCode this source must send: a message for another hotel is rejected
	// rather than filed under the wrong property.
	HotelCode string
	Mapping   Mapping
}

// Config builds an Ingester.
type Config struct {
	Source Source
	// CardKey keys the HMAC of card numbers: the same key matching and console search use (Secrets Manager in
	// AWS, an environment variable locally). At least 16 bytes.
	CardKey []byte
	// Now stamps messages that carry no time of their own. Nil means time.Now.
	Now func() time.Time
	// Archive is the key of the archived raw message being mapped; every event's source names it (see
	// events.SourceRef.Archive). Empty leaves it unset.
	Archive string
	// Logger receives one line per rejected message and per warning. Nil discards. Lines carry field paths and
	// scrubbed reasons only, never payload values.
	Logger *slog.Logger
}

// Ingester parses, validates and maps the messages of one source. It is safe for concurrent use.
type Ingester struct {
	src     Source
	archive string
	loc     *time.Location
	cards   cardHasher
	now     func() time.Time
	log     *slog.Logger
}

// ValidateSource says whether a source's registration and mapping are usable, as New would, without building an
// ingester (the API checks a registration before storing it, and links no parser for it).
func ValidateSource(src Source) error {
	_, err := checkSource(src, make([]byte, 16))
	return err
}

// checkSource validates a source and its card key, and loads the mapping's time zone.
func checkSource(src Source, cardKey []byte) (*time.Location, error) {
	var p problems
	switch {
	case src.ID == "":
		p.required("Source.ID")
	case strings.ContainsAny(src.ID, "/ \t\r\n"):
		p.fail("Source.ID", "must not contain '/' or whitespace (it prefixes idempotency keys)")
	}
	if src.PropertyID == "" {
		p.required("Source.PropertyID")
	}
	if len(cardKey) < 16 {
		p.fail("CardKey", "must be at least 16 bytes")
	}
	src.Mapping.validate(&p)
	loc := time.UTC
	if tz := src.Mapping.TimeZone; tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			p.fail("Mapping.TimeZone", fmt.Sprintf("%q is not an IANA time zone", tz))
		} else {
			loc = l
		}
	}
	if err := p.err(); err != nil {
		return nil, fmt.Errorf("ingest source %q: %w", src.ID, err)
	}
	return loc, nil
}

// New checks the configuration and returns an Ingester. Configuration errors are FieldErrors naming the setting.
func New(cfg Config) (*Ingester, error) {
	src := cfg.Source
	loc, err := checkSource(src, cfg.CardKey)
	if err != nil {
		return nil, err
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	key := append([]byte(nil), cfg.CardKey...)
	return &Ingester{src: src, archive: cfg.Archive, loc: loc, cards: cardHasher{key: key}, now: now, log: log.With("source", src.ID)}, nil
}

// Source returns the source this Ingester serves.
func (in *Ingester) Source() Source { return in.src }

// report logs the outcome of one message: rejections and warnings, never values.
func (in *Ingester) report(format, what string, warns []Warning, err error) {
	if err != nil {
		in.log.Info("ingest rejected", "format", format, "message", what, "error", err.Error())
	}
	for _, w := range warns {
		in.log.Warn("ingest warning", "format", format, "message", what, "field", w.Field, "code", w.Code, "reason", w.Reason)
	}
}
