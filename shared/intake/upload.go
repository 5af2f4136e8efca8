package intake

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/blob"
	"github.com/hearthcrm/hearth/shared/ingest"
	"github.com/hearthcrm/hearth/shared/upload"
)

// A large file is not sent through the API in chunks but uploaded whole: the sender asks for an upload URL (a
// signed request like any other), PUTs the file to storage, and polls the upload's status while the import
// workflow plans the file, processes its chunks and sums them up (see upload_steps.go).

// More ports, for uploads.
type (
	// Uploads keeps uploads and their chunks' results.
	Uploads interface {
		Create(ctx context.Context, u upload.Upload) error
		Get(ctx context.Context, id string) (upload.Upload, error) // ErrUnknownUpload when there is none
		Update(ctx context.Context, id string, edit func(*upload.Upload) error) (upload.Upload, error)
		PutChunk(ctx context.Context, id string, r upload.ChunkResult, until time.Time) error
		Chunks(ctx context.Context, id string) ([]upload.ChunkResult, error)
	}
	// Presigner issues a URL its holder may PUT one object to until ttl passes, and the headers the PUT must carry.
	Presigner interface {
		PresignPut(ctx context.Context, bucket, key, contentType string, ttl time.Duration) (string, http.Header, error)
	}
	// Objects writes and reads the uploads bucket.
	Objects interface {
		blob.Reader
		Put(ctx context.Context, bucket, key string, body []byte, contentType string) error
	}
)

// UploadConfig wires the upload path into the service.
type UploadConfig struct {
	Store     Uploads
	Objects   Objects
	Presigner Presigner
	Bucket    string // the uploads bucket's topology name
	// ChunkBytes is how large a chunk grows before the next row starts another; 0 means upload.DefaultChunkBytes.
	ChunkBytes int64
}

// WithUploads enables uploads.
func (s *Service) WithUploads(c UploadConfig) *Service {
	s.uploads = &c
	return s
}

// Upload settings.
const (
	// UploadURLTTL is how long an upload URL works: long enough to start a large PUT, short enough that a leaked
	// URL is soon useless.
	UploadURLTTL = 15 * time.Minute
	// UploadRetention is how long an upload's status, file and rejects are kept (the bucket's lifecycle agrees).
	UploadRetention = 7 * 24 * time.Hour
	// UploadContentType is the one content type an upload URL accepts.
	UploadContentType = "text/csv"
	// MaxRejectsPage bounds the rejected rows one status answer lists.
	MaxRejectsPage = 1000
)

// Errors of the upload path.
var (
	ErrUnknownUpload = errors.New("unknown upload")
	ErrNoUploads     = errors.New("uploads are not configured")
	// ErrUploadReplaced is a second file PUT under an upload URL already used: it is not imported.
	ErrUploadReplaced = errors.New("the upload already has a file")
)

// UploadTicket is the answer to an upload request: where to PUT the file, and how.
type UploadTicket struct {
	UploadID  string            `json:"uploadId"`
	URL       string            `json:"url"`
	Method    string            `json:"method"`
	Headers   map[string]string `json:"headers"`
	ExpiresAt time.Time         `json:"expiresAt"`
}

// RequestUpload authenticates a source's request for an upload URL for a file of kind, records the upload as
// waiting and returns a presigned PUT URL for its object key.
func (s *Service) RequestUpload(ctx context.Context, req Request) (UploadTicket, error) {
	if s.uploads == nil {
		return UploadTicket{}, ErrNoUploads
	}
	reg, err := s.registration(ctx, req)
	if err != nil {
		return UploadTicket{}, err
	}
	kind, err := ingest.ParseKind(req.Kind)
	if err == nil && !ingest.HasCSV(kind) {
		err = fmt.Errorf("%w: %s has no CSV import (guests, stays, pos)", ingest.ErrInvalid, req.Kind)
	}
	if err != nil {
		return UploadTicket{}, err
	}
	now := s.now().UTC()
	id := events.NewID(now)
	u := upload.Upload{
		ID: id, Source: reg.ID, Kind: string(kind), Key: upload.ObjectKey(reg.ID, now, id), State: upload.Waiting,
		CreatedAt: now, URLExpiresAt: now.Add(UploadURLTTL),
	}
	if err := s.uploads.Store.Create(ctx, u); err != nil {
		return UploadTicket{}, err
	}
	url, headers, err := s.uploads.Presigner.PresignPut(ctx, s.uploads.Bucket, u.Key, UploadContentType, UploadURLTTL)
	if err != nil {
		return UploadTicket{}, err
	}
	t := UploadTicket{UploadID: id, URL: url, Method: http.MethodPut, Headers: map[string]string{}, ExpiresAt: u.URLExpiresAt}
	for k := range headers {
		t.Headers[k] = headers.Get(k)
	}
	return t, nil
}

// UploadStatus is an upload as its sender sees it. Rejects lists rejected rows by line once the upload is done,
// a page at a time: NextCursor, when set, asks for the next page.
type UploadStatus struct {
	UploadID   string            `json:"uploadId"`
	Source     string            `json:"source"`
	Kind       string            `json:"kind"`
	State      upload.State      `json:"state"`
	CreatedAt  time.Time         `json:"createdAt"`
	Chunks     int               `json:"chunks"`
	ChunksDone int               `json:"chunksDone"`
	TotalRows  int               `json:"totalRows"`
	Rows       int               `json:"rows"`
	Accepted   int               `json:"accepted"`
	Rejected   int               `json:"rejected"`
	Warnings   int               `json:"warnings"`
	Error      string            `json:"error,omitempty"`
	Rejects    []ingest.RowError `json:"rejects"`
	NextCursor *string           `json:"nextCursor"`
}

// Status authenticates a read request and returns upload id's status with up to limit rejected rows from cursor
// (a byte offset in the rejects file, opaque to callers).
func (s *Service) Status(ctx context.Context, req Request, id, cursor string, limit int) (UploadStatus, error) {
	if s.uploads == nil {
		return UploadStatus{}, ErrNoUploads
	}
	req.Read = true
	reg, err := s.registration(ctx, req)
	if err != nil {
		return UploadStatus{}, err
	}
	var from int64
	if cursor != "" {
		if from, err = strconv.ParseInt(cursor, 10, 64); err != nil || from < 0 {
			return UploadStatus{}, fmt.Errorf("%w: cursor: not one this endpoint gave", ingest.ErrInvalid)
		}
	}
	if limit < 1 || limit > MaxRejectsPage {
		return UploadStatus{}, fmt.Errorf("%w: limit: between 1 and %d", ingest.ErrInvalid, MaxRejectsPage)
	}
	if !upload.ValidID(id) {
		return UploadStatus{}, fmt.Errorf("%w: %s", ErrUnknownUpload, id)
	}
	u, err := s.uploads.Store.Get(ctx, id)
	if err != nil {
		return UploadStatus{}, err
	}
	if u.Source != reg.ID { // another source's upload does not exist as far as this one knows
		return UploadStatus{}, fmt.Errorf("%w: %s", ErrUnknownUpload, id)
	}
	st := UploadStatus{
		UploadID: u.ID, Source: u.Source, Kind: u.Kind, State: u.State, CreatedAt: u.CreatedAt, Chunks: u.Chunks,
		TotalRows: u.TotalRows, Error: u.Error, Rejects: []ingest.RowError{},
	}
	sum := u.Summary
	if u.State == upload.Processing {
		results, err := s.uploads.Store.Chunks(ctx, id)
		if err != nil {
			return UploadStatus{}, err
		}
		sum, _ = upload.Summarise(u.Chunks, results)
		st.ChunksDone = len(results)
	} else if u.State == upload.Done {
		st.ChunksDone = u.Chunks
	}
	st.Rows, st.Accepted, st.Rejected, st.Warnings = sum.Rows, sum.Accepted, sum.Rejected, sum.Warnings
	if u.State != upload.Done || u.RejectsBytes == 0 || from >= u.RejectsBytes {
		return st, nil
	}
	// A page of JSON lines is at most a few hundred bytes a row; read enough for limit rows, then cut at a line.
	end := min(from+int64(limit)*2048, u.RejectsBytes)
	data, err := s.uploads.Objects.GetRange(ctx, s.uploads.Bucket, upload.RejectsKey(u.Source, u.ID), from, end)
	if err != nil {
		return UploadStatus{}, err
	}
	rows, used, err := upload.ReadPage(data, end == u.RejectsBytes, limit)
	if err == nil && used == 0 && end < u.RejectsBytes { // one row longer than the window: read the rest
		if data, err = s.uploads.Objects.GetRange(ctx, s.uploads.Bucket, upload.RejectsKey(u.Source, u.ID), from, u.RejectsBytes); err == nil {
			rows, used, err = upload.ReadPage(data, true, limit)
		}
	}
	if err != nil {
		return UploadStatus{}, err
	}
	st.Rejects = append(st.Rejects, rows...)
	if next := from + int64(used); next < u.RejectsBytes {
		c := strconv.FormatInt(next, 10)
		st.NextCursor = &c
	}
	return st, nil
}

// registration finds and authenticates the source of a request.
func (s *Service) registration(ctx context.Context, req Request) (Registration, error) {
	reg, err := s.sources.Source(ctx, req.SourceID)
	if err != nil {
		return Registration{}, err
	}
	if reg.Disabled {
		return Registration{}, fmt.Errorf("%w: %s is disabled", ErrUnknownSource, req.SourceID)
	}
	return reg, s.authenticate(ctx, reg, req)
}
