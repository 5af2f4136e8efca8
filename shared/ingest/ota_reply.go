package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
)

// OTANamespace is the OpenTravel namespace of every response.
const OTANamespace = "http://www.opentravel.org/OTA/2003/05"

// OTA error types (EWT) and codes (ERR) used in responses.
const (
	ewtNoImplementation = "2"
	ewtBizRule          = "3"
	ewtProtocol         = "7"
	ewtRequiredMissing  = "10"
	ewtProcessing       = "12"

	errInvalidValue   = "320"
	errRequired       = "321"
	errInvalidHotel   = "392"
	errInvalidRoom    = "402"
	errInvalidRate    = "249"
	errSystem         = "448"
	errUnableToHandle = "450"
)

// Reply is the response to the request: the matching RS message (OTA_HotelResNotifRS for OTA_HotelResNotifRQ...)
// echoing EchoToken, TimeStamp and Version, with <Success/> and any warnings when err is nil, or <Errors> when it is
// not, inside a SOAP envelope of the same version when the request had one. FieldErrors become one Error each
// (Tag is the XPath at fault; code 321 for a missing field, 320 for a bad value); any other error (the caller's
// failure to archive or enqueue) becomes a processing error with code 448, which tells the sender to retry.
func (m *OTAMessage) Reply(res Result, err error) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	name := m.replyName()
	if m.SOAP != "" {
		b.WriteString(`<soap:Envelope xmlns:soap="`)
		escape(&b, m.SOAP)
		b.WriteString(`">`)
		if m.relatesTo != "" {
			b.WriteString(`<soap:Header><wsa:RelatesTo xmlns:wsa="`)
			escape(&b, firstNonEmpty(m.relatesToNS, "http://www.w3.org/2005/08/addressing"))
			b.WriteString(`">`)
			xml.EscapeText(&b, []byte(m.relatesTo)) // an identifier, echoed identical
			b.WriteString(`</wsa:RelatesTo></soap:Header>`)
		}
		b.WriteString(`<soap:Body>`)
	}
	b.WriteString("<" + name + ` xmlns="` + OTANamespace + `"`)
	attrVerbatim(&b, "EchoToken", m.EchoToken) // OTA requires it echoed identical; it is an identifier, not card data
	attr(&b, "TimeStamp", m.TimeStamp)
	attr(&b, "Version", m.Version)
	b.WriteString(">")
	if err == nil {
		b.WriteString("<Success/>")
		if len(res.Warnings) > 0 {
			b.WriteString("<Warnings>")
			for _, w := range res.Warnings {
				item(&b, "Warning", ewtBizRule, warningCode(w), w.Field, w.Reason)
			}
			b.WriteString("</Warnings>")
		}
	} else {
		b.WriteString("<Errors>")
		m.writeErrors(&b, err)
		b.WriteString("</Errors>")
	}
	b.WriteString("</" + name + ">")
	if m.SOAP != "" {
		b.WriteString(`</soap:Body></soap:Envelope>`)
	}
	return b.Bytes()
}

func (m *OTAMessage) writeErrors(b *bytes.Buffer, err error) {
	if f := m.failure; f != nil {
		item(b, "Error", f.errType, f.code, f.err.Field, f.err.Reason)
		return
	}
	var fes FieldErrors
	if !errors.As(err, &fes) {
		item(b, "Error", ewtProcessing, errSystem, "", "system error; please retry")
		return
	}
	for _, e := range fes {
		typ, code := ewtBizRule, errInvalidValue
		switch {
		case e.Reason == reasonRequired:
			typ, code = ewtRequiredMissing, errRequired
		case strings.HasSuffix(e.Field, "@HotelCode"):
			code = errInvalidHotel
		}
		item(b, "Error", typ, code, e.Field, e.Reason)
	}
}

// replyName is the RS matching the request: OTA_xxxRQ → OTA_xxxRS. A body that was not XML at all gets OTA_ErrorRS.
func (m *OTAMessage) replyName() string {
	if n, ok := strings.CutSuffix(m.Name, "RQ"); ok && n != "" && xmlName(m.Name) {
		return n + "RS"
	}
	return "OTA_ErrorRS"
}

// xmlName reports whether s is safe to write as an element name (it came from the request).
func xmlName(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '.')) {
			return false
		}
	}
	return s != ""
}

func warningCode(w Warning) string {
	switch {
	case w.Code == WarnUnknownCode && strings.HasSuffix(w.Field, "@RoomTypeCode"):
		return errInvalidRoom
	case w.Code == WarnUnknownCode && strings.HasSuffix(w.Field, "@RatePlanCode"):
		return errInvalidRate
	case w.Code == WarnIgnored:
		return errUnableToHandle
	}
	return errInvalidValue
}

// item writes one <Error> or <Warning>.
func item(b *bytes.Buffer, el, typ, code, tag, text string) {
	b.WriteString("<" + el)
	attr(b, "Type", typ)
	attr(b, "Code", code)
	attr(b, "Tag", tag)
	b.WriteString(">")
	escape(b, text)
	b.WriteString("</" + el + ">")
}

func attrVerbatim(b *bytes.Buffer, name, value string) {
	if value == "" {
		return
	}
	b.WriteString(" " + name + `="`)
	xml.EscapeText(b, []byte(value))
	b.WriteString(`"`)
}

func attr(b *bytes.Buffer, name, value string) {
	if value == "" {
		return
	}
	b.WriteString(" " + name + `="`)
	escape(b, value)
	b.WriteString(`"`)
}

// escape writes text for an attribute or element; echoed values are scrubbed of card numbers first.
func escape(b *bytes.Buffer, s string) {
	xml.EscapeText(b, []byte(Scrub(s)))
}
