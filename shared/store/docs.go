package store

import (
	"encoding/json"
	"fmt"
)

// decodeDocs unmarshals the JSON document each record keeps (most adapters store their domain value as one JSON
// attribute, so the domain type's JSON tags are its stored form), in order.
func decodeDocs[T, R any](recs []R, doc func(R) string) ([]T, error) {
	out := make([]T, len(recs))
	for i, r := range recs {
		if err := json.Unmarshal([]byte(doc(r)), &out[i]); err != nil {
			return nil, fmt.Errorf("decode stored document %d: %w", i, err)
		}
	}
	return out, nil
}
