// Package ingest turns what PMS and POS systems send into Hearth's canonical events. It is the pure core of the
// integration hub: parsers, validation, code mapping and normalisation, with no AWS and no storage, so the ingest
// function, `hearth import` and `hearth replay` all run the same code.
//
// # Entry points
//
// One Ingester serves one registered source (a PMS or POS connection of one property):
//
//	in, err := ingest.New(ingest.Config{Source: src, CardKey: key})
//	res, err := in.Canonical(ingest.KindReservation, body)           // canonical JSON, one kind per route
//	reply, res, err := in.OTA(body)                                   // OpenTravel XML, bare or in SOAP
//	rows, err := in.CSV(ingest.KindCheckOut, r, ingest.CSVOptions{}) // bulk import: rows.Next() until io.EOF
//
// The ingest function's order of work is: archive Redact(body); msg, err := DecodeOTA(body) (or Canonical);
// res, err := in.MapOTA(msg); enqueue res.Events on the FIFO queue by GroupKey; answer msg.Reply(res, err), or
// msg.Reply(Result{}, enqueueErr) when the queue refused, which tells the sender to retry. CardHash hashes a
// card number as matching and console search must; Scrub masks card data in any text before it is logged.
//
// Every accepted message yields Events (a canonical envelope plus the FIFO group key that keeps one reservation's or
// guest's events in order) and Warnings (codes the source mapping does not know, values dropped by normalisation).
// Rejected input yields FieldErrors, which wrap ErrInvalid and name the field (JSON path, OTA XPath or CSV column)
// at fault: the caller answers them with a 4xx and never retries them.
//
// # Guarantees
//
//   - Idempotency keys are deterministic: the same source message always yields the same key (and the same envelope
//     id), a modification of the record yields a new one. See idempotency.go.
//   - Money is exact: decimal text is converted to int64 minor units of the currency with integer arithmetic.
//   - Card numbers never survive parsing: only an HMAC-SHA256 of the digits reaches GuestSnapshot.CardHash; CVV and
//     holder names are not even decoded; free text is scrubbed of anything that looks like a card number.
package ingest
