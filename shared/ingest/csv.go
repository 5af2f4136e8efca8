package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// CSVOptions tunes a CSV read.
type CSVOptions struct {
	// Comma is the field separator; 0 means ','. European spreadsheets often export ';'.
	Comma rune
	// Header, when set, is used instead of reading a header row: chunks of a large file after the first carry
	// none, and the importer passes the first chunk's.
	Header []string
	// FirstLine is the line number, in the whole file, of the first line this reader sees, so a chunk's row
	// errors name lines of the file. 0 means 1.
	FirstLine int
}

// CSVReader reads a bulk import one row at a time: each row becomes one event or one RowError, and reading goes on
// after a bad row. It holds one row in memory, so a file of any size streams through it.
type CSVReader struct {
	in      *Ingester
	kind    Kind
	schema  *csvSchema
	r       *csv.Reader
	index   map[string]int // canonical column name → position
	lines   []string       // for the row being built: the column each folio line or item came from
	first   int
	summary CSVSummary
}

// Row is the outcome of one CSV row: an Event, or Err (a *RowError) naming the line and columns at fault.
type Row struct {
	Line     int
	Event    Event
	Warnings []Warning
	Err      error
}

// RowError is a rejected row: its line in the file and what is wrong, by column.
type RowError struct {
	Line   int         `json:"line"`
	Errors FieldErrors `json:"errors"`
}

// Error implements error.
func (e *RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Errors.Error()) }

// Unwrap exposes the field errors, so errors.Is(err, ErrInvalid) holds.
func (e *RowError) Unwrap() error { return e.Errors }

// CSVSummary counts a read so far. Errors keeps the first MaxSummaryErrors rejections for the import report; the
// counts are always complete.
type CSVSummary struct {
	Rows     int        `json:"rows"`
	Accepted int        `json:"accepted"`
	Rejected int        `json:"rejected"`
	Warnings int        `json:"warnings"`
	Errors   []RowError `json:"errors,omitempty"`
}

// MaxSummaryErrors bounds CSVSummary.Errors.
const MaxSummaryErrors = 100

// CSV starts reading a bulk import of kind (KindProfile for guests, KindCheckOut for stays, KindPOSCheck for
// checks) from r. It reads and checks the header now: unknown, duplicate and missing required columns are
// FieldErrors naming them, since no row could succeed under a bad header.
func (in *Ingester) CSV(kind Kind, r io.Reader, opts CSVOptions) (*CSVReader, error) {
	schema, ok := csvSchemas()[kind]
	if !ok {
		return nil, FieldErrors{{Field: "kind", Reason: fmt.Sprintf("%s has no CSV import (guests, stays, pos checks)", quote(string(kind)))}}
	}
	cr := csv.NewReader(r)
	if opts.Comma != 0 {
		cr.Comma = opts.Comma
	}
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true
	c := &CSVReader{in: in, kind: kind, schema: schema, r: cr, first: max(opts.FirstLine, 1)}
	header := opts.Header
	if header == nil {
		h, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, FieldErrors{{Field: "header", Reason: "the file is empty"}}
			}
			return nil, FieldErrors{{Field: "header", Reason: Scrub(err.Error())}}
		}
		header = append([]string(nil), h...)
	}
	if err := c.readHeader(header); err != nil {
		return nil, err
	}
	cr.FieldsPerRecord = len(header)
	return c, nil
}

// readHeader maps header cells to the schema's columns.
func (c *CSVReader) readHeader(header []string) error {
	var p problems
	c.index = make(map[string]int, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		name, ok := c.schema.lookup(h)
		switch {
		case !ok:
			p.fail(quote(h), "unknown column (expected: "+c.schema.names()+")")
		case c.index[name] != 0:
			p.fail(name, "appears twice")
		default:
			c.index[name] = i + 1 // 0 means absent
		}
	}
	for _, col := range c.schema.columns {
		if col.required && c.index[col.name] == 0 {
			p.fail(col.name, "required column is missing")
		}
	}
	return p.err()
}

// Next reads and maps the next row. It returns io.EOF after the last row; any other error is the reader's I/O
// failure, after which the read cannot go on. A bad row is not an error of Next: it comes back as a Row with Err.
func (c *CSVReader) Next() (Row, error) {
	rec, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return Row{}, io.EOF
	}
	var pe *csv.ParseError
	if err != nil && !errors.As(err, &pe) {
		return Row{}, err
	}
	c.summary.Rows++
	if pe != nil {
		reason := Scrub(pe.Err.Error())
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			reason = fmt.Sprintf("has %d fields, the header has %d", len(rec), c.r.FieldsPerRecord)
		}
		return c.reject(c.first-1+pe.StartLine, nil, FieldErrors{{Reason: reason}}), nil
	}
	line, _ := c.r.FieldPos(0)
	line += c.first - 1
	var p problems
	c.lines = c.lines[:0]
	ev, ok := c.schema.build(c, func(name string) string {
		if i := c.index[name]; i > 0 {
			return strings.TrimSpace(rec[i-1])
		}
		return ""
	}, &p)
	warns := c.rename(p.warns)
	if !ok || len(p.errs) > 0 {
		errs := p.errs
		if len(errs) == 0 {
			errs = FieldErrors{{Reason: "row produced no event"}}
		}
		return c.reject(line, warns, c.renameErrors(errs)), nil
	}
	c.summary.Accepted++
	c.summary.Warnings += len(warns)
	c.in.report("csv", string(c.kind), warns, nil)
	return Row{Line: line, Event: ev, Warnings: warns}, nil
}

func (c *CSVReader) reject(line int, warns []Warning, errs FieldErrors) Row {
	re := &RowError{Line: line, Errors: errs}
	c.summary.Rejected++
	c.summary.Warnings += len(warns)
	if len(c.summary.Errors) < MaxSummaryErrors {
		c.summary.Errors = append(c.summary.Errors, *re)
	}
	c.in.report("csv", string(c.kind), warns, re)
	return Row{Line: line, Warnings: warns, Err: re}
}

// Summary returns the counts so far.
func (c *CSVReader) Summary() CSVSummary { return c.summary }

// Offset is the number of bytes consumed from the reader: the importer records it to resume or split a file at row
// boundaries.
func (c *CSVReader) Offset() int64 { return c.r.InputOffset() }

// rename turns the JSON paths of the shared mapping code into the CSV's column names.
func (c *CSVReader) rename(ws []Warning) []Warning {
	for i := range ws {
		ws[i].Field = c.column(ws[i].Field)
	}
	return ws
}

// renameErrors renames and drops the duplicates renaming creates (a bad currency column fails every line).
func (c *CSVReader) renameErrors(es FieldErrors) FieldErrors {
	var p problems
	for _, e := range es {
		p.fail(c.column(e.Field), e.Reason)
	}
	return p.errs
}

func (c *CSVReader) column(field string) string {
	for _, list := range []string{"folio[", "items["} {
		if rest, ok := strings.CutPrefix(field, list); ok {
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				break
			}
			if strings.HasSuffix(rest, ".currency") {
				return "currency"
			}
			if i, err := strconv.Atoi(rest[:end]); err == nil && i < len(c.lines) {
				return c.lines[i]
			}
		}
	}
	if strings.HasSuffix(field, ".currency") || field == "folio" || field == "items" {
		return "currency" // the only way lines of one row disagree
	}
	field = strings.TrimSuffix(field, ".amount")
	if col, ok := c.schema.paths[field]; ok {
		return col
	}
	return field
}

// HasCSV reports whether kind can be imported from CSV (guests, stays, POS checks).
func HasCSV(kind Kind) bool {
	_, ok := csvSchemas()[kind]
	return ok
}
