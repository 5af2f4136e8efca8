package dynamolocal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// request is a DynamoDB JSON request kept as raw members, so the compat layer
// can rewrite the parameters it knows about and forward everything else
// byte for byte.
type request map[string]json.RawMessage

var errNotObject = errors.New("request body must be a JSON object")

func decodeRequest(body []byte) (request, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		// The SDK always sends an object, but curl users may not; DynamoDB
		// treats an empty body like {}.
		return request{}, nil
	}

	var r request
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, err
	}

	if r == nil {
		return nil, errNotObject
	}

	return r, nil
}

func (r request) has(key string) bool {
	v, ok := r[key]

	return ok && string(v) != "null"
}

// decode unmarshals member key into dst; an absent member leaves dst as is.
func (r request) decode(key string, dst any) error {
	if !r.has(key) {
		return nil
	}

	if err := json.Unmarshal(r[key], dst); err != nil {
		return serializationError(fmt.Errorf("%s: %w", key, err))
	}

	return nil
}

func (r request) str(key string) (string, error) {
	var s string
	err := r.decode(key, &s)

	return s, err
}

func (r request) set(key string, v any) error {
	raw, err := marshal(v)
	if err != nil {
		return err
	}

	r[key] = raw

	return nil
}

// clone copies the member map; the raw values are never mutated in place.
func (r request) clone() request {
	out := make(request, len(r))
	for k, v := range r {
		out[k] = v
	}

	return out
}

// marshal encodes v without HTML escaping, which DynamoDB does not do either.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer

	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)

	if err := enc.Encode(v); err != nil {
		return nil, err
	}

	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
