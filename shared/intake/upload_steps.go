package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hearthcrm/hearth/shared/ingest"
	"github.com/hearthcrm/hearth/shared/upload"
)

// The import workflow's steps: plan the uploaded file, import each chunk, summarise (or record the failure). Each
// step can run again with the same input and change nothing more: the plan is the same for the same file, a chunk
// overwrites its own archive object, events and result, and the summary is recomputed from the results.

// UploadRejected is an error that is the file's or the upload's fault: trying again cannot help, so the workflow
// does not retry it (its name is the error name the workflow sees) and the upload fails with its reason.
type UploadRejected struct{ Reason string }

func (e *UploadRejected) Error() string { return e.Reason }

// Permanent tells a runner not to retry (hearth dev's workflow runner asks).
func (e *UploadRejected) Permanent() bool { return true }

func rejected(format string, args ...any) error {
	return &UploadRejected{Reason: fmt.Sprintf(format, args...)}
}

// Planned is the plan step's result: the manifest the workflow's map reads its items (upload.Chunk) from.
type Planned struct {
	UploadID string `json:"uploadId"`
	Manifest string `json:"manifest"` // key in the uploads bucket
	Chunks   int    `json:"chunks"`
	Rows     int    `json:"rows"`
}

// PlanUpload plans the file just created at key (etag names its version): it checks the header against the kind's
// columns, cuts the file into chunks of whole rows, writes the manifest and marks the upload processing. A second
// file PUT under the same URL is refused; the same file notified again is planned again, identically.
func (s *Service) PlanUpload(ctx context.Context, key, etag string) (Planned, error) {
	if s.uploads == nil {
		return Planned{}, ErrNoUploads
	}
	source, id, err := upload.ParseObjectKey(key)
	if err != nil {
		return Planned{}, rejected("%v", err)
	}
	u, err := s.uploads.Store.Get(ctx, id)
	if errors.Is(err, ErrUnknownUpload) {
		return Planned{}, rejected("no upload %s was requested", id)
	}
	if err != nil {
		return Planned{}, err
	}
	if u.Source != source || u.Key != key {
		return Planned{}, rejected("upload %s belongs to %s, not to the file %s", id, u.Source, key)
	}
	if u.State != upload.Waiting && u.ETag != etag {
		return Planned{}, &UploadRejected{Reason: fmt.Sprintf("%v: upload %s was already planned for another file; request a new upload URL", ErrUploadReplaced, id)}
	}
	reg, err := s.sources.Source(ctx, source)
	if err != nil {
		return Planned{}, rejected("%v", err)
	}
	in, err := ingest.New(ingest.Config{Source: reg.Source, CardKey: s.cardKey, Now: s.now})
	if err != nil {
		return Planned{}, rejected("source %s is misconfigured: %v", reg.ID, err)
	}
	f, err := s.uploads.Objects.Open(ctx, s.uploads.Bucket, key)
	if err != nil {
		return Planned{}, err
	}
	plan, err := upload.Split(f, upload.SplitOptions{ChunkBytes: s.uploads.ChunkBytes})
	_ = f.Close()
	switch {
	case errors.Is(err, upload.ErrEmpty), errors.Is(err, upload.ErrRowTooBig), errors.Is(err, upload.ErrHeader):
		return Planned{}, rejected("%v", err)
	case err != nil:
		return Planned{}, err // reading the object failed: try again
	}
	if _, err := in.CSV(ingest.Kind(u.Kind), strings.NewReader(""), ingest.CSVOptions{Header: plan.Header}); err != nil {
		return Planned{}, rejected("header: %v", err) // no row could succeed
	}
	manifest, err := json.Marshal(plan.Chunks)
	if err != nil {
		return Planned{}, err
	}
	if plan.Chunks == nil {
		manifest = []byte("[]")
	}
	if err := s.uploads.Objects.Put(ctx, s.uploads.Bucket, upload.ManifestKey(id), manifest, "application/json"); err != nil {
		return Planned{}, err
	}
	_, err = s.uploads.Store.Update(ctx, id, func(u *upload.Upload) error {
		if u.State == upload.Done && u.ETag == etag {
			// A rerun of a finished import (a repeated S3 notification, an operator's replay) runs again, and
			// idempotently, but the import stays done: a failing rerun must not turn it into a failed one.
			return nil
		}
		if u.State != upload.Waiting && u.ETag != etag {
			return rejected("%v: upload %s", ErrUploadReplaced, id)
		}
		u.State, u.ETag, u.Header, u.Chunks, u.TotalRows, u.Error = upload.Processing, etag, plan.Header, len(plan.Chunks), plan.Rows, ""
		return nil
	})
	if err != nil {
		return Planned{}, err
	}
	return Planned{UploadID: id, Manifest: upload.ManifestKey(id), Chunks: len(plan.Chunks), Rows: plan.Rows}, nil
}

// ImportUploadChunk imports one chunk of a planned upload: a ranged read of its bytes, then the signed CSV route's
// own path (archive, map, enqueue), then its rejected rows and its result. The archive key names the upload and the
// chunk's first line, so a replay rewrites the same object; the events are the same events, which the FIFO queue
// and every consumer recognise by their idempotency keys; the result replaces the first one.
func (s *Service) ImportUploadChunk(ctx context.Context, id string, c upload.Chunk) (upload.ChunkResult, error) {
	if s.uploads == nil {
		return upload.ChunkResult{}, ErrNoUploads
	}
	u, err := s.uploads.Store.Get(ctx, id)
	if errors.Is(err, ErrUnknownUpload) {
		return upload.ChunkResult{}, rejected("%v", err)
	}
	if err != nil {
		return upload.ChunkResult{}, err
	}
	if u.State == upload.Waiting || c.Index < 0 || c.Index >= u.Chunks || c.End <= c.Start {
		return upload.ChunkResult{}, rejected("chunk %d is not part of upload %s's plan", c.Index, id)
	}
	reg, err := s.sources.Source(ctx, u.Source)
	if err != nil {
		return upload.ChunkResult{}, rejected("%v", err)
	}
	rows, err := s.uploads.Objects.GetRange(ctx, s.uploads.Bucket, u.Key, c.Start, c.End)
	if err != nil {
		return upload.ChunkResult{}, err
	}
	chunk := Chunk{Header: u.Header, FirstLine: c.FirstLine, Rows: rows}
	key := fmt.Sprintf("raw/%s/%s/upload-%s-line%d.csv", reg.ID, u.CreatedAt.Format("2006/01/02"), id, c.FirstLine)
	var rejects []ingest.RowError
	sum, err := s.importChunk(ctx, reg, ingest.Kind(u.Kind), key, EncodeChunk(chunk), chunk, func(re ingest.RowError) { rejects = append(rejects, re) })
	var fe ingest.FieldErrors
	if errors.As(err, &fe) {
		return upload.ChunkResult{}, rejected("chunk from line %d: %v", c.FirstLine, err)
	}
	if err != nil {
		return upload.ChunkResult{}, err
	}
	if len(rejects) > 0 {
		if err := s.uploads.Objects.Put(ctx, s.uploads.Bucket, upload.ChunkRejectsKey(id, c.Index), upload.EncodeRejects(rejects), "application/x-ndjson"); err != nil {
			return upload.ChunkResult{}, err
		}
	}
	res := upload.ChunkResult{Index: c.Index, Summary: upload.Summary{Rows: sum.Rows, Accepted: sum.Accepted, Rejected: sum.Rejected, Warnings: sum.Warnings}}
	if err := s.uploads.Store.PutChunk(ctx, id, res, u.CreatedAt.Add(UploadRetention)); err != nil {
		return upload.ChunkResult{}, err
	}
	return res, nil
}

// SummariseUpload adds up an upload's chunk results, merges their rejected rows into one file in line order and
// marks the upload done. A chunk without a result fails it: its rows were never imported.
func (s *Service) SummariseUpload(ctx context.Context, id string) (upload.Upload, error) {
	if s.uploads == nil {
		return upload.Upload{}, ErrNoUploads
	}
	u, err := s.uploads.Store.Get(ctx, id)
	if err != nil {
		return upload.Upload{}, err
	}
	results, err := s.uploads.Store.Chunks(ctx, id)
	if err != nil {
		return upload.Upload{}, err
	}
	sum, missing := upload.Summarise(u.Chunks, results)
	if len(missing) > 0 {
		return upload.Upload{}, rejected("%d of %d chunks were not imported", len(missing), u.Chunks)
	}
	var rejects bytes.Buffer
	for _, r := range results {
		if r.Summary.Rejected == 0 {
			continue
		}
		part, err := s.uploads.Objects.Get(ctx, s.uploads.Bucket, upload.ChunkRejectsKey(id, r.Index))
		if err != nil {
			return upload.Upload{}, err
		}
		rejects.Write(part)
	}
	if rejects.Len() > 0 {
		if err := s.uploads.Objects.Put(ctx, s.uploads.Bucket, upload.RejectsKey(u.Source, id), rejects.Bytes(), "application/x-ndjson"); err != nil {
			return upload.Upload{}, err
		}
	}
	return s.uploads.Store.Update(ctx, id, func(u *upload.Upload) error {
		u.State, u.Summary, u.RejectsBytes, u.Error = upload.Done, sum, int64(rejects.Len()), ""
		return nil
	})
}

// FailUpload records why the import of the file at key failed (the workflow's caught error), naming the lines of
// chunks that were not imported: the sender can fix and upload the file again, and rows already imported are
// recognised rather than doubled.
func (s *Service) FailUpload(ctx context.Context, key, reason string) error {
	if s.uploads == nil {
		return ErrNoUploads
	}
	_, id, err := upload.ParseObjectKey(key)
	if err != nil {
		return nil // nothing to record against: the plan already refused the key
	}
	u, err := s.uploads.Store.Get(ctx, id)
	if errors.Is(err, ErrUnknownUpload) {
		return nil
	}
	if err != nil {
		return err
	}
	if u.State == upload.Done || (u.State != upload.Waiting && strings.Contains(reason, ErrUploadReplaced.Error())) {
		return nil // a refused second file must not fail the first one's import
	}
	if u.Chunks > 0 {
		results, err := s.uploads.Store.Chunks(ctx, id)
		if err != nil {
			return err
		}
		if _, missing := upload.Summarise(u.Chunks, results); len(missing) > 0 {
			reason = fmt.Sprintf("%s (%d of %d chunks not imported)", reason, len(missing), u.Chunks)
		}
	}
	_, err = s.uploads.Store.Update(ctx, id, func(u *upload.Upload) error {
		u.State, u.Error = upload.Failed, reason
		return nil
	})
	return err
}
