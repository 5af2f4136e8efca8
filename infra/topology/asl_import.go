package topology

import (
	"encoding/json"
	"fmt"
)

// Steps of a bulk import workflow: the "step" of each payload its task function is invoked with.
const (
	StepPlan      = "plan"
	StepChunk     = "chunk"
	StepSummarise = "summarise"
	StepFail      = "fail"
)

// ErrorUploadRejected is the error name (the Go type name Lambda reports) of a step failing through the file's or the
// upload's own fault: the workflow does not retry it.
const ErrorUploadRejected = "UploadRejected"

// ImportStep is the payload of each task of a bulk import workflow.
type ImportStep struct {
	Step     string          `json:"step"`
	Key      string          `json:"key,omitempty"`      // plan and fail: the object created in the bucket
	ETag     string          `json:"etag,omitempty"`     // plan: its version
	UploadID string          `json:"uploadId,omitempty"` // chunk and summarise
	Chunk    json.RawMessage `json:"chunk,omitempty"`    // chunk: one item of the plan's manifest
	Error    *StepError      `json:"error,omitempty"`    // fail: what the workflow caught
}

// StepError is a caught error as Step Functions passes it on.
type StepError struct {
	Error string `json:"Error"`
	Cause string `json:"Cause"`
}

// ImportPlan is the plan step's answer: the manifest (a JSON array of chunks in the same bucket) the map reads.
type ImportPlan struct {
	UploadID string `json:"uploadId"`
	Manifest string `json:"manifest"`
	Chunks   int    `json:"chunks"`
	Rows     int    `json:"rows"`
}

// Retry policies of the import's tasks. Lambda's own throttling and service errors are always worth another try;
// a function error is too (a DynamoDB or S3 hiccup), unless the upload itself is at fault.
const (
	ChunkAttempts   = 4  // one try and three retries, as the map's task retries
	ChunkTimeoutSec = 60 // per try: four tries and their back-off stay inside an EXPRESS child's five minutes
)

func importRetry(fnErrors int) []any {
	return []any{
		map[string]any{"ErrorEquals": []string{ErrorUploadRejected}, "MaxAttempts": 0},
		map[string]any{
			"ErrorEquals":     []string{"Lambda.TooManyRequestsException", "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"},
			"IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2, "MaxDelaySeconds": 30,
		},
		map[string]any{"ErrorEquals": []string{"States.ALL"}, "IntervalSeconds": 2, "MaxAttempts": fnErrors, "BackoffRate": 2},
	}
}

// ImportDefinition renders the Amazon States Language definition of a bulk import workflow, started by an S3
// "Object Created" event from EventBridge (the event is the execution's input). functionARN may be a CDK token.
//
//	Plan          the task function cuts the file into chunks and writes the manifest
//	ImportChunks  a distributed map over the manifest: one EXPRESS child per chunk, at most MaxConcurrency at once;
//	              no failed chunk is tolerated, since its rows would be missing from the summary
//	Summarise     the task function adds up the chunks and merges the rejected rows
//	RecordFailure any caught error marks the upload failed, with its reason, before the execution fails
func ImportDefinition(sm StateMachine, functionARN string) (string, error) {
	if sm.Timeout <= 0 || sm.MaxConcurrency < 1 {
		return "", fmt.Errorf("state machine %s needs a timeout and a positive MaxConcurrency", sm.Name)
	}
	invoke := func(payload map[string]any) map[string]any {
		return map[string]any{"FunctionName": functionARN, "Payload": payload}
	}
	catch := []any{map[string]any{"ErrorEquals": []string{"States.ALL"}, "ResultPath": "$.error", "Next": "RecordFailure"}}
	def := map[string]any{
		"Comment":        fmt.Sprintf("Hearth %s workflow: plan an uploaded CSV file, import its chunks, sum up", sm.Name),
		"StartAt":        "Plan",
		"TimeoutSeconds": int(sm.Timeout.Seconds()),
		"States": map[string]any{
			"Plan": map[string]any{
				"Type":     "Task",
				"Resource": "arn:aws:states:::lambda:invoke",
				"Parameters": invoke(map[string]any{
					"step": StepPlan, "key.$": "$.detail.object.key", "etag.$": "$.detail.object.etag",
				}),
				"ResultSelector": map[string]any{"uploadId.$": "$.Payload.uploadId", "manifest.$": "$.Payload.manifest", "chunks.$": "$.Payload.chunks"},
				"ResultPath":     "$.plan",
				"Retry":          importRetry(2),
				"Catch":          catch,
				"Next":           "ImportChunks",
			},
			"ImportChunks": map[string]any{
				"Type":  "Map",
				"Label": "chunks",
				"ItemReader": map[string]any{
					"Resource":     "arn:aws:states:::s3:getObject",
					"ReaderConfig": map[string]any{"InputType": "JSON"},
					"Parameters":   map[string]any{"Bucket.$": "$.detail.bucket.name", "Key.$": "$.plan.manifest"},
				},
				"ItemSelector": map[string]any{"step": StepChunk, "uploadId.$": "$.plan.uploadId", "chunk.$": "$$.Map.Item.Value"},
				"ItemProcessor": map[string]any{
					"ProcessorConfig": map[string]any{"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
					"StartAt":         "ImportChunk",
					"States": map[string]any{
						"ImportChunk": map[string]any{
							"Type":           "Task",
							"Resource":       "arn:aws:states:::lambda:invoke",
							"Parameters":     map[string]any{"FunctionName": functionARN, "Payload.$": "$"},
							"TimeoutSeconds": ChunkTimeoutSec,
							"ResultSelector": map[string]any{"index.$": "$.Payload.index"}, // keep the map's result small
							"Retry":          importRetry(ChunkAttempts - 1),
							"End":            true,
						},
					},
				},
				"MaxConcurrency":             sm.MaxConcurrency,
				"ToleratedFailurePercentage": 0,
				"ResultPath":                 nil,
				"Catch":                      catch,
				"Next":                       "Summarise",
			},
			"Summarise": map[string]any{
				"Type":       "Task",
				"Resource":   "arn:aws:states:::lambda:invoke",
				"Parameters": invoke(map[string]any{"step": StepSummarise, "uploadId.$": "$.plan.uploadId"}),
				"ResultPath": nil,
				"Retry":      importRetry(2),
				"Catch":      catch,
				"End":        true,
			},
			"RecordFailure": map[string]any{
				"Type":       "Task",
				"Resource":   "arn:aws:states:::lambda:invoke",
				"Parameters": invoke(map[string]any{"step": StepFail, "key.$": "$.detail.object.key", "error.$": "$.error"}),
				"ResultPath": nil,
				"Retry":      importRetry(2)[1:], // no error of the upload's own here
				"Next":       "Failed",
			},
			"Failed": map[string]any{"Type": "Fail", "Error": "ImportFailed", "Cause": "the upload's status names the reason"},
		},
	}
	out, err := json.MarshalIndent(def, "", "  ")
	return string(out), err
}
