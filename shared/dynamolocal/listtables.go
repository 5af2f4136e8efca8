package dynamolocal

import (
	"slices"
	"strings"
)

// maxListTablesLimit is DynamoDB's page size cap for ListTables.
const maxListTablesLimit = 100

// trackTable records a table as existing; minidyn has no ListTables, so the
// handler keeps its own list from the table operations it forwards.
func (h *Handler) trackTable(name string) {
	h.mu.Lock()
	defer h.mu.Unlock()

	h.tables[name] = struct{}{}
}

// forgetTable drops a deleted table and its TTL setting, so a table created
// again under the same name starts clean, as in DynamoDB.
func (h *Handler) forgetTable(name string) {
	h.mu.Lock()
	defer h.mu.Unlock()

	delete(h.tables, name)
	delete(h.ttl, name)
}

// listTables answers ListTables in name order, paging with
// ExclusiveStartTableName and Limit like DynamoDB.
func (h *Handler) listTables(r request) (reply, error) {
	start, err := r.str("ExclusiveStartTableName")
	if err != nil {
		return reply{}, err
	}

	limit := maxListTablesLimit
	if err := r.decode("Limit", &limit); err != nil {
		return reply{}, err
	}

	if limit < 1 || limit > maxListTablesLimit {
		return reply{}, validationError("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: "+
			"Member must have value less than or equal to 100 and greater than or equal to 1", limit)
	}

	h.mu.Lock()
	names := make([]string, 0, len(h.tables))

	for name := range h.tables {
		if strings.Compare(name, start) > 0 {
			names = append(names, name)
		}
	}
	h.mu.Unlock()

	slices.Sort(names)

	out := struct {
		TableNames             []string `json:"TableNames"`
		LastEvaluatedTableName string   `json:"LastEvaluatedTableName,omitempty"`
	}{TableNames: names}

	if len(names) > limit {
		out.TableNames = names[:limit]
		out.LastEvaluatedTableName = names[limit-1]
	}

	return jsonReply(out)
}
