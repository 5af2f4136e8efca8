package webhooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/upload"
)

// ImportStep is the import function's entry point: it runs the step of the bulk import workflow its payload (a
// topology.ImportStep) names and answers with that step's result. An error that is the upload's own fault is
// returned as *intake.UploadRejected itself, so that its name is what the workflow's retry and catch match.
func ImportStep(a *app.App, queue intake.Queue, up Uploads) (func(context.Context, []byte) ([]byte, error), error) {
	in, err := Service(a, queue, up)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		out, err := importStep(ctx, in, payload)
		var rej *intake.UploadRejected
		if errors.As(err, &rej) {
			return nil, rej
		}
		return out, err
	}, nil
}

func importStep(ctx context.Context, in *intake.Service, payload []byte) ([]byte, error) {
	var step topology.ImportStep
	if err := json.Unmarshal(payload, &step); err != nil {
		return nil, &intake.UploadRejected{Reason: fmt.Sprintf("import step: %v", err)}
	}
	switch step.Step {
	case topology.StepPlan:
		p, err := in.PlanUpload(ctx, step.Key, step.ETag)
		if err != nil {
			return nil, err
		}
		return json.Marshal(topology.ImportPlan{UploadID: p.UploadID, Manifest: p.Manifest, Chunks: p.Chunks, Rows: p.Rows})
	case topology.StepChunk:
		var c upload.Chunk
		if err := json.Unmarshal(step.Chunk, &c); err != nil {
			return nil, &intake.UploadRejected{Reason: fmt.Sprintf("chunk: %v", err)}
		}
		r, err := in.ImportUploadChunk(ctx, step.UploadID, c)
		if err != nil {
			return nil, err
		}
		return json.Marshal(r)
	case topology.StepSummarise:
		u, err := in.SummariseUpload(ctx, step.UploadID)
		if err != nil {
			return nil, err
		}
		return json.Marshal(u.Summary)
	case topology.StepFail:
		return []byte("{}"), in.FailUpload(ctx, step.Key, failure(step.Error))
	}
	return nil, &intake.UploadRejected{Reason: fmt.Sprintf("unknown import step %q", step.Step)}
}

// failure reads the reason out of a caught error: a Lambda error's cause is its JSON error response.
func failure(e *topology.StepError) string {
	if e == nil {
		return "the import failed"
	}
	var lambdaErr struct {
		ErrorMessage string `json:"errorMessage"`
	}
	if json.Unmarshal([]byte(e.Cause), &lambdaErr) == nil && lambdaErr.ErrorMessage != "" {
		return lambdaErr.ErrorMessage
	}
	if e.Cause == "" {
		return e.Error
	}
	return e.Error + ": " + e.Cause
}
