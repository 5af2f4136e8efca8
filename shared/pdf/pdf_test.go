package pdf

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
)

// The file is well formed: header, one object per xref entry at the offset the table gives, and the trailer
// pointing at the table.
func TestRenderIsWellFormed(t *testing.T) {
	doc := Render("Certificate (free night)", Page{{Text: "Hôtel Harbour – Lisboa (€ 100)", Size: 20, Bold: true}, {Text: `back\slash`, Gap: 10}}, Page{{Text: "page 2"}})
	if !bytes.HasPrefix(doc, []byte("%PDF-1.4\n")) || !bytes.HasSuffix(doc, []byte("%%EOF\n")) {
		t.Fatalf("header or trailer missing")
	}
	start := regexp.MustCompile(`startxref\n(\d+)\n`).FindSubmatch(doc)
	at, _ := strconv.Atoi(string(start[1]))
	if !bytes.HasPrefix(doc[at:], []byte("xref\n")) {
		t.Fatalf("startxref %d does not point at the xref table", at)
	}
	offsets := regexp.MustCompile(`(\d{10}) 00000 n `).FindAllSubmatch(doc, -1)
	for i, m := range offsets {
		off, _ := strconv.Atoi(string(m[1]))
		if want := strconv.Itoa(i+1) + " 0 obj"; !bytes.HasPrefix(doc[off:], []byte(want)) {
			t.Fatalf("xref entry %d points at %q", i+1, doc[off:off+10])
		}
	}
	for _, want := range []string{`(H\364tel Harbour ? Lisboa \(\200 100\))`, `(back\\slash)`, "/Count 2", `/Title (Certificate \(free night\))`} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("missing %s", want)
		}
	}
}
