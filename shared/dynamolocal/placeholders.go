package dynamolocal

import (
	"encoding/json"
	"fmt"
)

// exprAttrs holds a request's ExpressionAttributeNames and
// ExpressionAttributeValues so that generated clauses can add placeholders
// without clobbering the caller's own.
type exprAttrs struct {
	names  map[string]string
	values map[string]json.RawMessage
	next   int
}

func loadExprAttrs(r request) (*exprAttrs, error) {
	e := &exprAttrs{names: map[string]string{}, values: map[string]json.RawMessage{}}

	if err := r.decode("ExpressionAttributeNames", &e.names); err != nil {
		return nil, err
	}

	if err := r.decode("ExpressionAttributeValues", &e.values); err != nil {
		return nil, err
	}

	if e.names == nil { // the member was an explicit null
		e.names = map[string]string{}
	}

	if e.values == nil {
		e.values = map[string]json.RawMessage{}
	}

	return e, nil
}

// name returns a fresh "#dlN" placeholder standing for attr.
func (e *exprAttrs) name(attr string) string {
	for {
		p := fmt.Sprintf("#dl%d", e.next)
		e.next++

		if _, taken := e.names[p]; !taken {
			e.names[p] = attr

			return p
		}
	}
}

// value returns a fresh ":dlN" placeholder standing for v.
func (e *exprAttrs) value(v json.RawMessage) string {
	for {
		p := fmt.Sprintf(":dl%d", e.next)
		e.next++

		if _, taken := e.values[p]; !taken {
			e.values[p] = v

			return p
		}
	}
}

// store writes the (possibly grown) maps back into r.
func (e *exprAttrs) store(r request) error {
	if len(e.names) > 0 {
		if err := r.set("ExpressionAttributeNames", e.names); err != nil {
			return err
		}
	}

	if len(e.values) > 0 {
		if err := r.set("ExpressionAttributeValues", e.values); err != nil {
			return err
		}
	}

	return nil
}
