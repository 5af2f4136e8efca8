package dynamolocal

import (
	"encoding/json"
	"slices"
	"strings"
)

// condition is the legacy Condition shape used by KeyConditions.
type condition struct {
	ComparisonOperator string
	AttributeValueList []json.RawMessage
}

// keyOperators renders each comparison operator DynamoDB allows in
// KeyConditions; arity is the number of values it takes.
var keyOperators = map[string]struct {
	arity  int
	render func(name string, vals []string) string
}{
	"EQ":          {1, func(n string, v []string) string { return n + " = " + v[0] }},
	"LE":          {1, func(n string, v []string) string { return n + " <= " + v[0] }},
	"LT":          {1, func(n string, v []string) string { return n + " < " + v[0] }},
	"GE":          {1, func(n string, v []string) string { return n + " >= " + v[0] }},
	"GT":          {1, func(n string, v []string) string { return n + " > " + v[0] }},
	"BEGINS_WITH": {1, func(n string, v []string) string { return "begins_with(" + n + ", " + v[0] + ")" }},
	"BETWEEN":     {2, func(n string, v []string) string { return n + " BETWEEN " + v[0] + " AND " + v[1] }},
}

// translateKeyConditions rewrites a Query's legacy KeyConditions into a
// KeyConditionExpression. minidyn ignores KeyConditions, which made every
// guregu/dynamo Query silently match nothing.
func translateKeyConditions(r request) error {
	if !r.has("KeyConditions") {
		return nil
	}

	if r.has("KeyConditionExpression") {
		return validationError("Can not use both expression and non-expression parameters in the same request: " +
			"Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}")
	}

	var conds map[string]condition
	if err := r.decode("KeyConditions", &conds); err != nil {
		return err
	}

	if len(conds) == 0 || len(conds) > 2 {
		return validationError("Conditions can be of length 1 or 2 only")
	}

	attrs := make([]string, 0, len(conds))
	for a := range conds {
		attrs = append(attrs, a)
	}

	// Deterministic output, equality (the partition key) first, reads the
	// way a person would write it.
	slices.SortFunc(attrs, func(a, b string) int {
		ea, eb := conds[a].ComparisonOperator == "EQ", conds[b].ComparisonOperator == "EQ"
		if ea != eb {
			if ea {
				return -1
			}

			return 1
		}

		return strings.Compare(a, b)
	})

	ex, err := loadExprAttrs(r)
	if err != nil {
		return err
	}

	clauses := make([]string, 0, len(attrs))

	for _, attr := range attrs {
		c := conds[attr]

		op, ok := keyOperators[c.ComparisonOperator]
		if !ok {
			return validationError("Attempted conditional constraint is not an indexable operation: %s on %s", c.ComparisonOperator, attr)
		}

		if len(c.AttributeValueList) != op.arity {
			return validationError("One or more parameter values were invalid: Invalid number of argument(s) for the %s ComparisonOperator", c.ComparisonOperator)
		}

		vals := make([]string, len(c.AttributeValueList))
		for i, v := range c.AttributeValueList {
			vals[i] = ex.value(v)
		}

		clauses = append(clauses, op.render(ex.name(attr), vals))
	}

	delete(r, "KeyConditions")

	if err := r.set("KeyConditionExpression", strings.Join(clauses, " AND ")); err != nil {
		return err
	}

	return ex.store(r)
}
