package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/events"
)

// Canonical parses one canonical JSON message of the given kind (the route says which), validates it and maps it to
// its event. Decoding is strict: unknown fields, trailing data and wrong types are FieldErrors. On error the Result
// still carries the warnings found so far.
func (in *Ingester) Canonical(kind Kind, body []byte) (Result, error) {
	var p problems
	ev, ok := in.canonical(kind, body, &p)
	in.report("json", string(kind), p.warns, p.err())
	if !ok || len(p.errs) > 0 {
		if len(p.errs) == 0 {
			p.fail("", "message produced no event")
		}
		return Result{Warnings: p.warns}, p.errs
	}
	return Result{Events: []Event{ev}, Warnings: p.warns}, nil
}

func (in *Ingester) canonical(kind Kind, body []byte, p *problems) (Event, bool) {
	switch kind {
	case KindReservation:
		var r ReservationRequest
		if decodeStrict(body, &r, p) {
			return in.mapReservation(&r, p)
		}
	case KindCheckIn:
		var r CheckInRequest
		if decodeStrict(body, &r, p) {
			return in.mapCheckIn(&r, p)
		}
	case KindCheckOut:
		var r CheckOutRequest
		if decodeStrict(body, &r, p) {
			return in.mapCheckOut(&r, p)
		}
	case KindPOSCheck:
		var r POSCheckRequest
		if decodeStrict(body, &r, p) {
			return in.mapPOSCheck(&r, p)
		}
	case KindProfile:
		var r ProfileRequest
		if decodeStrict(body, &r, p) {
			return in.mapProfile(&r, p)
		}
	default:
		p.fail("kind", fmt.Sprintf("%s is not a kind (reservation, check_in, check_out, pos_check, profile)", quote(string(kind))))
	}
	return Event{}, false
}

// decodeStrict decodes exactly one JSON object into v, rejecting unknown fields and trailing data.
func decodeStrict(body []byte, v any, p *problems) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		p.errs = append(p.errs, jsonError(err))
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		p.fail("", "trailing data after the JSON object")
		return false
	}
	return true
}

// jsonError turns an encoding/json error into a FieldError naming the field.
func jsonError(err error) FieldError {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return FieldError{Reason: "body is empty"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return FieldError{Reason: "body is truncated JSON"}
	case errors.As(err, &syn):
		return FieldError{Reason: fmt.Sprintf("malformed JSON at byte %d: %s", syn.Offset, Scrub(syn.Error()))}
	case errors.As(err, &typ):
		if typ.Field == "" {
			return FieldError{Reason: "body must be a JSON object"}
		}
		return FieldError{Field: typ.Field, Reason: "must be " + jsonKind(typ.Type.Kind().String(), typ.Type.String())}
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		if u, err := strconv.Unquote(name); err == nil {
			name = u
		}
		return FieldError{Field: Scrub(name), Reason: "unknown field"}
	}
	return FieldError{Reason: Scrub(msg)}
}

// jsonKind says in JSON terms what a Go type expects.
func jsonKind(kind, typ string) string {
	switch {
	case strings.HasPrefix(kind, "int"):
		return "an integer"
	case kind == "string":
		return "a string"
	case kind == "slice":
		return "an array"
	case kind == "struct", kind == "ptr":
		return "an object"
	case kind == "bool":
		return "true or false"
	}
	return "a " + typ
}

// canonicalEvent builds the event's key from the message's Meta: the sender's own key, else its sequence, else the
// record's time (msgTime; zero when the message has none), else a content hash. The receive time is never part of a
// key, or a resent message would look new.
func (in *Ingester) canonicalEvent(d events.Detail, kind Kind, meta Meta, record, status string, msgTime time.Time, group string, p *problems) (Event, bool) {
	if meta.Sequence < 0 {
		p.fail("sequence", "must not be negative")
		return Event{}, false
	}
	at := msgTime
	if at.IsZero() {
		at = in.now().UTC()
	}
	if meta.IdempotencyKey != "" {
		k := ident("idempotencyKey", meta.IdempotencyKey, true, p)
		if k == "" {
			return Event{}, false
		}
		return in.eventWithKey(d, in.senderKey(kind, k), group, at, p)
	}
	stamp := ""
	switch {
	case meta.Sequence > 0:
		stamp = seqStamp(meta.Sequence)
	case !msgTime.IsZero():
		stamp = timeStamp(msgTime)
	}
	return in.event(d, kind, record, status, stamp, group, at, p)
}
