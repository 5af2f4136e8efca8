package dynamolocal

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

// minidyn runs TransactWriteItems by deep-copying every touched table first (and its copy mangles empty lists), so
// each transaction costs time proportional to the table: a ledger test of 10,000 postings slows to minutes. The
// handler runs transactions itself instead, with every other request held off: each action is forwarded as the
// single-item operation it describes, the previous image of each item is kept, and if an action's condition
// fails the items already written are put back and the transaction is cancelled with per-action reasons, as
// DynamoDB reports them.

// txItem is one action of a TransactWriteItems request.
type txItem struct {
	Put            map[string]json.RawMessage `json:"Put,omitempty"`
	Update         map[string]json.RawMessage `json:"Update,omitempty"`
	Delete         map[string]json.RawMessage `json:"Delete,omitempty"`
	ConditionCheck map[string]json.RawMessage `json:"ConditionCheck,omitempty"`
}

// undo restores one item to what it was before the transaction touched it.
type undo struct {
	table string
	key   map[string]json.RawMessage
	image map[string]json.RawMessage // nil: the item did not exist
}

func (h *Handler) transactWrite(ctx context.Context, req request) (reply, error) {
	var items []txItem
	if err := req.decode("TransactItems", &items); err != nil {
		return reply{}, err
	}
	if len(items) == 0 || len(items) > 100 {
		return reply{}, validationError("TransactItems must hold between 1 and 100 actions")
	}
	h.gate.Lock()
	defer h.gate.Unlock()

	var undos []undo
	seen := map[string]bool{}
	reasons := make([]string, len(items))
	for i := range reasons {
		reasons[i] = "None"
	}
	for i, it := range items {
		op, params := it.action()
		if params == nil {
			h.rollback(ctx, undos)
			return reply{}, validationError("TransactItems[%d] names no action", i)
		}
		table := unquote(params["TableName"])
		keys, err := h.describeKeys(ctx, table)
		if err != nil {
			h.rollback(ctx, undos)
			return reply{}, err
		}
		key := params["Key"]
		if op == "PutItem" {
			var item map[string]json.RawMessage
			_ = json.Unmarshal(params["Item"], &item)
			key, _ = json.Marshal(keys.key(item))
		}
		var got struct {
			Item map[string]json.RawMessage
		}
		if err := h.invoke(ctx, "GetItem", map[string]any{"TableName": table, "Key": json.RawMessage(key), "ConsistentRead": true}, &got); err != nil {
			h.rollback(ctx, undos)
			return reply{}, err
		}
		var k map[string]json.RawMessage
		_ = json.Unmarshal(key, &k)
		canon, _ := json.Marshal(k) // map keys sort, so equal keys marshal alike
		if seen[table+string(canon)] {
			h.rollback(ctx, undos)
			return reply{}, validationError("Transaction request cannot include multiple operations on one item")
		}
		seen[table+string(canon)] = true
		undos = append(undos, undo{table: table, key: k, image: got.Item})

		if op == "ConditionCheck" {
			// Checked by a conditional no-op update whose effect the undo list removes again.
			params = checkAsUpdate(params, key)
			op = "UpdateItem"
		}
		clean := map[string]json.RawMessage{}
		for k, v := range params {
			if len(v) > 0 && string(v) != "null" {
				clean[k] = v
			}
		}
		err = h.invoke(ctx, op, clean, nil)
		if it.ConditionCheck != nil {
			h.rollback(ctx, undos[len(undos)-1:])
			undos = undos[:len(undos)-1]
		}
		if err != nil {
			h.rollback(ctx, undos)
			if ae, ok := err.(*apiError); ok && ae.code == "ConditionalCheckFailedException" {
				reasons[i] = "ConditionalCheckFailed"
				return cancelled(reasons), nil
			}
			return reply{}, err
		}
	}
	return jsonReply(map[string]any{})
}

// checkAsUpdate turns a ConditionCheck into an update of a scratch attribute under the same condition.
func checkAsUpdate(params map[string]json.RawMessage, key json.RawMessage) map[string]json.RawMessage {
	names := map[string]json.RawMessage{}
	values := map[string]json.RawMessage{}
	_ = json.Unmarshal(params["ExpressionAttributeNames"], &names)
	_ = json.Unmarshal(params["ExpressionAttributeValues"], &values)
	names["#dynamolocalcc"] = json.RawMessage(`"dynamolocal_check"`)
	values[":dynamolocalcc"] = json.RawMessage(`{"BOOL":true}`)
	n, _ := json.Marshal(names)
	v, _ := json.Marshal(values)
	return map[string]json.RawMessage{
		"TableName": params["TableName"], "Key": key, "ConditionExpression": params["ConditionExpression"],
		"UpdateExpression": json.RawMessage(`"SET #dynamolocalcc = :dynamolocalcc"`), "ExpressionAttributeNames": n, "ExpressionAttributeValues": v,
	}
}

func (it txItem) action() (string, map[string]json.RawMessage) {
	switch {
	case it.Put != nil:
		return "PutItem", it.Put
	case it.Update != nil:
		return "UpdateItem", it.Update
	case it.Delete != nil:
		return "DeleteItem", it.Delete
	case it.ConditionCheck != nil:
		return "ConditionCheck", it.ConditionCheck
	}
	return "", nil
}

// rollback restores the items in reverse order. Callers hold h.gate exclusively.
func (h *Handler) rollback(ctx context.Context, undos []undo) {
	for i := len(undos) - 1; i >= 0; i-- {
		u := undos[i]
		if u.image == nil {
			_ = h.invoke(ctx, "DeleteItem", map[string]any{"TableName": u.table, "Key": u.key}, nil)
			continue
		}
		_ = h.invoke(ctx, "PutItem", map[string]any{"TableName": u.table, "Item": u.image}, nil)
	}
}

// cancelled answers with DynamoDB's TransactionCanceledException and one reason per action, which the SDK decodes
// into CancellationReasons.
func cancelled(reasons []string) reply {
	type reason struct {
		Code    string `json:"Code"`
		Message string `json:"Message,omitempty"`
	}
	rs := make([]reason, len(reasons))
	for i, r := range reasons {
		rs[i] = reason{Code: r}
		if r == "ConditionalCheckFailed" {
			rs[i].Message = "The conditional request failed"
		}
	}
	body, _ := json.Marshal(map[string]any{
		"__type":              errorTypePrefix + "TransactionCanceledException",
		"message":             "Transaction cancelled, please refer cancellation reasons for specific reasons [" + strings.Join(reasons, ", ") + "]",
		"CancellationReasons": rs,
	})
	return reply{status: http.StatusBadRequest, body: body}
}

func unquote(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}
