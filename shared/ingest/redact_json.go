package ingest

import (
	"bytes"
	"encoding/json"
	"io"
)

// jsonFrame is one open object or array while a JSON document is walked.
type jsonFrame struct {
	object    bool
	expectKey bool   // in an object: the next string token is a key
	key       string // in an object: normKey of the current member's key
	card      bool   // inside a card-ish member: every scalar below is card data
}

// redactJSON rewrites card data in a JSON document token by token, copying every other byte as it was. It returns
// false if the document is not valid JSON.
func redactJSON(raw []byte) ([]byte, bool) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	out := make([]byte, 0, len(raw))
	var stack []jsonFrame
	prev := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false
		}
		end := int(d.InputOffset())
		start := prev
		for start < end && bytes.IndexByte([]byte(" \t\r\n:,"), raw[start]) >= 0 {
			start++
		}
		out = append(out, raw[prev:start]...)
		prev = end
		var top *jsonFrame
		if n := len(stack); n > 0 {
			top = &stack[n-1]
		}
		if top != nil && top.object && top.expectKey {
			if k, ok := tok.(string); ok {
				top.key, top.expectKey = normKey(k), false
				if sk := Scrub(k); sk != k {
					b, _ := json.Marshal(sk)
					out = append(out, b...)
				} else {
					out = append(out, raw[start:end]...)
				}
				continue
			}
		}
		inCard := top != nil && (top.card || (top.object && secretKeys[top.key]))
		keep := top != nil && top.object && keepKey(top.key) && !inCard
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, jsonFrame{object: t == '{', expectKey: t == '{', card: inCard})
			default:
				stack = stack[:len(stack)-1]
				valueDone(stack)
			}
			out = append(out, raw[start:end]...)
			continue
		case string:
			switch {
			case inCard && t != "":
				out = append(out, `"`+redacted+`"`...)
			case keep:
				out = append(out, raw[start:end]...)
			default:
				if s := Scrub(t); s != t {
					b, _ := json.Marshal(s)
					out = append(out, b...)
				} else {
					out = append(out, raw[start:end]...)
				}
			}
		case json.Number:
			switch {
			case inCard:
				out = append(out, `"`+redacted+`"`...)
			case !keep && Scrub(t.String()) != t.String():
				out = append(out, '0')
			default:
				out = append(out, raw[start:end]...)
			}
		default: // bool, null
			out = append(out, raw[start:end]...)
		}
		valueDone(stack)
	}
	return append(out, raw[prev:]...), true
}

// valueDone tells the enclosing object that its member's value is complete, so the next string is a key again.
func valueDone(stack []jsonFrame) {
	if n := len(stack); n > 0 && stack[n-1].object {
		stack[n-1].expectKey = true
	}
}
