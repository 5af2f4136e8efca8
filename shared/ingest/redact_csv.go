package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
)

// sniffComma guesses a CSV's separator from its first line: the most frequent of comma, semicolon and tab, since
// the archive receives files as exported, European spreadsheets' semicolons included.
func sniffComma(body []byte) rune {
	line := body
	if i := bytes.IndexByte(body, '\n'); i >= 0 {
		line = body[:i]
	}
	best, n := ',', bytes.Count(line, []byte{','})
	for _, c := range []rune{';', '\t'} {
		if k := bytes.Count(line, []byte{byte(c)}); k > n {
			best, n = c, k
		}
	}
	return best
}

// redactCSV blanks card columns (by header) and scrubs every other column except identifiers and phones. It returns
// false when the text is not CSV with a header, and the caller falls back to text redaction. The output is
// re-encoded by encoding/csv: quoting may change, values do not.
func redactCSV(raw []byte) ([]byte, bool) {
	body := bytes.TrimPrefix(raw, utf8BOM)
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = sniffComma(body)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return nil, false
	}
	header = append([]string(nil), header...) // ReuseRecord would overwrite it
	mode := make([]byte, len(header))         // 'c' card, 'k' keep, 's' scrub
	for i, h := range header {
		k := normKey(h)
		switch {
		case secretKeys[k]:
			mode[i] = 'c'
		case keepKey(k):
			mode[i] = 'k'
		default:
			mode[i] = 's'
		}
	}
	var out bytes.Buffer
	out.Grow(len(raw))
	w := csv.NewWriter(&out)
	w.Comma = r.Comma
	for i, h := range header {
		header[i] = Scrub(h)
	}
	if err := w.Write(header); err != nil {
		return nil, false
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false
		}
		for i, v := range rec {
			m := byte('s')
			if i < len(mode) {
				m = mode[i]
			}
			switch {
			case m == 'c' && v != "":
				rec[i] = redacted
			case m == 's':
				rec[i] = Scrub(v)
			}
		}
		if err := w.Write(rec); err != nil {
			return nil, false
		}
	}
	w.Flush()
	if w.Error() != nil {
		return nil, false
	}
	return out.Bytes(), true
}
