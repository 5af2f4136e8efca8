package dynamolocal

// legacyParams are pre-expression parameters that minidyn accepts but
// silently ignores. Ignoring a condition or filter gives wrong answers that
// look right, so they are rejected instead. guregu/dynamo v2 sends none of
// them (only KeyConditions, which is translated).
var legacyParams = []string{
	"AttributesToGet",
	"AttributeUpdates",
	"ConditionalOperator",
	"Expected",
	"QueryFilter",
	"ScanFilter",
}

// rejectLegacy fails requests that carry an unsupported legacy parameter.
func rejectLegacy(op string, r request) error {
	for _, p := range legacyParams {
		if r.has(p) {
			return unsupportedLegacy(op, p)
		}
	}

	if op != "BatchGetItem" {
		return nil
	}

	var items map[string]request
	if err := r.decode("RequestItems", &items); err != nil {
		return err
	}

	for _, kas := range items {
		if kas.has("AttributesToGet") {
			return unsupportedLegacy(op, "AttributesToGet")
		}
	}

	return nil
}

func unsupportedLegacy(op, param string) error {
	return validationError("dynamolocal: legacy parameter %s is not supported in %s; use the expression parameters instead", param, op)
}
