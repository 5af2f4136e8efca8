package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hearthcrm/hearth/infra/topology"
)

// InvokeHandler handles a direct invocation that answers (a workflow's Lambda task) with a JSON payload.
type InvokeHandler func(ctx context.Context, payload []byte) ([]byte, error)

// importWorkers bounds a local map's concurrency below the topology's: one machine, one DynamoDB lock.
const importWorkers = 4

// ObjectCreated is S3's Object Created event through EventBridge: each bulk import workflow watching bucket and a
// prefix of key starts an execution in the background, as the rule starts a state machine. Drain waits for them.
func (rt *Runtime) ObjectCreated(bucket, key, etag string) {
	for _, sm := range rt.top.StateMachines {
		if sm.Kind != topology.KindBulkImport || sm.Bucket != bucket || !strings.HasPrefix(key, sm.Prefix) {
			continue
		}
		rt.imports.Add(1)
		go func() {
			defer rt.imports.Add(-1)
			if err := rt.RunImport(context.Background(), sm.Name, key, etag); err != nil {
				rt.log.Warn("import workflow failed", "workflow", sm.Name, "key", key, "error", err)
			}
		}()
	}
}

// Invoke calls a function's handler directly, as a workflow task (or an operator replaying one) would.
func (rt *Runtime) Invoke(ctx context.Context, function string, payload []byte) ([]byte, error) {
	fn, ok := rt.functions[function]
	if !ok {
		return nil, fmt.Errorf("no invocable function %q", function)
	}
	return fn(ctx, payload)
}

// RunImport runs one execution of a bulk import workflow to its end, the way topology.ImportDefinition does: plan,
// the chunks (a few at once, each retried unless the upload is at fault), summarise; any error is recorded through
// the fail step and returned. Running it again for the same file is what replaying the execution does.
func (rt *Runtime) RunImport(ctx context.Context, workflow, key, etag string) error {
	sm, ok := rt.top.StateMachine(workflow)
	if !ok || sm.Kind != topology.KindBulkImport {
		return fmt.Errorf("no bulk import workflow %q", workflow)
	}
	err := rt.runImport(ctx, sm, key, etag)
	if err == nil {
		return nil
	}
	name, cause := "States.TaskFailed", err.Error()
	if isPermanent(err) {
		name = topology.ErrorUploadRejected
	}
	lambdaCause, _ := json.Marshal(map[string]string{"errorMessage": cause, "errorType": name})
	fail := topology.ImportStep{Step: topology.StepFail, Key: key, Error: &topology.StepError{Error: name, Cause: string(lambdaCause)}}
	if _, ferr := rt.step(ctx, sm, fail, 3); ferr != nil {
		return errors.Join(err, fmt.Errorf("record the failure: %w", ferr))
	}
	return err
}

func (rt *Runtime) runImport(ctx context.Context, sm topology.StateMachine, key, etag string) error {
	out, err := rt.step(ctx, sm, topology.ImportStep{Step: topology.StepPlan, Key: key, ETag: etag}, 3)
	if err != nil {
		return err
	}
	var plan topology.ImportPlan
	if err := json.Unmarshal(out, &plan); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	if rt.blobs == nil {
		return errors.New("the runtime has no bucket reader for the plan's manifest")
	}
	manifest, err := rt.blobs.Get(ctx, sm.Bucket, plan.Manifest)
	if err != nil {
		return err
	}
	var items []json.RawMessage
	if err := json.Unmarshal(manifest, &items); err != nil {
		return fmt.Errorf("manifest %s: %w", plan.Manifest, err)
	}
	if err := rt.mapItems(ctx, sm, plan.UploadID, items); err != nil {
		return err
	}
	_, err = rt.step(ctx, sm, topology.ImportStep{Step: topology.StepSummarise, UploadID: plan.UploadID}, 3)
	return err
}

// mapItems is the distributed map: a bounded number of chunks at once, no failure tolerated.
func (rt *Runtime) mapItems(ctx context.Context, sm topology.StateMachine, uploadID string, items []json.RawMessage) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	next := make(chan json.RawMessage)
	for range min(sm.MaxConcurrency, importWorkers) {
		wg.Go(func() {
			for item := range next {
				_, err := rt.step(ctx, sm, topology.ImportStep{Step: topology.StepChunk, UploadID: uploadID, Chunk: item}, topology.ChunkAttempts)
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("chunk %s: %w", item, err)
				}
				mu.Unlock()
			}
		})
	}
	for _, item := range items {
		next <- item
	}
	close(next)
	wg.Wait()
	return first
}

// step invokes the workflow's task function, trying again up to attempts times unless the error is permanent.
func (rt *Runtime) step(ctx context.Context, sm topology.StateMachine, s topology.ImportStep, attempts int) ([]byte, error) {
	payload, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	for try := 1; ; try++ {
		out, err := rt.Invoke(ctx, sm.TaskFunction, payload)
		if err == nil || isPermanent(err) || try >= attempts || ctx.Err() != nil {
			return out, err
		}
	}
}

// isPermanent reports an error its function says no retry can mend (topology.ErrorUploadRejected in AWS).
func isPermanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}
