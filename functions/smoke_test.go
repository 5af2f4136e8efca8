//go:build linux

// Smoke tests and cold-start benchmarks for the Lambda functions: every function in the topology is built the way
// the stack ships it (static linux binary, lambda.norpc, stripped), started under the AWS Lambda Runtime Interface
// Emulator against the embedded DynamoDB server, and invoked once with the fixture in functions/<name>/testdata.
//
//	go test ./functions/                                       # smoke test (skipped with -short)
//	go test -run '^$' -bench LambdaInit ./functions/           # arm64 binary MB and init ms per function
//
// The functions run on the host architecture; production is arm64, so its binaries are also built, for their size.
// Set HEARTH_RIE to a prebuilt aws-lambda-rie to skip building the emulator.
package functions_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/approval"
	"github.com/hearthcrm/hearth/shared/consumer"
	"github.com/hearthcrm/hearth/shared/dynamolocal"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/uploadstore"
	"github.com/hearthcrm/hearth/shared/upload"
)

// Targets for the production (arm64) functions.
const (
	maxBinaryMB = 15
	maxInitMS   = 50
)

// rieModule is the emulator, built with `go install` so go.mod stays clean.
const rieModule = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d"

// smokeCase is how one function is exercised: its fixture in functions/<name>/testdata and what a good answer is.
type smokeCase struct {
	fixture string
	check   func(tb testing.TB, h *harness, fixture, resp []byte)
}

var smokeCases = map[string]smokeCase{
	topology.FunctionAPI:       {fixture: "healthz.json", check: checkAPI},
	topology.FunctionJournal:   {fixture: "sqs.json", check: checkJournal},
	topology.FunctionApprovals: {fixture: "task.json", check: checkApprovals},
	// A decision that is not an erasure: the consumer starts, decodes the bus event and acknowledges it.
	topology.FunctionPrivacy: {fixture: "sqs.json", check: func(tb testing.TB, _ *harness, _, resp []byte) { checkNoBatchFailures(tb, "privacy", resp) }},
	topology.FunctionIngest:  {fixture: "webhook.json", check: checkIngest},
	// A stay of a guest who is not a member: the consumer starts, decodes it and awards nothing.
	topology.FunctionLoyalty:  {fixture: "sqs.json", check: func(tb testing.TB, _ *harness, _, resp []byte) { checkNoBatchFailures(tb, "loyalty", resp) }},
	topology.FunctionGuest360: {fixture: "sqs.json", check: func(tb testing.TB, _ *harness, _, resp []byte) { checkNoBatchFailures(tb, "guest360", resp) }},
	// No hierarchy is seeded: nothing to reconcile, and nothing to redeliver.
	topology.FunctionReconcile: {fixture: "sqs.json", check: func(tb testing.TB, _ *harness, _, resp []byte) { checkNoBatchFailures(tb, "reconcile", resp) }},
	topology.FunctionMatch:     {fixture: "sqs.json", check: checkMatch},
	topology.FunctionImport:    {fixture: "fail.json", check: checkImport},
}

func TestMain(m *testing.M) {
	code := m.Run()
	artifacts.cleanup()
	os.Exit(code)
}

func TestLambdaSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every function and runs it under the Lambda emulator")
	}
	h, host, prod := setup(t)
	for _, fn := range topology.Hearth().Functions { // serially: the emulator is one sandbox per process
		t.Run(fn.Name, func(t *testing.T) {
			sc, fixture := smokeCaseFor(t, fn)
			cs := h.coldInvoke(t, fn, host[fn.Name], fixture)
			sc.check(t, h, fixture, cs.response)
			t.Logf("%s: arm64 %.1f MB (%s/%s %.1f MB), init %.1f ms (%s)", fn.Name,
				fileMB(t, prod[fn.Name]), runtime.GOOS, runtime.GOARCH, fileMB(t, host[fn.Name]), cs.initMS, cs.initSource)
			// Size is deterministic, so it is a test; init time depends on the machine, so only the bench reports it.
			if mb := fileMB(t, prod[fn.Name]); mb > maxBinaryMB {
				t.Errorf("%s: arm64 binary is %.1f MB, target ≤ %d MB (a function linked more than it wires? see go list -deps)", fn.Name, mb, maxBinaryMB)
			}
			if cs.initMS > maxInitMS {
				t.Logf("%s: init %.1f ms is over the %d ms target", fn.Name, cs.initMS, maxInitMS)
			}
		})
	}
}

// BenchmarkLambdaInit cold-starts each function once per iteration (a fresh emulator and bootstrap, one invoke) and
// reports the mean init duration and the size of the arm64 binary that ships.
func BenchmarkLambdaInit(b *testing.B) {
	h, host, prod := setup(b)
	for _, fn := range topology.Hearth().Functions {
		b.Run(fn.Name, func(b *testing.B) {
			sc, fixture := smokeCaseFor(b, fn)
			var total float64
			n := 0
			for b.Loop() {
				cs := h.coldInvoke(b, fn, host[fn.Name], fixture)
				sc.check(b, h, fixture, cs.response)
				total += cs.initMS
				n++
			}
			initMS, mb := total/float64(n), fileMB(b, prod[fn.Name])
			b.ReportMetric(mb, "arm64-MB")
			b.ReportMetric(initMS, "init-ms")
			if mb > maxBinaryMB {
				b.Errorf("%s: arm64 binary is %.1f MB, target ≤ %d MB", fn.Name, mb, maxBinaryMB)
			}
			if initMS > maxInitMS {
				b.Errorf("%s: init takes %.1f ms, target ≤ %d ms", fn.Name, initMS, maxInitMS)
			}
		})
	}
}

// setup builds everything (concurrently, once per test binary run) and starts the harness; it returns the
// host-architecture bootstraps to run and the arm64 ones that ship, by function name.
func setup(tb testing.TB) (h *harness, host, prod map[string]string) {
	tb.Helper()
	artifacts.warm(runtime.GOARCH, "arm64")
	h = newHarness(tb)
	return h, artifacts.functions(tb, runtime.GOARCH), artifacts.functions(tb, "arm64")
}

func smokeCaseFor(tb testing.TB, fn topology.Function) (smokeCase, []byte) {
	tb.Helper()
	sc, ok := smokeCases[fn.Name]
	if !ok {
		tb.Fatalf("function %s has no smoke case: add a fixture under functions/%s/testdata and a check", fn.Name, fn.Name)
	}
	return sc, readFixture(tb, fn.Name, sc.fixture)
}

// Checks.

func checkAPI(tb testing.TB, _ *harness, _, resp []byte) {
	tb.Helper()
	var r struct {
		StatusCode      int    `json:"statusCode"`
		Body            string `json:"body"`
		IsBase64Encoded bool   `json:"isBase64Encoded"`
	}
	if err := json.Unmarshal(resp, &r); err != nil {
		tb.Fatalf("api: response is not an HTTP API v2 response: %v: %s", err, resp)
	}
	var body struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal([]byte(r.Body), &body); r.StatusCode != http.StatusOK || r.IsBase64Encoded || err != nil || body.Status != "ok" {
		tb.Fatalf("api: GET /healthz answered %d %q, want 200 with {\"status\":\"ok\"}", r.StatusCode, r.Body)
	}
}

// checkIngest: a message for a source nobody registered is refused with a 404 and a code, after the function
// started and read the sources table.
func checkIngest(tb testing.TB, _ *harness, _, resp []byte) {
	tb.Helper()
	var r struct {
		StatusCode int    `json:"statusCode"`
		Body       string `json:"body"`
	}
	if err := json.Unmarshal(resp, &r); err != nil || r.StatusCode != http.StatusNotFound || !strings.Contains(r.Body, "unknown_source") {
		tb.Fatalf("ingest: want 404 unknown_source, got %s (%v)", resp, err)
	}
}

// checkImport: the workflow's failure step marks the upload the harness seeded as failed, with the caught reason,
// after the function started and read and wrote the Config table.
func checkImport(tb testing.TB, h *harness, fixture, resp []byte) {
	tb.Helper()
	var step topology.ImportStep
	if err := json.Unmarshal(fixture, &step); err != nil {
		tb.Fatalf("import fixture: %v", err)
	}
	_, id, _ := upload.ParseObjectKey(step.Key)
	u, err := uploadstore.New(h.db).Get(h.ctx, id)
	if strings.TrimSpace(string(resp)) != "{}" || err != nil || u.State != upload.Failed || !strings.Contains(u.Error, "timed out") {
		tb.Fatalf("import: answered %s; upload %s is %q (%q), %v; want failed with the caught reason", resp, id, u.State, u.Error, err)
	}
}

// checkMatch: the guest is resolved and stored; publishing then fails, because the smoke environment has no bus,
// so the message is reported back for redelivery rather than lost.
func checkMatch(tb testing.TB, h *harness, _, resp []byte) {
	tb.Helper()
	var r struct {
		BatchItemFailures []struct {
			ItemIdentifier string `json:"itemIdentifier"`
		} `json:"batchItemFailures"`
	}
	if err := json.Unmarshal(resp, &r); err != nil || len(r.BatchItemFailures) != 1 {
		tb.Fatalf("match: want the message reported for redelivery (no bus here), got %s (%v)", resp, err)
	}
	var goldens []map[string]any
	if err := h.db.Table(topology.TableGuests).Get("pk", "SOURCE#opera-eu-1#P-5521").All(h.ctx, &goldens); err != nil || len(goldens) != 1 {
		tb.Fatalf("match: the source record was not resolved to a guest (%d items, %v)", len(goldens), err)
	}
}

// checkNoBatchFailures requires an SQS consumer to acknowledge the whole batch.
func checkNoBatchFailures(tb testing.TB, name string, resp []byte) {
	tb.Helper()
	var r struct {
		BatchItemFailures []json.RawMessage `json:"batchItemFailures"`
	}
	if err := json.Unmarshal(resp, &r); err != nil || len(r.BatchItemFailures) != 0 {
		tb.Fatalf("%s: want no batch item failures, got %s (%v)", name, resp, err)
	}
}

func checkJournal(tb testing.TB, h *harness, fixture, resp []byte) {
	tb.Helper()
	checkNoBatchFailures(tb, "journal", resp)
	var ev struct {
		Records []struct {
			Body string `json:"body"`
		} `json:"Records"`
	}
	if err := json.Unmarshal(fixture, &ev); err != nil || len(ev.Records) != 1 {
		tb.Fatalf("journal fixture: want one SQS record: %v", err)
	}
	want, err := consumer.Decode(ev.Records[0].Body)
	if err != nil {
		tb.Fatalf("journal fixture: %v", err)
	}
	day := want.OccurredAt.UTC().Format(time.DateOnly)
	got, err := store.NewJournalStore(h.db).Day(h.ctx, day)
	if err != nil {
		tb.Fatalf("journal: read day %s: %v", day, err)
	}
	if !slices.ContainsFunc(got, func(e events.Envelope) bool { return e.ID == want.ID && e.Type == want.Type }) {
		tb.Fatalf("journal: %s %s is not in the Journal table for %s (%d entries)", want.Type, want.ID, day, len(got))
	}
}

func checkApprovals(tb testing.TB, h *harness, fixture, resp []byte) {
	tb.Helper()
	if s := strings.TrimSpace(string(resp)); s != "null" && s != "" {
		tb.Fatalf("approvals: want an empty success, got %s", resp)
	}
	task := approvalTask(tb, fixture)
	a, err := store.NewApprovalStore(h.db).Get(h.ctx, task.Request.ApprovalID)
	if err != nil {
		tb.Fatalf("approvals: read %s: %v", task.Request.ApprovalID, err)
	}
	if a.Status != approval.StatusPending || a.TaskToken != task.TaskToken {
		tb.Fatalf("approvals: %s is %q with token %q, want %q with %q", a.ID, a.Status, a.TaskToken, approval.StatusPending, task.TaskToken)
	}
}

// Harness.

// harness is the world the functions run in: an embedded DynamoDB with the topology's tables (prefixed), the
// approval the approvals fixture answers, waiting in "requested", and the upload the import fixture fails.
type harness struct {
	ctx      context.Context
	endpoint string
	db       *store.DB
}

const tablePrefix = "smoke-"

func newHarness(tb testing.TB) *harness {
	tb.Helper()
	ctx := tb.Context()
	srv, err := dynamolocal.Start()
	if err != nil {
		tb.Fatalf("start dynamolocal: %v", err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	db, err := store.Open(ctx, store.Options{Endpoint: srv.Endpoint(), Prefix: tablePrefix, StaticCredentials: true})
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	topo := topology.Hearth()
	if err := db.CreateTables(ctx, topo.Tables); err != nil {
		tb.Fatalf("create tables: %v", err)
	}
	task := approvalTask(tb, readFixture(tb, topology.FunctionApprovals, smokeCases[topology.FunctionApprovals].fixture))
	sm, _ := topo.StateMachine(topology.WorkflowApproval)
	now := time.Now().UTC()
	r := task.Request
	err = store.NewApprovalStore(db).Create(ctx, approval.Approval{
		ID: r.ApprovalID, Kind: r.Kind, Status: approval.StatusRequested, Summary: r.Summary, BrandID: r.BrandID,
		PropertyID: r.PropertyID, Payload: r.Payload, RequestedBy: r.RequestedBy, RequestedAt: now, ExpiresAt: now.Add(sm.Timeout),
	})
	if err != nil {
		tb.Fatalf("create approval %s: %v", r.ApprovalID, err)
	}
	var step topology.ImportStep
	_ = json.Unmarshal(readFixture(tb, topology.FunctionImport, smokeCases[topology.FunctionImport].fixture), &step)
	source, id, err := upload.ParseObjectKey(step.Key)
	if err != nil {
		tb.Fatalf("import fixture: %v", err)
	}
	if err := uploadstore.New(db).Create(ctx, upload.Upload{ID: id, Source: source, Kind: "check_out", Key: step.Key, State: upload.Processing, CreatedAt: now}); err != nil {
		tb.Fatalf("create upload %s: %v", id, err)
	}
	return &harness{ctx: ctx, endpoint: srv.Endpoint(), db: db}
}

// functionEnv is what the stack would give fn, pointed at the embedded DynamoDB. Nothing is inherited from the test
// process but PATH; other AWS services resolve to a closed port so a stray call fails instead of leaving the machine.
func (h *harness) functionEnv(fn topology.Function) []string {
	env := map[string]string{
		"PATH":                            os.Getenv("PATH"),
		"TZ":                              "UTC",
		"AWS_REGION":                      "eu-west-1",
		"AWS_DEFAULT_REGION":              "eu-west-1",
		"AWS_ACCESS_KEY_ID":               "smoke",
		"AWS_SECRET_ACCESS_KEY":           "smoke",
		"AWS_SESSION_TOKEN":               "smoke",
		"AWS_CONFIG_FILE":                 os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE":     os.DevNull,
		"AWS_EC2_METADATA_DISABLED":       "true",
		"AWS_ENDPOINT_URL":                "http://127.0.0.1:1",
		"AWS_ENDPOINT_URL_DYNAMODB":       h.endpoint,
		"AWS_LAMBDA_FUNCTION_NAME":        "hearth-smoke-" + fn.Name,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(fn.MemoryMB),
		"AWS_LAMBDA_FUNCTION_TIMEOUT":     strconv.Itoa(int(fn.Timeout.Seconds())),
		"HEARTH_STAGE":                    "smoke",
		"HEARTH_BUS":                      "test",
	}
	for name := range fn.Tables {
		env["HEARTH_TABLE_"+strings.ToUpper(name)] = h.db.TableName(name)
	}
	for _, q := range topology.Hearth().Queues {
		if q.Consumer == fn.Name || slices.Contains(fn.SendsTo, q.Name) {
			url := "https://sqs.eu-west-1.amazonaws.com/123456789012/hearth-smoke-" + q.Name
			if q.FIFO {
				url += ".fifo"
			}
			env[topology.EnvName(topology.EnvQueue, q.Name)] = url
		}
	}
	for _, wf := range slices.Concat(fn.StartsWorkflows, fn.CompletesWorkflow) {
		env["HEARTH_WORKFLOW_"+strings.ToUpper(wf)] = "arn:aws:states:eu-west-1:123456789012:stateMachine:hearth-smoke-" + wf
	}
	for k, v := range fn.Env {
		env[k] = v
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// coldStart is the outcome of one invoke of a freshly started function.
type coldStart struct {
	response   []byte
	initMS     float64
	initSource string
}

// initReport is the emulator's own log line when the runtime first asks for work. (The REPORT line's "Init
// Duration" only covers starting the init, which the emulator does lazily on the first invoke, so it is not used.)
var initReport = regexp.MustCompile(`INIT REPORT\(durationMs: ([0-9.]+)\)`)

// coldInvoke starts the emulator on bootstrap, invokes it once with payload and stops it again. The invoke must
// succeed; the response is returned for the function-specific checks.
func (h *harness) coldInvoke(tb testing.TB, fn topology.Function, bootstrap string, payload []byte) coldStart {
	tb.Helper()
	rie := artifacts.rie(tb)
	addr, runtimeAPI := freeAddr(tb), freeAddr(tb)
	cmd := exec.Command(rie, "--log-level", "info", "--runtime-interface-emulator-address", addr,
		"--runtime-api-address", runtimeAPI, bootstrap)
	cmd.Dir = filepath.Dir(bootstrap)
	cmd.Env = h.functionEnv(fn)
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		tb.Fatalf("%s: start emulator: %v", fn.Name, err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	defer stopEmulator(cmd, exited)

	base := "http://" + addr
	waitReady(tb, fn.Name, base, exited, &out)
	ctx, cancel := context.WithTimeout(h.ctx, fn.Timeout+5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/2015-03-31/functions/function/invocations", bytes.NewReader(payload))
	start := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s: invoke: %v\n%s", fn.Name, err, out.String())
	}
	body, err := io.ReadAll(res.Body)
	_ = res.Body.Close()
	wall := time.Since(start)
	if err != nil || res.StatusCode != http.StatusOK || res.Header.Get("X-Amz-Function-Error") != "" || isFunctionError(body) {
		tb.Fatalf("%s: invoke answered %d (%v): %s\n%s", fn.Name, res.StatusCode, err, body, out.String())
	}

	cs := coldStart{response: body, initMS: float64(wall.Microseconds()) / 1000, initSource: "first-invoke wall clock, includes the handler"}
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if m := initReport.FindStringSubmatch(out.String()); m != nil {
			if ms, err := strconv.ParseFloat(m[1], 64); err == nil {
				cs.initMS, cs.initSource = ms, "emulator INIT REPORT"
			}
			break
		}
	}
	return cs
}

func isFunctionError(body []byte) bool {
	var e struct {
		ErrorType    string `json:"errorType"`
		ErrorMessage string `json:"errorMessage"`
	}
	return json.Unmarshal(body, &e) == nil && (e.ErrorType != "" || e.ErrorMessage != "")
}

// waitReady polls the emulator until it answers HTTP. It asks for a path it does not serve: any request to the
// invocations path would start an invoke.
func waitReady(tb testing.TB, name, base string, exited <-chan struct{}, out *lockedBuffer) {
	tb.Helper()
	client := &http.Client{Timeout: 200 * time.Millisecond}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		select {
		case <-exited:
			tb.Fatalf("%s: emulator exited before it was ready:\n%s", name, out.String())
		default:
		}
		if res, err := client.Get(base + "/ready"); err == nil {
			_ = res.Body.Close()
			return
		}
	}
	tb.Fatalf("%s: emulator not ready after 10s:\n%s", name, out.String())
}

// stopEmulator kills the bootstrap the emulator started (the emulator puts it in its own process group, so killing
// the emulator alone would orphan it) and then the emulator.
func stopEmulator(cmd *exec.Cmd, exited <-chan struct{}) {
	pid := cmd.Process.Pid
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, f := range tasks {
		raw, _ := os.ReadFile(f)
		for _, child := range strings.Fields(string(raw)) {
			if cpid, err := strconv.Atoi(child); err == nil {
				_ = syscall.Kill(cpid, syscall.SIGKILL)
			}
		}
	}
	_ = cmd.Process.Kill()
	<-exited
}

func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("find a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// Builds, once per test binary run.

// artifacts holds what the tests build: the emulator and each architecture's bootstraps, in one temporary
// directory that TestMain removes.
var artifacts buildCache

type buildCache struct {
	mu     sync.Mutex
	root   string
	builds map[string]*build
}

type build struct {
	once sync.Once
	dir  string
	err  error
}

// get runs fn once per key, in a fresh directory, and returns that directory.
func (c *buildCache) get(key string, fn func(dir string) error) (string, error) {
	c.mu.Lock()
	if c.root == "" {
		root, err := os.MkdirTemp("", "hearth-lambda-smoke-")
		if err != nil {
			c.mu.Unlock()
			return "", err
		}
		c.root, c.builds = root, map[string]*build{}
	}
	b, ok := c.builds[key]
	if !ok {
		b = &build{dir: filepath.Join(c.root, key)}
		c.builds[key] = b
	}
	c.mu.Unlock()
	b.once.Do(func() {
		if b.err = os.Mkdir(b.dir, 0o755); b.err == nil {
			b.err = fn(b.dir)
		}
	})
	return b.dir, b.err
}

func (c *buildCache) cleanup() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.root != "" {
		_ = os.RemoveAll(c.root)
	}
}

// warm builds the emulator and the functions for the given architectures concurrently; errors surface when the
// results are asked for.
func (c *buildCache) warm(goarchs ...string) {
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = c.buildRIE() })
	for _, goarch := range goarchs {
		wg.Go(func() { _, _ = c.buildFunctions(goarch) })
	}
	wg.Wait()
}

// rie returns the emulator binary: $HEARTH_RIE if set, else built from rieModule for the host.
func (c *buildCache) rie(tb testing.TB) string {
	tb.Helper()
	path, err := c.buildRIE()
	if err != nil {
		tb.Fatalf("build the Lambda emulator: %v", err)
	}
	return path
}

func (c *buildCache) buildRIE() (string, error) {
	if p := os.Getenv("HEARTH_RIE"); p != "" {
		return p, nil
	}
	dir, err := c.get("rie", func(dir string) error {
		cmd := exec.Command("go", "install", rieModule)
		cmd.Dir = os.TempDir() // outside this module: the emulator's own go.mod decides its dependencies
		cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOWORK=off", "GOFLAGS=-buildvcs=false", "CGO_ENABLED=0",
			"GOOS="+runtime.GOOS, "GOARCH="+runtime.GOARCH)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go install %s: %v\n%s", rieModule, err, out)
		}
		return nil
	})
	return filepath.Join(dir, "aws-lambda-rie"), err
}

// functions returns each topology function's bootstrap for linux/goarch, built as the stack ships it, by name.
func (c *buildCache) functions(tb testing.TB, goarch string) map[string]string {
	tb.Helper()
	paths, err := c.buildFunctions(goarch)
	if err != nil {
		tb.Fatalf("build functions for linux/%s: %v", goarch, err)
	}
	return paths
}

func (c *buildCache) buildFunctions(goarch string) (map[string]string, error) {
	fns := topology.Hearth().Functions
	dir, err := c.get("linux-"+goarch, func(dir string) error {
		args := []string{"build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w", "-o", dir + string(filepath.Separator)}
		for _, fn := range fns {
			args = append(args, "./"+fn.Name)
		}
		cmd := exec.Command("go", args...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+goarch)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		for _, fn := range fns { // lay them out like the stack's asset directory: <name>/bootstrap
			exe, fnDir := filepath.Join(dir, fn.Name), filepath.Join(dir, fn.Name+".d")
			if err := os.Mkdir(fnDir, 0o755); err != nil {
				return err
			}
			if err := os.Rename(exe, filepath.Join(fnDir, "bootstrap")); err != nil {
				return err
			}
		}
		return nil
	})
	paths := map[string]string{}
	for _, fn := range fns {
		paths[fn.Name] = filepath.Join(dir, fn.Name+".d", "bootstrap")
	}
	return paths, err
}

// Helpers.

func readFixture(tb testing.TB, fn, name string) []byte {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(fn, "testdata", name))
	if err != nil {
		tb.Fatalf("fixture: %v", err)
	}
	return raw
}

func approvalTask(tb testing.TB, fixture []byte) topology.ApprovalTask {
	tb.Helper()
	var task topology.ApprovalTask
	if err := json.Unmarshal(fixture, &task); err != nil || task.TaskToken == "" || task.Request.ApprovalID == "" {
		tb.Fatalf("approvals fixture: want a task with a token and an approval id (%v)", err)
	}
	return task
}

func fileMB(tb testing.TB, path string) float64 {
	tb.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatalf("binary: %v", err)
	}
	return float64(fi.Size()) / (1 << 20)
}

// lockedBuffer collects the emulator's stdout and stderr, which are written concurrently.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
