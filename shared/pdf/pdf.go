// Package pdf writes simple printable documents (a benefit certificate, an arrivals list): one A4 page per Page
// of text lines in the standard Helvetica fonts, which every PDF reader has, so no font is embedded and the files
// stay a few kilobytes. It is not a layout engine: callers place lines top to bottom.
package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Line is one line of text.
type Line struct {
	Text string
	Size float64 // points; zero means 11
	Bold bool
	Gap  float64 // extra space above, in points
}

// Page is a page's lines, from the top.
type Page []Line

const (
	pageWidth, pageHeight = 595.28, 841.89 // A4
	margin                = 56.0
)

// Render returns the PDF of pages.
func Render(title string, pages ...Page) []byte {
	if len(pages) == 0 {
		pages = []Page{nil}
	}
	var objs []string // object n is objs[n-1]
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	catalog := add("") // filled below: needs the pages object number
	pagesObj := add("")
	regular := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	bold := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	info := add(fmt.Sprintf("<< /Title %s /Producer (Hearth) >>", literal(title)))
	var kids []string
	for _, p := range pages {
		content := stream(p)
		c := add(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
		page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>",
			pagesObj, pageWidth, pageHeight, regular, bold, c))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))

	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, info, xref)
	return b.Bytes()
}

// stream lays out a page's lines from the top margin down.
func stream(p Page) string {
	var b strings.Builder
	y := pageHeight - margin
	for _, l := range p {
		size := l.Size
		if size == 0 {
			size = 11
		}
		y -= l.Gap + size*1.3
		font := "F1"
		if l.Bold {
			font = "F2"
		}
		fmt.Fprintf(&b, "BT /%s %.1f Tf %.2f %.2f Td %s Tj ET\n", font, size, margin, y, literal(l.Text))
	}
	return b.String()
}

// literal is s as a PDF string in WinAnsi (Latin-1 for the characters hotels print; others become '?').
func literal(s string) string {
	var b strings.Builder
	b.WriteByte('(')
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r == '€':
			b.WriteString(`\200`)
		case r >= 0xa0 && r <= 0xff:
			fmt.Fprintf(&b, `\%03o`, r)
		default:
			b.WriteByte('?')
		}
	}
	b.WriteByte(')')
	return b.String()
}
