// Package upload is the bulk import of a whole CSV file uploaded to storage: the upload's life (waiting for the file,
// processing, done or failed), where its objects live, how the file is cut into chunks of whole rows, and how the
// chunks' outcomes add up to one summary with every rejected line. It knows nothing of S3 or Step Functions: the
// intake service drives it, in a Lambda per step in AWS and in process under hearth dev.
package upload

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// State is where an upload is in its life.
type State string

// States, in order; Done and Failed are final.
const (
	Waiting    State = "waiting"    // the URL is issued, the file has not arrived
	Processing State = "processing" // the file is planned and its chunks are being processed
	Done       State = "done"
	Failed     State = "failed"
)

// Upload is one bulk file as Hearth tracks it.
type Upload struct {
	ID        string    `json:"uploadId"`
	Source    string    `json:"source"`
	Kind      string    `json:"kind"` // the canonical ingest kind (check_out, profile, pos_check)
	Key       string    `json:"key"`  // the object in the uploads bucket
	State     State     `json:"state"`
	CreatedAt time.Time `json:"createdAt"`
	// URLExpiresAt is when the upload URL stops working; an upload still waiting then never will be processed.
	URLExpiresAt time.Time `json:"urlExpiresAt"`
	// ETag names the version of the file the plan was made for: a file PUT again under the same URL is refused
	// rather than imported twice, while a repeated notification of the same file replays harmlessly.
	ETag   string   `json:"etag,omitempty"`
	Header []string `json:"header,omitempty"`
	Chunks int      `json:"chunks"`
	// TotalRows is the file's row count once planned, for progress.
	TotalRows int     `json:"totalRows"`
	Summary   Summary `json:"summary"`
	// RejectsBytes is the size of the rejects file once done (0: no row was rejected).
	RejectsBytes int64  `json:"rejectsBytes,omitempty"`
	Error        string `json:"error,omitempty"`
}

// Summary counts an upload's rows: every row is either accepted or rejected.
type Summary struct {
	Rows     int `json:"rows"`
	Accepted int `json:"accepted"`
	Rejected int `json:"rejected"`
	Warnings int `json:"warnings"`
}

// Add returns the sum of two summaries.
func (s Summary) Add(o Summary) Summary {
	return Summary{Rows: s.Rows + o.Rows, Accepted: s.Accepted + o.Accepted, Rejected: s.Rejected + o.Rejected, Warnings: s.Warnings + o.Warnings}
}

// ChunkResult is what processing one chunk produced. Processing a chunk again produces the same result, which
// replaces the first: nothing is counted twice.
type ChunkResult struct {
	Index   int     `json:"index"`
	Summary Summary `json:"summary"`
}

// ErrKey is a key that is not an upload's.
var ErrKey = errors.New("not an upload key")

// idPattern is a ULID; sourcePattern what a source id may hold in a key.
var (
	idPattern     = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{26}$`)
	sourcePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
)

// Prefix is where uploaded files go; an object created under it starts the import workflow.
const Prefix = "uploads/"

// ObjectKey is where an upload's file goes: uploads/<source>/<yyyy-mm-dd>/<uploadId>.csv, partitioned by source and
// UTC day so that operators can list and expire a day's files.
func ObjectKey(source string, at time.Time, id string) string {
	return fmt.Sprintf("%s%s/%s/%s.csv", Prefix, source, at.UTC().Format(time.DateOnly), id)
}

// ParseObjectKey reads the source and upload id back from an object key.
func ParseObjectKey(key string) (source, id string, err error) {
	parts := strings.Split(strings.TrimPrefix(key, Prefix), "/")
	if !strings.HasPrefix(key, Prefix) || len(parts) != 3 || !sourcePattern.MatchString(parts[0]) {
		return "", "", fmt.Errorf("%w: %q", ErrKey, key)
	}
	if _, err := time.Parse(time.DateOnly, parts[1]); err != nil {
		return "", "", fmt.Errorf("%w: %q", ErrKey, key)
	}
	id = strings.TrimSuffix(parts[2], ".csv")
	if !ValidID(id) || !strings.HasSuffix(parts[2], ".csv") {
		return "", "", fmt.Errorf("%w: %q", ErrKey, key)
	}
	return parts[0], id, nil
}

// ValidID reports whether id has the form of an upload id (a ULID).
func ValidID(id string) bool { return idPattern.MatchString(id) }

// ManifestKey is the plan's chunk list as a JSON array, the item source of the workflow's distributed map.
func ManifestKey(id string) string { return "plans/" + id + ".json" }

// ChunkRejectsKey holds one chunk's rejected rows (JSON lines) until the summary merges them.
func ChunkRejectsKey(id string, chunk int) string {
	return fmt.Sprintf("work/%s/rejects-%06d.jsonl", id, chunk)
}

// RejectsKey holds every rejected row of an upload in line order, one JSON object per line.
func RejectsKey(source, id string) string { return "rejects/" + source + "/" + id + ".jsonl" }
