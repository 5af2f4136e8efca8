package upload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/hearthcrm/hearth/shared/ingest"
)

// EncodeRejects writes rejected rows as JSON lines, one row per line, in line order.
func EncodeRejects(rows []ingest.RowError) []byte {
	sorted := slices.Clone(rows)
	slices.SortStableFunc(sorted, func(a, b ingest.RowError) int { return a.Line - b.Line })
	var b bytes.Buffer
	enc := json.NewEncoder(&b) // one object and a newline per Encode
	for _, r := range sorted {
		_ = enc.Encode(r) // plain structs of strings and ints always encode
	}
	return b.Bytes()
}

// Summarise adds up the chunks' results. It names the chunks of the plan that have no result (their processing
// failed for good), so a failed upload can say which lines never got through.
func Summarise(chunks int, results []ChunkResult) (Summary, []int) {
	var sum Summary
	seen := make(map[int]bool, len(results))
	for _, r := range results {
		if r.Index < 0 || r.Index >= chunks || seen[r.Index] {
			continue // a result outside the plan, or one stored twice, is not counted
		}
		seen[r.Index] = true
		sum = sum.Add(r.Summary)
	}
	var missing []int
	for i := range chunks {
		if !seen[i] {
			missing = append(missing, i)
		}
	}
	return sum, missing
}

// ReadPage decodes up to limit rejected rows from data, the bytes of a rejects file from a cursor on. It stops at the
// last whole line (atEOF says the file ends with data) and returns how many bytes it used, for the next cursor.
func ReadPage(data []byte, atEOF bool, limit int) ([]ingest.RowError, int, error) {
	var out []ingest.RowError
	used := 0
	for len(out) < limit && used < len(data) {
		nl := bytes.IndexByte(data[used:], '\n')
		end := used + nl + 1
		if nl < 0 {
			if !atEOF {
				break
			}
			end = len(data)
		}
		var r ingest.RowError
		if err := json.Unmarshal(bytes.TrimSpace(data[used:end]), &r); err != nil {
			return nil, 0, fmt.Errorf("rejects at byte %d: %w", used, err)
		}
		out = append(out, r)
		used = end
	}
	return out, used, nil
}
