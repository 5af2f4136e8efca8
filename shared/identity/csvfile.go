package identity

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// LineError is a problem with one line of an input file.
type LineError struct {
	Line int
	Err  error
}

// Error returns "line N: problem".
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns the problem.
func (e *LineError) Unwrap() error { return e.Err }

// columns maps the recognised CSV header names to a setter on Record.
var columns = map[string]func(*Record, string){
	"id":             func(r *Record, v string) { r.ID = v },
	"first_name":     func(r *Record, v string) { r.FirstName = v },
	"last_name":      func(r *Record, v string) { r.LastName = v },
	"email":          func(r *Record, v string) { r.Email = v },
	"phone":          func(r *Record, v string) { r.Phone = v },
	"date_of_birth":  func(r *Record, v string) { r.DateOfBirth = v },
	"address_1":      func(r *Record, v string) { r.Address1 = v },
	"address_2":      func(r *Record, v string) { r.Address2 = v },
	"city":           func(r *Record, v string) { r.City = v },
	"postcode":       func(r *Record, v string) { r.Postcode = v },
	"state":          func(r *Record, v string) { r.State = v },
	"country":        func(r *Record, v string) { r.Country = v },
	"loyalty_number": func(r *Record, v string) { r.LoyaltyNumber = v },
	"card_hash":      func(r *Record, v string) { r.CardHash = v },
	"id_number":      func(r *Record, v string) { r.IDNumber = v },
}

// ReadRecords reads guest records from CSV with a header row. Recognised columns are id (required),
// first_name, last_name, email, phone, date_of_birth, address_1, address_2, city, postcode, state, country,
// loyalty_number, card_hash and id_number, in any order and case; other columns are ignored; any value may be
// empty except id; spaces around headers and values are dropped. Rows whose cells are all blank are skipped.
// Errors are *LineError: no id column, a repeated column, a row of the wrong width, an empty or duplicate id, a
// malformed date of birth, text that is not UTF-8.
func ReadRecords(r io.Reader) ([]Record, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &LineError{Line: 1, Err: errors.New("empty file: want a header row with an id column")}
	}
	if err != nil {
		return nil, csvError(err)
	}
	setters := make([]func(*Record, string), len(header))
	names := make([]string, len(header))
	seenCol := make(map[string]int)
	idCol := -1
	for i, h := range header {
		if !utf8.ValidString(h) {
			return nil, &LineError{Line: 1, Err: fmt.Errorf("column %d: header is not UTF-8", i+1)}
		}
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		names[i] = h
		set, ok := columns[h]
		if !ok {
			continue
		}
		if j, dup := seenCol[h]; dup {
			return nil, &LineError{Line: 1, Err: fmt.Errorf("column %q appears twice (columns %d and %d)", h, j+1, i+1)}
		}
		seenCol[h] = i
		setters[i] = set
		if h == "id" {
			idCol = i
		}
	}
	if idCol < 0 {
		return nil, &LineError{Line: 1, Err: fmt.Errorf("no id column (columns: %s)", strings.Join(names, ", "))}
	}

	var out []Record
	firstLine := make(map[string]int)
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		blank := true
		for i, v := range row {
			if !utf8.ValidString(v) {
				return nil, &LineError{Line: line, Err: fmt.Errorf("column %q is not UTF-8 text", names[i])}
			}
			v = strings.TrimSpace(v)
			row[i] = v
			blank = blank && v == ""
		}
		if blank {
			continue
		}
		var rec Record
		for i, v := range row {
			if setters[i] != nil && v != "" {
				setters[i](&rec, v)
			}
		}
		if rec.ID == "" {
			return nil, &LineError{Line: line, Err: errors.New("empty id")}
		}
		if first, dup := firstLine[rec.ID]; dup {
			return nil, &LineError{Line: line, Err: fmt.Errorf("duplicate id %q (first on line %d)", rec.ID, first)}
		}
		firstLine[rec.ID] = line
		if _, err := ParseDate(rec.DateOfBirth); err != nil {
			return nil, &LineError{Line: line, Err: fmt.Errorf("date_of_birth: %w", err)}
		}
		out = append(out, rec)
	}
}

// csvError turns a CSV parse error into a LineError.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &LineError{Line: pe.Line, Err: pe.Err}
	}
	return err
}

// WriteGuestIDs writes "id,guest_id" and one row per record, in input order.
func WriteGuestIDs(w io.Writer, records []Record, res *Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"id", "guest_id"}); err != nil {
		return err
	}
	for i, r := range records {
		if err := cw.Write([]string{r.ID, res.GuestIDs[i]}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteReviews writes "id_a,id_b,score,reason,explanation" and one row per review pair.
func WriteReviews(w io.Writer, reviews []ReviewPair) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"id_a", "id_b", "score", "reason", "explanation"}); err != nil {
		return err
	}
	for _, r := range reviews {
		score := strconv.FormatFloat(r.Score.Total, 'f', 2, 64)
		if err := cw.Write([]string{r.A, r.B, score, r.Reason, r.Score.String()}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
