package intake

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/hearthcrm/hearth/shared/ingest"
)

// Chunk is one part of a bulk CSV import: the file's header (sent with every chunk, so chunks are independent),
// the line number its first row has in the file, and whole rows.
type Chunk struct {
	Header    []string
	FirstLine int
	Rows      []byte
}

// ReceiveCSV maps the rows of one signed chunk and enqueues the accepted ones; rejected rows come back with their
// file line numbers. The chunk is archived first, like any message.
func (s *Service) ReceiveCSV(ctx context.Context, req Request, c Chunk) (ingest.CSVSummary, error) {
	reg, err := s.sources.Source(ctx, req.SourceID)
	if err != nil {
		return ingest.CSVSummary{}, err
	}
	if err := s.authenticate(ctx, reg, req); err != nil {
		return ingest.CSVSummary{}, err
	}
	kind, err := ingest.ParseKind(req.Kind)
	if err != nil {
		return ingest.CSVSummary{}, err
	}
	now := s.now().UTC()
	key := fmt.Sprintf("raw/%s/%s/import-%s-line%d.csv", reg.ID, now.Format("2006/01/02"), req.Timestamp, c.FirstLine)
	key, err = s.archiveKey(ctx, reg.ID, req.Kind+"/csv@"+strconv.Itoa(c.FirstLine), req.Body, key)
	if err != nil {
		return ingest.CSVSummary{}, err
	}
	return s.importChunk(ctx, reg, kind, key, req.Body, c, nil)
}

// importChunk is what the signed CSV route and an uploaded file's chunks share: archive the chunk (card numbers
// redacted) at key, map its rows and enqueue the accepted ones. Each rejected row is passed to reject, if given.
// Archive keys and events are derived from the chunk's bytes, so importing the same chunk again rewrites the same
// archive object and enqueues the same events, which the queue and every consumer recognise.
func (s *Service) importChunk(ctx context.Context, reg Registration, kind ingest.Kind, key string, body []byte, c Chunk, reject func(ingest.RowError)) (ingest.CSVSummary, error) {
	in, err := ingest.New(ingest.Config{Source: reg.Source, CardKey: s.cardKey, Now: s.now, Archive: key})
	if err != nil {
		return ingest.CSVSummary{}, fmt.Errorf("source %s is misconfigured: %w", reg.ID, err)
	}
	if err := s.archive.Put(ctx, s.bucket, key, ingest.Redact(body), "text/csv"); err != nil {
		return ingest.CSVSummary{}, fmt.Errorf("archive %s: %w", key, err)
	}
	r, err := in.CSV(kind, bytes.NewReader(c.Rows), ingest.CSVOptions{Header: c.Header, FirstLine: c.FirstLine})
	if err != nil {
		return ingest.CSVSummary{}, err
	}
	var res ingest.Result
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ingest.CSVSummary{}, err
		}
		var re *ingest.RowError
		switch {
		case row.Err == nil:
			res.Events = append(res.Events, row.Event)
		case reject != nil && errors.As(row.Err, &re):
			reject(*re)
		}
	}
	if err := s.enqueue(ctx, res); err != nil {
		return ingest.CSVSummary{}, err
	}
	return r.Summary(), nil
}

// EncodeChunk writes a chunk as the request body: the header line, then the rows. DecodeChunk reads it back.
func EncodeChunk(c Chunk) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(c.Header)
	w.Flush()
	b.Write(c.Rows)
	return b.Bytes()
}

// DecodeChunk splits a request body into its header and rows.
func DecodeChunk(body []byte, firstLine int) (Chunk, error) {
	nl := bytes.IndexByte(body, '\n')
	if nl < 0 {
		return Chunk{}, fmt.Errorf("%w: a chunk starts with the header line", ingest.ErrInvalid)
	}
	header, err := csv.NewReader(strings.NewReader(string(body[:nl+1]))).Read()
	if err != nil {
		return Chunk{}, fmt.Errorf("%w: chunk header: %v", ingest.ErrInvalid, err)
	}
	return Chunk{Header: header, FirstLine: firstLine, Rows: body[nl+1:]}, nil
}
