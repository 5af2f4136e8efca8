package ingest

import "github.com/hearthcrm/hearth/events"

// Result is what one accepted message produced.
type Result struct {
	Events   []Event   `json:"events"`
	Warnings []Warning `json:"warnings,omitempty"`
}

// Event is one canonical envelope ready for the FIFO queue.
type Event struct {
	Envelope events.Envelope `json:"envelope"`
	// GroupKey is the FIFO message group: "<source>/res/<reservation>" for reservations, stays and checks charged to
	// a room, "<source>/check/<id>" for other checks, "<source>/guest/<id>" for profiles. One reservation's events
	// therefore stay in order while different reservations proceed in parallel.
	GroupKey string `json:"groupKey"`
}

// Warning flags something the message was accepted despite: a code the source mapping does not know (kept as sent,
// or filed under "other" for revenue), a value normalisation could not use, an amount rounded to the currency's
// minor unit, a message ignored on purpose. Warnings feed data-quality reports; they are never silent drops.
type Warning struct {
	Field  string `json:"field"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// Warning codes.
const (
	// WarnUnknownCode: a room type, rate plan, market, source or revenue code missing from the source's mapping.
	WarnUnknownCode = "unknown_code"
	// WarnDropped: a value (email, phone, country, language, card) that could not be normalised and was left out.
	WarnDropped = "dropped"
	// WarnRounded: an amount had more decimals than its currency and was rounded half-even.
	WarnRounded = "rounded"
	// WarnIgnored: a message or record deliberately produced no event (e.g. OTA Initiate, status Checked out).
	WarnIgnored = "ignored"
	// WarnInconsistent: the sender's own figures disagree (nights vs dates, several room types) and Hearth chose.
	WarnInconsistent = "inconsistent"
)
