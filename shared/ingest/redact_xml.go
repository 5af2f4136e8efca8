package ingest

import (
	"bytes"
	"encoding/xml"
	"io"
)

// redactXML rewrites card data in an XML document token by token, copying every other byte as it was. It returns
// false if the document does not tokenise, and the caller falls back to text redaction.
func redactXML(raw []byte) ([]byte, bool) {
	d := xml.NewDecoder(bytes.NewReader(raw))
	d.Strict = true
	out := make([]byte, 0, len(raw))
	var stack []string // local names of open elements
	cardDepth := 0     // open elements that are card fields (their text is card data)
	prev := int64(0)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false
		}
		end := d.InputOffset()
		span := raw[prev:end]
		prev = end
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if secretKeys[normKey(t.Name.Local)] || (t.Name.Local == "PlainText" && cardDepth > 0) {
				cardDepth++
			}
			out = append(out, redactStartTag(span, t)...)
		case xml.EndElement:
			if n := len(stack); n > 0 {
				if secretKeys[normKey(stack[n-1])] || (stack[n-1] == "PlainText" && cardDepth > 0) {
					cardDepth--
				}
				stack = stack[:n-1]
			}
			out = append(out, span...)
		case xml.CharData:
			switch {
			case len(bytes.TrimSpace(t)) == 0:
				out = append(out, span...)
			case cardDepth > 0:
				out = append(out, redacted...)
			default:
				if s := Scrub(string(t)); s != string(t) {
					xml.EscapeText(byteWriter{&out}, []byte(s))
				} else {
					out = append(out, span...)
				}
			}
		case xml.Comment:
			out = append(out, "<!--"...)
			out = append(out, Scrub(string(t))...)
			out = append(out, "-->"...)
		default:
			out = append(out, span...)
		}
	}
	out = append(out, raw[prev:]...)
	return out, true
}

// redactStartTag rewrites the attribute values of one start tag: card attributes become REDACTED, identifiers are
// kept, everything else is scrubbed. Attributes are found lexically in the original bytes (in the order the decoder
// reported them) so untouched attributes keep their exact spelling.
func redactStartTag(span []byte, t xml.StartElement) []byte {
	changed := false
	repl := make([]string, len(t.Attr))
	for i, a := range t.Attr {
		k := normKey(a.Name.Local)
		switch {
		case a.Name.Space == "xmlns" || a.Name.Local == "xmlns":
			continue
		case secretKeys[k]:
			if a.Value != "" {
				repl[i], changed = redacted, true
			}
		case keepKey(k):
		default:
			if s := Scrub(a.Value); s != a.Value {
				repl[i], changed = escapeAttr(s), true
			}
		}
	}
	if !changed {
		return span
	}
	out := make([]byte, 0, len(span))
	p, last := attrStart(span), 0
	for i := range t.Attr {
		vs, ve, ok := nextAttrValue(span, &p)
		if !ok {
			return []byte(redacted) // cannot happen for a tag the decoder accepted; never leak on a surprise
		}
		if repl[i] == "" {
			continue
		}
		out = append(out, span[last:vs]...)
		out = append(out, repl[i]...)
		last = ve
	}
	return append(out, span[last:]...)
}

// attrStart returns the offset just after a start tag's element name.
func attrStart(span []byte) int {
	p := 1 // '<'
	for p < len(span) && !isXMLSpace(span[p]) && span[p] != '/' && span[p] != '>' {
		p++
	}
	return p
}

// nextAttrValue finds the next attribute value after *p and returns its bounds inside the quotes.
func nextAttrValue(span []byte, p *int) (vs, ve int, ok bool) {
	i := *p
	for i < len(span) && span[i] != '=' {
		i++
	}
	i++
	for i < len(span) && isXMLSpace(span[i]) {
		i++
	}
	if i >= len(span) || (span[i] != '"' && span[i] != '\'') {
		return 0, 0, false
	}
	q := span[i]
	vs = i + 1
	ve = bytes.IndexByte(span[vs:], q)
	if ve < 0 {
		return 0, 0, false
	}
	ve += vs
	*p = ve + 1
	return vs, ve, true
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// escapeAttr escapes a value for a double- or single-quoted attribute.
func escapeAttr(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s)) // escapes both quote characters too
	return b.String()
}

// byteWriter appends to a byte slice, for xml.EscapeText.
type byteWriter struct{ b *[]byte }

func (w byteWriter) Write(p []byte) (int, error) {
	*w.b = append(*w.b, p...)
	return len(p), nil
}
