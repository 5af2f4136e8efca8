package upload

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// Chunk is one part of an uploaded file: the bytes [Start, End) hold whole rows, the first of which begins on line
// FirstLine of the file (1-based, as a text editor counts). Rows counts the records in it, rejected ones included.
type Chunk struct {
	Index     int   `json:"index"`
	Start     int64 `json:"start"`
	End       int64 `json:"end"`
	FirstLine int   `json:"firstLine"`
	Rows      int   `json:"rows"`
}

// Plan is how a file is processed: its header (sent with every chunk, so chunks are independent) and its chunks in
// file order. An empty Chunks means a header without rows.
type Plan struct {
	Header []string `json:"header"`
	Rows   int      `json:"rows"`
	Chunks []Chunk  `json:"chunks"`
}

// SplitOptions tune Split.
type SplitOptions struct {
	// ChunkBytes is the size a chunk grows to before the next row starts a new one; a chunk holds at least one row,
	// so a single longer row makes a longer chunk. 0 means DefaultChunkBytes.
	ChunkBytes int64
	// Comma is the field separator; 0 means ','.
	Comma rune
	// MaxRowBytes bounds one row (a runaway quoted field must not take the whole file); 0 means DefaultMaxRowBytes.
	MaxRowBytes int64
}

// Limits.
const (
	DefaultChunkBytes  = 1 << 20 // well under the 2 MiB a chunk may be on the signed CSV route
	DefaultMaxRowBytes = 256 << 10
)

// Errors Split returns.
var (
	ErrEmpty     = errors.New("the file is empty: it needs a header line")
	ErrRowTooBig = errors.New("a row is longer than the limit (an unclosed quote?)")
	ErrHeader    = errors.New("header")
)

var bom = []byte("\ufeff")

// Split reads a CSV file once and cuts it into chunks at row boundaries. Rows are found by encoding/csv itself,
// configured as the importer reads them (TrimLeadingSpace, strict quotes), so a newline inside a quoted field
// never splits a row and every chunk read from its Start sees exactly the rows the whole file has there. Line
// numbers count physical lines ("\n"; "\r\n" is one), blank lines included, as the importer's row errors do. A
// leading UTF-8 byte order mark is skipped; it never reaches the header.
func Split(r io.Reader, opts SplitOptions) (Plan, error) {
	if opts.ChunkBytes <= 0 {
		opts.ChunkBytes = DefaultChunkBytes
	}
	if opts.MaxRowBytes <= 0 {
		opts.MaxRowBytes = DefaultMaxRowBytes
	}
	br := bufio.NewReader(r)
	var skip int64
	if head, _ := br.Peek(len(bom)); bytes.Equal(head, bom) {
		_, _ = br.Discard(len(bom))
		skip = int64(len(bom))
	}
	lines := &lineCounter{r: br}
	cr := csv.NewReader(lines)
	if opts.Comma != 0 {
		cr.Comma = opts.Comma
	}
	cr.FieldsPerRecord = -1 // field counts are the importer's to judge, row by row
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true

	header, err := cr.Read()
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return Plan{}, ErrEmpty
	case errors.As(err, &pe):
		return Plan{}, fmt.Errorf("%w: %w", ErrHeader, err)
	case err != nil:
		return Plan{}, err
	}
	plan := Plan{Header: append([]string(nil), header...)}
	prev := cr.InputOffset()
	line := 1 + lines.upTo(prev) // the physical line the next row starts on
	var cur *Chunk
	for {
		_, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !errors.As(err, &pe) {
			return Plan{}, err
		}
		off := cr.InputOffset()
		if off-prev > opts.MaxRowBytes {
			return Plan{}, fmt.Errorf("%w: %d bytes from line %d", ErrRowTooBig, off-prev, line)
		}
		if cur == nil {
			plan.Chunks = append(plan.Chunks, Chunk{Index: len(plan.Chunks), Start: skip + prev, FirstLine: line})
			cur = &plan.Chunks[len(plan.Chunks)-1]
		}
		cur.Rows++
		plan.Rows++
		cur.End = skip + off
		line += lines.upTo(off)
		prev = off
		if cur.End-cur.Start >= opts.ChunkBytes {
			cur = nil
		}
	}
	return plan, nil
}

// lineCounter counts the newlines of the bytes csv.Reader has consumed. The reader buffers ahead, so the bytes it
// read are kept until InputOffset says how far it got.
type lineCounter struct {
	r    io.Reader
	buf  []byte // buf[pos:] is read by csv but not yet counted
	pos  int
	base int64 // the file offset of buf[pos]
}

func (l *lineCounter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.buf = append(l.buf, p[:n]...)
	return n, err
}

// upTo returns the newlines between the last offset counted and off, and forgets those bytes.
func (l *lineCounter) upTo(off int64) int {
	n := int(off - l.base)
	count := bytes.Count(l.buf[l.pos:l.pos+n], []byte{'\n'})
	l.pos += n
	l.base = off
	if l.pos > 64<<10 { // compact now and then, not per row
		l.buf = append(l.buf[:0], l.buf[l.pos:]...)
		l.pos = 0
	}
	return count
}
