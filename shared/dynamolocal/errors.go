package dynamolocal

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"net/http"
	"strconv"
	"strings"
)

// errorTypePrefix is the namespace DynamoDB puts in front of error codes in
// the __type field; the SDK strips it, so clients see the bare code.
const errorTypePrefix = "com.amazonaws.dynamodb.v20120810#"

// contentType is what DynamoDB answers with; the SDK relies on it to pick
// the JSON error decoder.
const contentType = "application/x-amz-json-1.0"

// apiError is a DynamoDB-style error: an HTTP status plus the code and
// message the SDK turns into a typed error.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func validationError(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "ValidationException", message: fmt.Sprintf(format, args...)}
}

func serializationError(err error) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "SerializationException", message: err.Error()}
}

// errorBody is the wire shape of a DynamoDB error.
type errorBody struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

// parseError turns a non-200 answer from the wrapped handler into an
// apiError, coping with minidyn's plain-text errors as well as JSON ones.
func parseError(status int, body []byte) *apiError {
	var wire struct {
		Type         string `json:"__type"`
		Message      string `json:"message"`
		MessageUpper string `json:"Message"`
	}

	if err := json.Unmarshal(body, &wire); err == nil && wire.Type != "" {
		code := wire.Type[strings.LastIndex(wire.Type, "#")+1:]
		msg := wire.Message
		if msg == "" {
			msg = wire.MessageUpper
		}

		return &apiError{status: status, code: code, message: msg}
	}

	code := "ValidationException"
	if status >= http.StatusInternalServerError {
		code = "InternalServerError"
	}

	return &apiError{status: status, code: code, message: strings.TrimSpace(string(body))}
}

// writeError answers with err as a DynamoDB JSON error. Errors that are not
// apiErrors are internal failures of the compat layer.
func writeError(w http.ResponseWriter, err error) {
	apiErr, ok := err.(*apiError)
	if !ok {
		apiErr = &apiError{status: http.StatusInternalServerError, code: "InternalServerError", message: err.Error()}
	}

	body, _ := json.Marshal(errorBody{Type: errorTypePrefix + apiErr.code, Message: apiErr.message})
	writeBody(w, apiErr.status, body)
}

func writeBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", contentType)
	// DynamoDB signs every response body with a CRC32 the SDK checks; without it the SDK logs a warning per call.
	w.Header().Set("X-Amz-Crc32", strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
