package dynamolocal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/truora/minidyn/server"
)

// maxRequestBytes bounds request bodies; DynamoDB's own limit is far lower
// for any single request, so this only stops runaway clients.
const maxRequestBytes = 64 << 20

// Handler is the compatibility layer in front of a minidyn server: it
// rewrites or answers the requests minidyn gets wrong and forwards the rest.
// It is safe for concurrent use.
type Handler struct {
	next http.Handler

	// gate is held exclusively around table-level operations and shared
	// around item operations: minidyn's CreateTable, DeleteTable and
	// DescribeTable touch its table map without taking its own lock, so
	// they must not overlap anything else. Item operations are serialised
	// by minidyn itself.
	gate sync.RWMutex

	mu     sync.Mutex
	tables map[string]struct{}  // tables seen created, for ListTables
	ttl    map[string]ttlSpec   // TTL settings by table
	keys   map[string]tableKeys // key schemas read so far; table operations forget them

	now func() time.Time
}

// NewHandler returns a Handler that forwards to next, normally a
// *server.Server from github.com/truora/minidyn/server.
func NewHandler(next http.Handler) *Handler {
	return &Handler{
		next:   next,
		tables: map[string]struct{}{},
		ttl:    map[string]ttlSpec{},
		now:    time.Now,
	}
}

// forwardedOps lists the operations minidyn implements, each with its input
// shape. Requests are decoded into the shape before forwarding so that a
// malformed one gets a SerializationException rather than minidyn's
// generic failure.
var forwardedOps = map[string]func() any{
	"CreateTable":        func() any { return new(server.CreateTableInput) },
	"UpdateTable":        func() any { return new(server.UpdateTableInput) },
	"DeleteTable":        func() any { return new(server.DeleteTableInput) },
	"DescribeTable":      func() any { return new(server.DescribeTableInput) },
	"PutItem":            func() any { return new(server.PutItemInput) },
	"DeleteItem":         func() any { return new(server.DeleteItemInput) },
	"UpdateItem":         func() any { return new(server.UpdateItemInput) },
	"GetItem":            func() any { return new(server.GetItemInput) },
	"Query":              func() any { return new(server.QueryInput) },
	"Scan":               func() any { return new(server.ScanInput) },
	"BatchWriteItem":     func() any { return new(server.BatchWriteItemInput) },
	"BatchGetItem":       func() any { return new(server.BatchGetItemInput) },
	"TransactWriteItems": func() any { return new(server.TransactWriteItemsInput) },
	"TransactGetItems":   func() any { return new(server.TransactGetItemsInput) },
}

// ServeHTTP serves the DynamoDB JSON API. Every failure, including a panic
// in minidyn, is answered with a DynamoDB JSON error.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			// net/http's own abort signal must keep unwinding.
			if v == http.ErrAbortHandler {
				panic(v)
			}

			writeError(w, &apiError{
				status:  http.StatusInternalServerError,
				code:    "InternalServerError",
				message: fmt.Sprintf("dynamolocal: internal error: %v", v),
			})
		}
	}()

	rep, err := h.serve(w, r)
	if err != nil {
		writeError(w, err)

		return
	}

	writeBody(w, rep.status, rep.body)
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request) (reply, error) {
	if r.Method != http.MethodPost {
		return reply{}, &apiError{
			status:  http.StatusMethodNotAllowed,
			code:    "UnknownOperationException",
			message: "dynamolocal: only POST requests are supported",
		}
	}

	target := r.Header.Get("X-Amz-Target")

	op, ok := strings.CutPrefix(target, targetPrefix)
	if !ok {
		return reply{}, &apiError{
			status:  http.StatusBadRequest,
			code:    "UnknownOperationException",
			message: fmt.Sprintf("dynamolocal: unknown X-Amz-Target %q", target),
		}
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		return reply{}, serializationError(err)
	}

	req, err := decodeRequest(body)
	if err != nil {
		return reply{}, serializationError(err)
	}

	return h.dispatch(r.Context(), op, req)
}

func (h *Handler) dispatch(ctx context.Context, op string, req request) (reply, error) {
	switch op {
	case "ListTables":
		return h.listTables(req)
	case "UpdateTimeToLive":
		return h.updateTTL(ctx, req)
	case "DescribeTimeToLive":
		return h.describeTTL(ctx, req)
	}

	shape, ok := forwardedOps[op]
	if !ok {
		return reply{}, &apiError{
			status:  http.StatusBadRequest,
			code:    "UnknownOperationException",
			message: fmt.Sprintf("dynamolocal: operation %s is not supported", op),
		}
	}

	if err := checkShape(req, shape()); err != nil {
		return reply{}, err
	}

	if err := rejectLegacy(op, req); err != nil {
		return reply{}, err
	}

	switch op {
	case "CreateTable", "UpdateTable", "DeleteTable", "DescribeTable":
		return h.tableOp(ctx, op, req)
	case "TransactWriteItems":
		return h.transactWrite(ctx, req)
	case "Query":
		if err := translateKeyConditions(req); err != nil {
			return reply{}, err
		}
	case "Scan":
		if segmented(req) {
			return h.segmentScan(ctx, req)
		}
	}

	body, err := marshal(req)
	if err != nil {
		return reply{}, err
	}

	h.gate.RLock()
	defer h.gate.RUnlock()

	return toReply(h.forward(ctx, op, body))
}

// checkShape decodes req into minidyn's input type for the operation,
// reporting type mismatches the way DynamoDB does.
func checkShape(req request, shape any) error {
	body, err := marshal(req)
	if err != nil {
		return err
	}

	if err := json.Unmarshal(body, shape); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return serializationError(fmt.Errorf("invalid value for %s: %s", typeErr.Field, typeErr.Value))
		}

		return serializationError(err)
	}

	return nil
}

// tableOp forwards a table-level operation with the gate held exclusively,
// keeps the table list current, and fixes the reported status.
func (h *Handler) tableOp(ctx context.Context, op string, req request) (reply, error) {
	name, err := req.str("TableName")
	if err != nil {
		return reply{}, err
	}

	body, err := marshal(req)
	if err != nil {
		return reply{}, err
	}

	h.gate.Lock()
	defer h.gate.Unlock()

	if op != "DescribeTable" {
		h.mu.Lock()
		delete(h.keys, name)
		h.mu.Unlock()
	}
	resp := h.forward(ctx, op, body)
	if resp.status != http.StatusOK {
		return toReply(resp)
	}

	key, status := "TableDescription", statusActive

	switch op {
	case "CreateTable", "UpdateTable":
		h.trackTable(name)
	case "DescribeTable":
		// Also learns tables that existed before this handler was put in
		// front of minidyn.
		h.trackTable(name)
		key = "Table"
	case "DeleteTable":
		h.forgetTable(name)
		status = statusDeleting
	}

	out, err := setTableStatus(resp.body.Bytes(), key, status)
	if err != nil {
		return reply{}, err
	}

	return reply{status: http.StatusOK, body: out}, nil
}
