package topology

import (
	"encoding/json"
	"fmt"
)

// ApprovalRequest is the input of an approval workflow execution and the payload its task function receives
// (with the task token). The API answers the token with an ApprovalAnswer.
type ApprovalRequest struct {
	ApprovalID  string          `json:"approvalId"`
	Kind        string          `json:"kind"`
	RequestedBy string          `json:"requestedBy"`
	BrandID     string          `json:"brandId"` // always present: the workflow reads it
	PropertyID  string          `json:"propertyId"`
	Summary     string          `json:"summary"`
	Payload     json.RawMessage `json:"payload,omitempty"`
}

// ApprovalTask is what the task function is invoked with.
type ApprovalTask struct {
	TaskToken string          `json:"taskToken"`
	Request   ApprovalRequest `json:"request"`
}

// ApprovalAnswer is the task output an approver sends back (SendTaskSuccess).
type ApprovalAnswer struct {
	Outcome   string `json:"outcome"` // approved or rejected
	DecidedBy string `json:"decidedBy"`
	Comment   string `json:"comment"`
}

// ApprovalDefinition renders the Amazon States Language definition of an approval workflow. functionARN and
// busName may be CDK tokens; the definition waits on the task token, treats a timeout as "expired" and publishes
// the decision as an envelope on the bus.
func ApprovalDefinition(sm StateMachine, source, functionARN, busName string) (string, error) {
	if sm.Timeout <= 0 {
		return "", fmt.Errorf("state machine %s needs a timeout", sm.Name)
	}
	timeout := int(sm.Timeout.Seconds())
	def := map[string]any{
		"Comment":        fmt.Sprintf("Hearth %s workflow: wait for a decision, then publish %q", sm.Name, sm.DecisionType),
		"StartAt":        "RequestApproval",
		"TimeoutSeconds": timeout + 300,
		"States": map[string]any{
			"RequestApproval": map[string]any{
				"Type":     "Task",
				"Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
				"Parameters": map[string]any{
					"FunctionName": functionARN,
					"Payload":      map[string]any{"taskToken.$": "$$.Task.Token", "request.$": "$"},
				},
				"TimeoutSeconds": timeout,
				"ResultPath":     "$.decision",
				"Retry": []any{map[string]any{
					"ErrorEquals": []string{"Lambda.ServiceException", "Lambda.TooManyRequestsException", "Lambda.SdkClientException"},
					"MaxAttempts": 3, "IntervalSeconds": 2, "BackoffRate": 2,
				}},
				"Catch": []any{map[string]any{"ErrorEquals": []string{"States.Timeout"}, "ResultPath": "$.error", "Next": "Expired"}},
				"Next":  "PublishDecision",
			},
			"Expired": map[string]any{
				"Type":       "Pass",
				"Result":     map[string]any{"outcome": "expired", "decidedBy": "", "comment": "no decision before the deadline"},
				"ResultPath": "$.decision",
				"Next":       "PublishDecision",
			},
			"PublishDecision": map[string]any{
				"Type":     "Task",
				"Resource": "arn:aws:states:::events:putEvents",
				"Parameters": map[string]any{"Entries": []any{map[string]any{
					"EventBusName": busName,
					"Source":       source,
					"DetailType":   sm.DecisionType,
					"Detail": map[string]any{
						"id.$":             "$$.Execution.Name",
						"type":             sm.DecisionType,
						"version":          1,
						"occurredAt.$":     "$$.State.EnteredTime",
						"brandId.$":        "$.brandId",
						"propertyId.$":     "$.propertyId",
						"idempotencyKey.$": "States.Format('approval/{}', $.approvalId)",
						"data": map[string]any{
							"approvalId.$":  "$.approvalId",
							"kind.$":        "$.kind",
							"requestedBy.$": "$.requestedBy",
							"outcome.$":     "$.decision.outcome",
							"decidedBy.$":   "$.decision.decidedBy",
							"comment.$":     "$.decision.comment",
						},
					},
				}}},
				"End": true,
			},
		},
	}
	out, err := json.MarshalIndent(def, "", "  ")
	return string(out), err
}
