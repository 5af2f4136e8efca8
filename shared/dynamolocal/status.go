package dynamolocal

import (
	"bytes"
	"encoding/json"
)

// Table and index statuses reported by the compat layer.
const (
	statusActive   = "ACTIVE"
	statusDeleting = "DELETING"
)

// setTableStatus rewrites the table description held in member key of a
// CreateTable/UpdateTable/DeleteTable/DescribeTable answer. minidyn leaves
// TableStatus empty, so SDK waiters poll until they time out. Tables are
// usable as soon as minidyn answers, so the status is final right away;
// GSIs that minidyn reports as CREATING keep that status.
func setTableStatus(body []byte, key, status string) ([]byte, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return nil, err
	}

	raw, ok := top[key]
	if !ok {
		return body, nil
	}

	// UseNumber keeps counts such as ItemCount exact when re-encoded.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()

	var desc map[string]any
	if dec.Decode(&desc) != nil || desc == nil {
		// Not a description we understand: pass it through untouched.
		return body, nil
	}

	desc["TableStatus"] = status

	if gsis, ok := desc["GlobalSecondaryIndexes"].([]any); ok {
		for _, g := range gsis {
			if gsi, ok := g.(map[string]any); ok {
				if s, _ := gsi["IndexStatus"].(string); s == "" {
					gsi["IndexStatus"] = statusActive
				}
			}
		}
	}

	if err := setMember(top, key, desc); err != nil {
		return nil, err
	}

	return marshal(top)
}

func setMember(m map[string]json.RawMessage, key string, v any) error {
	raw, err := marshal(v)
	if err != nil {
		return err
	}

	m[key] = raw

	return nil
}
