package intake

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/hearthcrm/hearth/shared/ingest"
	"github.com/hearthcrm/hearth/shared/reply"
)

// maxBody caps a message; PMS batches larger than this come through the CSV import instead.
const maxBody = 2 << 20

// Handler serves the webhook routes:
//
//	POST /ingest/{source}         OpenTravel XML (bare or SOAP), answered with the matching RS message
//	POST /ingest/{source}/{kind}  canonical JSON of a kind (reservation, checkin, checkout, pos_check, profile)
//	POST /ingest/{source}/{kind}/csv  one chunk of a CSV file, sent by hearth import
//	POST /ingest/{source}/{kind}/uploads  an upload URL for a whole CSV file (see upload.go)
//	GET  /ingest/{source}/uploads/{uploadId}  the upload's status and rejected rows; signed over the request target
func Handler(s *Service, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	serve := func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			writeError(w, r, http.StatusRequestEntityTooLarge, "too_large", "the message is larger than 2 MiB; use the CSV import", nil)
			return
		}
		out, err := s.Receive(r.Context(), Request{
			SourceID: r.PathValue("source"), Kind: r.PathValue("kind"), Body: body,
			Timestamp: r.Header.Get("X-Hearth-Timestamp"), Signature: r.Header.Get("X-Hearth-Signature"),
		})
		if out.OTAReply != nil && !isAuthError(err) {
			w.Header().Set("Content-Type", "text/xml; charset=utf-8")
			status := http.StatusOK // OTA carries success or errors in the RS body
			if err != nil && !errors.Is(err, ingest.ErrInvalid) {
				status = http.StatusServiceUnavailable
			}
			w.WriteHeader(status)
			_, _ = w.Write(out.OTAReply)
			return
		}
		if err != nil {
			status, code := classify(err)
			if status >= 500 {
				log.ErrorContext(r.Context(), "ingest failed", "source", r.PathValue("source"), "error", err)
			}
			var fields ingest.FieldErrors
			errors.As(err, &fields)
			writeError(w, r, status, code, err.Error(), fields)
			return
		}
		reply.JSON(w, http.StatusAccepted, out)
	}
	mux.HandleFunc("POST /ingest/{source}", serve)
	mux.HandleFunc("POST /ingest/{source}/{kind}", serve)
	mux.HandleFunc("POST /ingest/{source}/{kind}/csv", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			writeError(w, r, http.StatusRequestEntityTooLarge, "too_large", "a chunk must stay under 2 MiB", nil)
			return
		}
		first, _ := strconv.Atoi(r.URL.Query().Get("firstLine"))
		chunk, err := DecodeChunk(body, first)
		var sum ingest.CSVSummary
		if err == nil {
			sum, err = s.ReceiveCSV(r.Context(), Request{
				SourceID: r.PathValue("source"), Kind: r.PathValue("kind"), Body: body,
				Timestamp: r.Header.Get("X-Hearth-Timestamp"), Signature: r.Header.Get("X-Hearth-Signature"),
			}, chunk)
		}
		if err != nil {
			status, code := classify(err)
			if status >= 500 {
				log.ErrorContext(r.Context(), "import chunk failed", "source", r.PathValue("source"), "error", err)
			}
			writeError(w, r, status, code, err.Error(), nil)
			return
		}
		reply.JSON(w, http.StatusAccepted, sum)
	})
	mux.HandleFunc("POST /ingest/{source}/{kind}/uploads", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
		if err != nil {
			writeError(w, r, http.StatusRequestEntityTooLarge, "too_large", "an upload request has no file in it; PUT the file to the URL it returns", nil)
			return
		}
		t, err := s.RequestUpload(r.Context(), Request{
			SourceID: r.PathValue("source"), Kind: r.PathValue("kind"), Body: body,
			Timestamp: r.Header.Get("X-Hearth-Timestamp"), Signature: r.Header.Get("X-Hearth-Signature"),
		})
		if err != nil {
			fail(w, r, log, "upload request failed", err)
			return
		}
		reply.JSON(w, http.StatusCreated, t)
	})
	mux.HandleFunc("GET /ingest/{source}/uploads/{uploadId}", func(w http.ResponseWriter, r *http.Request) {
		limit := 500
		if v := r.URL.Query().Get("limit"); v != "" {
			var err error
			if limit, err = strconv.Atoi(v); err != nil {
				limit = -1 // refused below, with the range
			}
		}
		st, err := s.Status(r.Context(), Request{
			SourceID: r.PathValue("source"), Body: []byte(r.URL.RequestURI()),
			Timestamp: r.Header.Get("X-Hearth-Timestamp"), Signature: r.Header.Get("X-Hearth-Signature"),
		}, r.PathValue("uploadId"), r.URL.Query().Get("cursor"), limit)
		if err != nil {
			fail(w, r, log, "upload status failed", err)
			return
		}
		reply.JSON(w, http.StatusOK, st)
	})
	return reply.RequestIDs(mux)
}

// fail answers an error of the upload routes, logging the ones that are Hearth's.
func fail(w http.ResponseWriter, r *http.Request, log *slog.Logger, what string, err error) {
	status, code := classify(err)
	if status >= 500 {
		log.ErrorContext(r.Context(), what, "source", r.PathValue("source"), "error", err)
	}
	writeError(w, r, status, code, err.Error(), nil)
}

func isAuthError(err error) bool {
	return errors.Is(err, ErrUnknownSource) || errors.Is(err, ErrSignature) || errors.Is(err, ErrStale) || errors.Is(err, ErrReplay)
}

func classify(err error) (int, string) {
	switch {
	case errors.Is(err, ErrUnknownSource):
		return http.StatusNotFound, "unknown_source"
	case errors.Is(err, ErrSignature):
		return http.StatusUnauthorized, "bad_signature"
	case errors.Is(err, ErrStale):
		return http.StatusUnauthorized, "stale_signature"
	case errors.Is(err, ErrReplay):
		return http.StatusConflict, "replayed_signature"
	case errors.Is(err, ErrUnknownUpload):
		return http.StatusNotFound, "unknown_upload"
	case errors.Is(err, ingest.ErrInvalid):
		return http.StatusBadRequest, "invalid_message"
	}
	return http.StatusServiceUnavailable, "retry"
}

// writeError answers in the API's one error shape; the fields at fault in a message become its details.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, message string, fields ingest.FieldErrors) {
	if status >= 500 {
		message = "Hearth could not take the message now; send it again" // no internals to the sender
	}
	details := make([]reply.Detail, len(fields))
	for i, f := range fields {
		details[i] = reply.Detail{In: "body", Field: f.Field, Reason: f.Reason}
	}
	reply.Fail(w, r, status, reply.Error{Code: code, Message: message, Details: details})
}
