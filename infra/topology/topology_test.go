package topology_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
)

var hearth = topology.Hearth()

func TestConsumedDetailTypesExist(t *testing.T) {
	t.Parallel()
	for _, q := range hearth.Queues {
		if q.Rule == nil {
			continue
		}
		if q.Rule.Source != events.Source {
			t.Errorf("queue %s: rule source %q, want %q", q.Name, q.Rule.Source, events.Source)
		}
		for _, d := range q.Rule.DetailTypes {
			if !events.Known(d) {
				t.Errorf("queue %s consumes %q, which is not in events/", q.Name, d)
			}
		}
	}
	for _, s := range hearth.Schedules {
		if !events.Known(s.DetailType) {
			t.Errorf("schedule %s emits %q, which is not in events/", s.Name, s.DetailType)
		}
		if !json.Valid([]byte(strings.ReplaceAll(s.Data, "<aws.scheduler.scheduled-time>", "2026-01-01T00:00:00Z"))) {
			t.Errorf("schedule %s data is not JSON: %s", s.Name, s.Data)
		}
	}
	for _, sm := range hearth.StateMachines {
		if sm.Kind == topology.KindApproval && !events.Known(sm.DecisionType) {
			t.Errorf("state machine %s publishes %q, which is not in events/", sm.Name, sm.DecisionType)
		}
	}
}

func TestEveryFunctionHasAMain(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..", "functions")
	for _, f := range hearth.Functions {
		if _, err := os.Stat(filepath.Join(root, f.Name, "main.go")); err != nil {
			t.Errorf("function %s has no functions/%s/main.go", f.Name, f.Name)
		}
	}
	dirs, _ := os.ReadDir(root)
	for _, d := range dirs {
		if _, ok := hearth.Function(d.Name()); d.IsDir() && !ok {
			t.Errorf("functions/%s is not declared in the topology", d.Name())
		}
	}
}

func TestReferencesResolve(t *testing.T) {
	t.Parallel()
	for _, f := range hearth.Functions {
		for name := range f.Tables {
			if _, ok := hearth.Table(name); !ok {
				t.Errorf("function %s uses unknown table %s", f.Name, name)
			}
		}
		for _, q := range f.SendsTo {
			if _, ok := hearth.Queue(q); !ok {
				t.Errorf("function %s sends to unknown queue %s", f.Name, q)
			}
		}
		for _, sec := range f.Secrets {
			if _, ok := hearth.Secret(sec); !ok {
				t.Errorf("function %s reads unknown secret %s", f.Name, sec)
			}
		}
		for _, sm := range append(append([]string{}, f.StartsWorkflows...), f.CompletesWorkflow...) {
			if _, ok := hearth.StateMachine(sm); !ok {
				t.Errorf("function %s uses unknown state machine %s", f.Name, sm)
			}
		}
		if f.MemoryMB < 128 || f.Timeout <= 0 {
			t.Errorf("function %s needs memory ≥ 128 MB and a timeout", f.Name)
		}
	}
	for _, q := range hearth.Queues {
		fn, ok := hearth.Function(q.Consumer)
		if !ok {
			t.Errorf("queue %s has unknown consumer %s", q.Name, q.Consumer)
			continue
		}
		// SQS requires the visibility timeout to cover the consumer's run, or messages are redelivered mid-run.
		if q.VisibilityTimeout < fn.Timeout {
			t.Errorf("queue %s visibility %s is shorter than %s's timeout %s", q.Name, q.VisibilityTimeout, fn.Name, fn.Timeout)
		}
		if q.MaxReceiveCount < 1 || q.BatchSize < 1 || q.BatchSize > 10 {
			t.Errorf("queue %s: maxReceiveCount %d, batch %d", q.Name, q.MaxReceiveCount, q.BatchSize)
		}
	}
	for _, sm := range hearth.StateMachines {
		if _, ok := hearth.Function(sm.TaskFunction); !ok {
			t.Errorf("state machine %s has unknown task function %s", sm.Name, sm.TaskFunction)
		}
	}
	if _, ok := hearth.Function(hearth.API.Function); !ok {
		t.Errorf("API routes to unknown function %s", hearth.API.Function)
	}
	for _, tb := range hearth.Tables {
		if len(tb.AccessPatterns) == 0 {
			t.Errorf("table %s documents no access patterns", tb.Name)
		}
	}
}

func TestPermissionsDeriveFromWiring(t *testing.T) {
	t.Parallel()
	top := topology.Topology{
		Tables:    []topology.Table{{Name: "A"}, {Name: "B"}},
		Functions: []topology.Function{{Name: "reader", Tables: map[string]topology.Access{"A": topology.Read}}, {Name: "writer", Tables: map[string]topology.Access{"B": topology.ReadWrite}, Publishes: true, SendsTo: []string{"q2"}}},
		Queues:    []topology.Queue{{Name: "q1", Consumer: "reader"}, {Name: "q2", Consumer: "reader"}},
	}
	got := map[string][]string{}
	for _, g := range top.Permissions("reader") {
		got[g.Kind+":"+g.Resource] = g.Actions
	}
	if len(got) != 3 || got["table:A"] == nil || got["queue:q1"] == nil || got["queue:q2"] == nil {
		t.Fatalf("reader grants = %v, want table A and queues q1, q2 only", got)
	}
	if contains(got["table:A"], "dynamodb:PutItem") {
		t.Errorf("read access grants PutItem")
	}
	got = map[string][]string{}
	for _, g := range top.Permissions("writer") {
		got[g.Kind+":"+g.Resource] = g.Actions
	}
	if !contains(got["table:B"], "dynamodb:PutItem") || !contains(got["bus:bus"], "events:PutEvents") || !contains(got["queue:q2"], "sqs:SendMessage") || got["table:A"] != nil {
		t.Errorf("writer grants = %v", got)
	}
	if top.Permissions("nobody") != nil {
		t.Errorf("unknown function has grants")
	}
	// Erasure in the versioned archive: each version by id, and no plain delete that would leave them behind.
	var erase []string
	for _, g := range hearth.Permissions(topology.FunctionPrivacy) {
		if g.Kind == "bucket" && g.Resource == topology.BucketArchive {
			erase = g.Actions
		}
	}
	for _, a := range []string{"s3:GetObject", "s3:PutObject", "s3:ListBucketVersions", "s3:DeleteObjectVersion"} {
		if !contains(erase, a) {
			t.Errorf("privacy on the archive lacks %s: %v", a, erase)
		}
	}
	if contains(erase, "s3:DeleteObject") || contains(erase, "s3:ListBucket") || len(erase) != 4 {
		t.Errorf("privacy on the archive may do more than erase: %v", erase)
	}
	for _, f := range hearth.Functions {
		for _, g := range hearth.Permissions(f.Name) {
			for _, a := range g.Actions {
				if strings.Contains(a, "*") {
					t.Errorf("%s: wildcard action %s", f.Name, a)
				}
			}
		}
	}
}

func TestApprovalDefinition(t *testing.T) {
	t.Parallel()
	sm, _ := hearth.StateMachine(topology.WorkflowApproval)
	def, err := topology.ApprovalDefinition(sm, events.Source, "arn:aws:lambda:eu-west-1:123456789012:function:approvals", "hearth-bus")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"lambda:invoke.waitForTaskToken", "$$.Task.Token", "States.Timeout", "events:putEvents", events.TypeApprovalDecided} {
		if !strings.Contains(def, want) {
			t.Errorf("definition lacks %q", want)
		}
	}
	if _, err := topology.ApprovalDefinition(topology.StateMachine{Name: "x"}, "s", "f", "b"); err == nil {
		t.Errorf("a workflow without a timeout was accepted")
	}
}

// TestImportDefinition: every payload the import workflow sends decodes into topology.ImportStep with the fields
// its step needs, and the chunks retry on Lambda throttling but never on the upload's own errors.
func TestImportDefinition(t *testing.T) {
	t.Parallel()
	sm, _ := hearth.StateMachine(topology.WorkflowImport)
	def, err := topology.ImportDefinition(sm, "arn:aws:lambda:eu-west-1:123456789012:function:import")
	if err != nil {
		t.Fatal(err)
	}
	var asl struct {
		States map[string]struct {
			Parameters    struct{ Payload map[string]any }
			ItemSelector  map[string]any
			ItemProcessor struct {
				States map[string]struct {
					Retry []struct {
						ErrorEquals []string
						MaxAttempts int
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(def), &asl); err != nil {
		t.Fatal(err)
	}
	payloads := map[string]map[string]any{
		topology.StepPlan: asl.States["Plan"].Parameters.Payload, topology.StepChunk: asl.States["ImportChunks"].ItemSelector,
		topology.StepSummarise: asl.States["Summarise"].Parameters.Payload, topology.StepFail: asl.States["RecordFailure"].Parameters.Payload,
	}
	needs := map[string][]string{
		topology.StepPlan: {"key", "etag"}, topology.StepChunk: {"uploadId", "chunk"},
		topology.StepSummarise: {"uploadId"}, topology.StepFail: {"key", "error"},
	}
	for step, p := range payloads {
		filled := map[string]any{}
		for k, v := range p {
			switch name, isPath := strings.CutSuffix(k, ".$"); {
			case !isPath:
				filled[k] = v
			case name == "chunk":
				filled[name] = map[string]any{"index": 0}
			case name == "error":
				filled[name] = map[string]any{"Error": "States.TaskFailed", "Cause": "x"}
			default:
				filled[name] = "x"
			}
		}
		raw, _ := json.Marshal(filled)
		var got topology.ImportStep
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&got); err != nil || got.Step != step {
			t.Errorf("%s payload %s does not decode as an ImportStep: %v", step, raw, err)
		}
		for _, field := range needs[step] {
			if _, ok := filled[field]; !ok {
				t.Errorf("%s payload %s lacks %s", step, raw, field)
			}
		}
	}
	retry := asl.States["ImportChunks"].ItemProcessor.States["ImportChunk"].Retry
	if len(retry) != 3 || retry[0].ErrorEquals[0] != topology.ErrorUploadRejected || retry[0].MaxAttempts != 0 ||
		!contains(retry[1].ErrorEquals, "Lambda.TooManyRequestsException") || retry[2].MaxAttempts != topology.ChunkAttempts-1 {
		t.Errorf("chunk retries %+v", retry)
	}
	if _, err := topology.ImportDefinition(topology.StateMachine{Name: "x", Timeout: time.Hour}, "f"); err == nil {
		t.Errorf("a map without a concurrency bound was accepted")
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestEnvName(t *testing.T) {
	t.Parallel()
	if got := topology.EnvName(topology.EnvQueue, "guest-sync"); got != "HEARTH_QUEUE_GUEST_SYNC" {
		t.Errorf("EnvName = %q", got)
	}
}

// TestWholeTableReadersMayScan: the reads that go through a whole table by design (the cardex export in the api,
// the ledger check, the loyalty dashboard in the reports function) are allowed by the roles derived for them.
func TestWholeTableReadersMayScan(t *testing.T) {
	for fn, table := range map[string]string{topology.FunctionAPI: topology.TableGuests, topology.FunctionReconcile: topology.TableLedger} {
		found := false
		for _, g := range hearth.Permissions(fn) {
			if g.Kind == "table" && g.Resource == table && slices.Contains(g.Actions, "dynamodb:Scan") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s may not scan %s", fn, table)
		}
	}
}
