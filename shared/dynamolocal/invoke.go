package dynamolocal

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
)

// targetPrefix is the X-Amz-Target namespace of the DynamoDB JSON API.
const targetPrefix = "DynamoDB_20120810."

// bufferedResponse captures what the wrapped handler writes, so the compat
// layer can inspect or rewrite it before the client sees it.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}

	return b.body.Write(p)
}

func (b *bufferedResponse) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

// forward runs op with a JSON body against the wrapped handler in process.
// Callers hold h.gate as required by the operation.
func (h *Handler) forward(ctx context.Context, op string, body []byte) *bufferedResponse {
	resp := &bufferedResponse{header: http.Header{}}

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "/", bytes.NewReader(hideEmpties(body)))
	if err != nil {
		// Only reachable with a nil context; report it like DynamoDB would
		// report an internal failure.
		resp.status = http.StatusInternalServerError
		resp.body.WriteString(err.Error())

		return resp
	}

	req.Header.Set("X-Amz-Target", targetPrefix+op)
	req.Header.Set("Content-Type", contentType)

	h.next.ServeHTTP(resp, req)
	if bytes.Contains(resp.body.Bytes(), []byte(emptyMarkerJSON)) {
		restored := restoreEmpties(resp.body.Bytes())
		resp.body.Reset()
		resp.body.Write(restored)
	}

	if resp.status == 0 {
		resp.status = http.StatusOK
	}

	return resp
}

// invoke calls op on the wrapped handler with in encoded as JSON and decodes
// a successful answer into out (which may be nil). Callers hold h.gate.
func (h *Handler) invoke(ctx context.Context, op string, in, out any) error {
	body, err := marshal(in)
	if err != nil {
		return err
	}

	resp := h.forward(ctx, op, body)
	if resp.status != http.StatusOK {
		return parseError(resp.status, resp.body.Bytes())
	}

	if out == nil {
		return nil
	}

	return json.Unmarshal(resp.body.Bytes(), out)
}

// reply is an answer ready to be written to the client.
type reply struct {
	status int
	body   []byte
}

func jsonReply(v any) (reply, error) {
	body, err := marshal(v)
	if err != nil {
		return reply{}, err
	}

	return reply{status: http.StatusOK, body: body}, nil
}

// toReply passes the wrapped handler's answer through, except that errors
// which are not DynamoDB JSON (minidyn uses http.Error for some) are
// converted so the SDK can decode them.
func toReply(resp *bufferedResponse) (reply, error) {
	body := resp.body.Bytes()
	if resp.status == http.StatusOK {
		return reply{status: resp.status, body: body}, nil
	}

	var wire struct {
		Type string `json:"__type"`
	}

	if json.Unmarshal(body, &wire) == nil && wire.Type != "" {
		return reply{status: resp.status, body: body}, nil
	}

	return reply{}, parseError(resp.status, body)
}

// tableKeys names a table's primary key attributes.
type tableKeys struct {
	hash  string
	rng   string
	attrs []string
}

// key extracts the primary key of item.
func (k tableKeys) key(item map[string]json.RawMessage) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(k.attrs))
	for _, a := range k.attrs {
		if v, ok := item[a]; ok {
			out[a] = v
		}
	}

	return out
}

// describeKeys reads a table's key schema from the wrapped handler. Callers
// hold h.gate exclusively, because minidyn's DescribeTable reads its table
// map without its own lock.
func (h *Handler) describeKeys(ctx context.Context, table string) (tableKeys, error) {
	h.mu.Lock()
	cached, ok := h.keys[table]
	h.mu.Unlock()
	if ok {
		return cached, nil
	}
	keys, err := h.readKeys(ctx, table)
	if err == nil {
		h.mu.Lock()
		if h.keys == nil {
			h.keys = map[string]tableKeys{}
		}
		h.keys[table] = keys
		h.mu.Unlock()
	}
	return keys, err
}

// readKeys asks the wrapped handler for a table's key schema.
func (h *Handler) readKeys(ctx context.Context, table string) (tableKeys, error) {
	var out struct {
		Table struct {
			KeySchema []struct {
				AttributeName string
				KeyType       string
			}
		}
	}

	if err := h.invoke(ctx, "DescribeTable", map[string]string{"TableName": table}, &out); err != nil {
		return tableKeys{}, err
	}

	var keys tableKeys

	for _, ks := range out.Table.KeySchema {
		switch ks.KeyType {
		case "HASH":
			keys.hash = ks.AttributeName
		case "RANGE":
			keys.rng = ks.AttributeName
		}

		keys.attrs = append(keys.attrs, ks.AttributeName)
	}

	return keys, nil
}

// scanAll reads every item of a table, following LastEvaluatedKey. Callers
// hold h.gate.
func (h *Handler) scanAll(ctx context.Context, in map[string]any) ([]map[string]json.RawMessage, error) {
	in = maps.Clone(in) // paging rewrites ExclusiveStartKey

	var items []map[string]json.RawMessage

	for {
		var out struct {
			Items            []map[string]json.RawMessage
			LastEvaluatedKey map[string]json.RawMessage
		}

		if err := h.invoke(ctx, "Scan", in, &out); err != nil {
			return nil, err
		}

		items = append(items, out.Items...)

		if len(out.LastEvaluatedKey) == 0 {
			return items, nil
		}

		in["ExclusiveStartKey"] = out.LastEvaluatedKey
	}
}
