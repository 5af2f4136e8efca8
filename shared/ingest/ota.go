package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// OTA message names Hearth accepts.
const (
	OTAHotelResNotif       = "OTA_HotelResNotifRQ"
	OTAHotelResModifyNotif = "OTA_HotelResModifyNotifRQ"
	OTAHotelStayInfoNotif  = "OTA_HotelStayInfoNotifRQ"
	OTAProfileCreate       = "OTA_ProfileCreateRQ"
)

// SOAP envelope namespaces. Channel managers and HTNG interfaces wrap OTA messages in SOAP 1.1; 1.2 is accepted too.
const (
	SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
	SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
)

// OTAMessage is a decoded OpenTravel request: which message it is, how it was wrapped, and the attributes its
// response must echo. DecodeOTA returns one even for input it cannot read, so a response can always be formed.
type OTAMessage struct {
	// Name is the request's root element, e.g. OTA_HotelResNotifRQ; "" when the body is not XML.
	Name string
	// SOAP is the envelope namespace when the request came in a SOAP envelope, "" when bare.
	SOAP string
	// EchoToken, TimeStamp, Version and SequenceNmbr are the request's root attributes.
	EchoToken, TimeStamp, Version, SequenceNmbr string

	relatesTo   string // WS-Addressing MessageID of the request, echoed as RelatesTo
	relatesToNS string
	rq          otaRQ
	failure     *otaFailure // why decoding failed, nil when it did not
}

// otaFailure classifies a message Hearth could not read, for the OTA error type of the response.
type otaFailure struct {
	errType, code string
	err           FieldError
}

// DecodeOTA reads an OpenTravel request, bare or in a SOAP envelope. The error is a FieldErrors (wrapping ErrInvalid)
// when the body is not well-formed XML or not a supported message; the returned message can still answer it.
func DecodeOTA(body []byte) (*OTAMessage, error) {
	msg := &OTAMessage{}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = charsetReader
	root, err := msg.findRoot(d)
	if err != nil {
		return msg, msg.fail(ewtProtocol, errUnableToHandle, xmlError(err))
	}
	msg.Name = root.Name.Local
	for _, a := range root.Attr {
		switch a.Name.Local {
		case "EchoToken":
			msg.EchoToken = a.Value
		case "TimeStamp":
			msg.TimeStamp = a.Value
		case "Version":
			msg.Version = a.Value
		case "SequenceNmbr":
			msg.SequenceNmbr = a.Value
		}
	}
	switch msg.Name {
	case OTAHotelResNotif, OTAHotelResModifyNotif, OTAHotelStayInfoNotif, OTAProfileCreate:
	default:
		return msg, msg.fail(ewtNoImplementation, errUnableToHandle, FieldError{Field: msg.Name, Reason: "message is not supported (" +
			strings.Join([]string{OTAHotelResNotif, OTAHotelResModifyNotif, OTAHotelStayInfoNotif, OTAProfileCreate}, ", ") + ")"})
	}
	if err := d.DecodeElement(&msg.rq, &root); err != nil {
		return msg, msg.fail(ewtProtocol, errUnableToHandle, xmlError(err))
	}
	return msg, nil
}

func (m *OTAMessage) fail(errType, code string, e FieldError) error {
	m.failure = &otaFailure{errType: errType, code: code, err: e}
	return FieldErrors{e}
}

// findRoot returns the OTA root element, stepping into a SOAP envelope's Body (and noting its Header's MessageID).
func (m *OTAMessage) findRoot(d *xml.Decoder) (xml.StartElement, error) {
	start, err := nextStart(d)
	if err != nil {
		return start, err
	}
	if start.Name.Local != "Envelope" || (start.Name.Space != SOAP11 && start.Name.Space != SOAP12) {
		return start, nil
	}
	m.SOAP = start.Name.Space
	for {
		el, err := nextStart(d)
		if err != nil {
			return el, err
		}
		switch el.Name.Local {
		case "Header":
			var h struct {
				MessageID struct {
					XMLName xml.Name
					Value   string `xml:",chardata"`
				} `xml:"MessageID"`
			}
			if err := d.DecodeElement(&h, &el); err != nil {
				return el, err
			}
			m.relatesTo, m.relatesToNS = strings.TrimSpace(h.MessageID.Value), h.MessageID.XMLName.Space
		case "Body":
			return nextStart(d)
		default:
			if err := d.Skip(); err != nil {
				return el, err
			}
		}
	}
}

// nextStart returns the next start element, failing on EOF.
func nextStart(d *xml.Decoder) (xml.StartElement, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return xml.StartElement{}, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, nil
		}
	}
}

// xmlError names what is wrong with a document without echoing its content (beyond scrubbed decoder text).
func xmlError(err error) FieldError {
	var syn *xml.SyntaxError
	switch {
	case errors.As(err, &syn):
		return FieldError{Reason: fmt.Sprintf("malformed XML at line %d: %s", syn.Line, Scrub(syn.Msg))}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return FieldError{Reason: "body is empty or truncated XML"}
	}
	return FieldError{Reason: "malformed XML: " + Scrub(err.Error())}
}

// OTA parses, maps and answers one OpenTravel request in a single call: reply is the RS to send back (success
// with warnings, or errors), enveloped like the request. A caller that must make the events durable before
// answering uses DecodeOTA, MapOTA and Reply instead, and answers a failed enqueue with Reply(Result{}, err).
func (in *Ingester) OTA(body []byte) (reply []byte, res Result, err error) {
	msg, err := DecodeOTA(body)
	if err == nil {
		res, err = in.MapOTA(msg)
	} else {
		in.report("ota", msg.Name, nil, err)
	}
	return msg.Reply(res, err), res, err
}

// MapOTA validates a decoded request and maps it to events. A message is accepted or rejected whole: when any
// record in it is at fault there are no events, so the sender's retry of the corrected message is the only copy.
func (in *Ingester) MapOTA(msg *OTAMessage) (Result, error) {
	if msg.failure != nil {
		return Result{}, FieldErrors{msg.failure.err}
	}
	var p problems
	var evs []Event
	switch msg.Name {
	case OTAHotelResNotif:
		evs = in.otaReservations(msg, msg.rq.HotelReservations, "HotelReservations/HotelReservation", StatusBooked, &p)
	case OTAHotelResModifyNotif:
		evs = in.otaReservations(msg, msg.rq.HotelResModifies, "HotelResModifies/HotelResModify", StatusModified, &p)
	case OTAHotelStayInfoNotif:
		evs = in.otaStayInfos(msg, &p)
	case OTAProfileCreate:
		evs = in.otaProfile(msg, &p)
	}
	in.report("ota", msg.Name, p.warns, p.err())
	if len(p.errs) > 0 {
		return Result{Warnings: p.warns}, p.errs
	}
	return Result{Events: evs, Warnings: p.warns}, nil
}
