package upload_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/shared/upload"
)

// row is a record as a reader of the whole file or of one chunk sees it: its line and its fields, or its error.
type row struct {
	line   int
	fields string
}

// readRows reads CSV the way the importer does (strict quotes, leading spaces trimmed), numbering lines from first.
func readRows(t *testing.T, data []byte, first int, header bool) []row {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	if header {
		if _, err := r.Read(); err != nil {
			t.Fatalf("header: %v", err)
		}
	}
	var out []row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			out = append(out, row{line: first - 1 + pe.StartLine, fields: "error: " + pe.Err.Error()})
			continue
		}
		line, _ := r.FieldPos(0)
		out = append(out, row{line: first - 1 + line, fields: strings.Join(rec, "|")})
	}
}

// checkPlan requires the chunks, read one by one from their offsets, to give exactly the rows of the whole file on
// exactly the same lines, and the plan's counts to match.
func checkPlan(t *testing.T, file []byte, plan upload.Plan) {
	t.Helper()
	whole := readRows(t, bytes.TrimPrefix(file, []byte("\ufeff")), 1, true)
	var got []row
	var prevEnd int64 = -1
	for i, c := range plan.Chunks {
		if c.Index != i || c.Start >= c.End || (prevEnd >= 0 && c.Start != prevEnd) || c.End > int64(len(file)) {
			t.Fatalf("chunk %d: %+v after end %d of %d bytes", i, c, prevEnd, len(file))
		}
		prevEnd = c.End
		rows := readRows(t, file[c.Start:c.End], c.FirstLine, false)
		if len(rows) != c.Rows {
			t.Errorf("chunk %d: %d rows read, plan says %d", i, len(rows), c.Rows)
		}
		got = append(got, rows...)
	}
	if prevEnd >= 0 && prevEnd != int64(len(file)) && strings.TrimSpace(string(file[prevEnd:])) != "" {
		t.Errorf("the last chunk ends at %d, the file has %d bytes: %q left", prevEnd, len(file), file[prevEnd:])
	}
	if fmt.Sprint(got) != fmt.Sprint(whole) {
		t.Fatalf("rows by chunk differ from the whole file:\n got %v\nwant %v", got, whole)
	}
	if plan.Rows != len(whole) {
		t.Fatalf("plan counts %d rows, the file has %d", plan.Rows, len(whole))
	}
}

func TestSplitKeepsRowsWholeAndLinesExact(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		file      string
		header    string
		rows      int
		firstLine []int // of each chunk, with one row per chunk
	}{
		"plain": {
			file: "a,b\n1,2\n3,4\n", header: "a|b", rows: 2, firstLine: []int{2, 3},
		},
		"quoted newline stays in its row": {
			file: "a,b\n\"x\ny\",1\n\"p\"\"q\n\nr\",2\n3,4\n", header: "a|b", rows: 3, firstLine: []int{2, 4, 7},
		},
		"CRLF": {
			file: "a,b\r\n1,2\r\n\"multi\r\nline\",3\r\n4,5\r\n", header: "a|b", rows: 3, firstLine: []int{2, 3, 5},
		},
		"byte order mark before a quoted header": {
			file: "\ufeff\"a\",b\n1,2\n", header: "a|b", rows: 1, firstLine: []int{2},
		},
		"last line without newline": {
			file: "a,b\n1,2\n3,4", header: "a|b", rows: 2, firstLine: []int{2, 3},
		},
		"blank lines count as lines": {
			file: "a,b\n\n1,2\n\n\n3,4\n\n", header: "a|b", rows: 2, firstLine: []int{2, 4},
		},
		"leading spaces before a quote": {
			file: "a,b\n  \"x,\ny\",1\n2,3\n", header: "a|b", rows: 2, firstLine: []int{2, 4},
		},
		"bad rows are rows": {
			file: "a,b\n1,2,3\nx\"y,1\n\"open,2\n", header: "a|b", rows: 3, firstLine: []int{2, 3, 4},
		},
		"header only":               {file: "a,b\n", header: "a|b"},
		"header without newline":    {file: "a,b", header: "a|b"},
		"one row, one column, tiny": {file: "a\n1", header: "a", rows: 1, firstLine: []int{2}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			one, err := upload.Split(strings.NewReader(tc.file), upload.SplitOptions{ChunkBytes: 1})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(one.Header, "|") != tc.header || one.Rows != tc.rows || len(one.Chunks) != tc.rows {
				t.Fatalf("plan %+v, want header %s and %d rows, one chunk each", one, tc.header, tc.rows)
			}
			for i, c := range one.Chunks {
				if c.FirstLine != tc.firstLine[i] || c.Rows != 1 {
					t.Errorf("chunk %d starts on line %d with %d rows, want line %d", i, c.FirstLine, c.Rows, tc.firstLine[i])
				}
			}
			checkPlan(t, []byte(tc.file), one)
			all, err := upload.Split(strings.NewReader(tc.file), upload.SplitOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if tc.rows > 0 && (len(all.Chunks) != 1 || all.Chunks[0].FirstLine != tc.firstLine[0]) {
				t.Fatalf("a small file in one chunk: %+v", all)
			}
			checkPlan(t, []byte(tc.file), all)
		})
	}
}

func TestSplitRefusesWhatCannotBeImported(t *testing.T) {
	t.Parallel()
	if _, err := upload.Split(strings.NewReader(""), upload.SplitOptions{}); !errors.Is(err, upload.ErrEmpty) {
		t.Errorf("empty file: %v", err)
	}
	if _, err := upload.Split(strings.NewReader("\ufeff\n\n"), upload.SplitOptions{}); !errors.Is(err, upload.ErrEmpty) {
		t.Errorf("blank file: %v", err)
	}
	runaway := "a,b\n1,\"" + strings.Repeat("never closed ", 100) + "\n2,3\n"
	if _, err := upload.Split(strings.NewReader(runaway), upload.SplitOptions{MaxRowBytes: 512}); !errors.Is(err, upload.ErrRowTooBig) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("runaway quote: %v", err)
	}
	if _, err := upload.Split(strings.NewReader("a,\"b\n"), upload.SplitOptions{}); err == nil {
		t.Error("a header with an unclosed quote was accepted")
	}
}

// TestSplitRandomFiles cuts generated files with awkward content at many chunk sizes: every cut reads back as the
// whole file does.
func TestSplitRandomFiles(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	cells := []string{"plain", "", " spaced", "\"quoted, comma\"", "\"two\nlines\"", "\"crlf\r\ninside\"", "\"esc \"\"q\"\"\"", "bad\"quote", "é ü 東京"}
	for n := range 200 {
		var b strings.Builder
		if n%3 == 0 {
			b.WriteString("\ufeff")
		}
		b.WriteString("a,b,c\n")
		for range rng.IntN(30) {
			for col := range 1 + rng.IntN(4) {
				if col > 0 {
					b.WriteByte(',')
				}
				b.WriteString(cells[rng.IntN(len(cells))])
			}
			switch rng.IntN(5) {
			case 0:
				b.WriteString("\r\n")
			case 1:
				b.WriteString("\n\n")
			default:
				b.WriteString("\n")
			}
		}
		file := b.String()
		if rng.IntN(4) == 0 {
			file = strings.TrimRight(file, "\r\n")
		}
		for _, size := range []int64{1, 7, 40, 1 << 20} {
			plan, err := upload.Split(strings.NewReader(file), upload.SplitOptions{ChunkBytes: size})
			if err != nil {
				t.Fatalf("file %d: %v\n%q", n, err, file)
			}
			checkPlan(t, []byte(file), plan)
		}
	}
}

func TestObjectKeysRoundTrip(t *testing.T) {
	t.Parallel()
	const id = "01JH8Z4Q6W3V5X7Y9A1B2C3D4E"
	source, got, err := upload.ParseObjectKey("uploads/hh-lisbon-pms/2026-12-01/" + id + ".csv")
	if err != nil || source != "hh-lisbon-pms" || got != id {
		t.Fatalf("parse: %s %s %v", source, got, err)
	}
	for _, bad := range []string{"uploads/x/2026-12-01/nope.csv", "plans/" + id + ".json", "uploads/../2026-12-01/" + id + ".csv",
		"uploads/x/yesterday/" + id + ".csv", "uploads/x/2026-12-01/" + id + ".txt", "uploads/a/b/2026-12-01/" + id + ".csv"} {
		if _, _, err := upload.ParseObjectKey(bad); !errors.Is(err, upload.ErrKey) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
