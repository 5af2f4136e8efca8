package dynamolocal

import (
	"bytes"
	"encoding/json"
)

// minidyn deep-copies a table when a transaction starts and restores the copy when it is cancelled, but its copy
// turns empty lists and maps into attribute values of no type, which later break every read of the table. DynamoDB
// allows empty lists and maps (guregu writes a nil slice as one), so the handler hides them from minidyn: on the
// way in an empty L or M becomes a one-element marker, on the way out the marker becomes empty again.
// Known difference: size() in a condition or filter sees 1 for such a value.
const emptyMarker = "\x00dynamolocal:empty"

// emptyMarkerJSON is how the marker appears in a JSON body.
const emptyMarkerJSON = `dynamolocal:empty`

// hideEmpties rewrites empty lists and maps in a request body; the body is returned unchanged if it has none.
func hideEmpties(body []byte) []byte {
	if !bytes.Contains(body, []byte(`"L":[]`)) && !bytes.Contains(body, []byte(`"M":{}`)) {
		return body
	}
	return rewrite(body, func(av map[string]any) {
		if l, ok := av["L"].([]any); ok && len(l) == 0 && len(av) == 1 {
			av["L"] = []any{map[string]any{"S": emptyMarker}}
		}
		if m, ok := av["M"].(map[string]any); ok && len(m) == 0 && len(av) == 1 {
			av["M"] = map[string]any{emptyMarker: map[string]any{"NULL": true}}
		}
	})
}

// restoreEmpties turns the markers in a response body back into empty lists and maps.
func restoreEmpties(body []byte) []byte {
	return rewrite(body, func(av map[string]any) {
		if l, ok := av["L"].([]any); ok && len(l) == 1 && len(av) == 1 {
			if s, ok := l[0].(map[string]any); ok && s["S"] == emptyMarker {
				av["L"] = []any{}
			}
		}
		if m, ok := av["M"].(map[string]any); ok && len(m) == 1 && len(av) == 1 {
			if _, ok := m[emptyMarker]; ok {
				av["M"] = map[string]any{}
			}
		}
	})
}

// rewrite applies fix to every JSON object in body, innermost first.
func rewrite(body []byte, fix func(map[string]any)) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return body // not JSON: let the server report it
	}
	walk(doc, fix)
	out, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return out
}

func walk(v any, fix func(map[string]any)) {
	switch t := v.(type) {
	case map[string]any:
		for _, c := range t {
			walk(c, fix)
		}
		fix(t)
	case []any:
		for _, c := range t {
			walk(c, fix)
		}
	}
}
