package stack

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/infra/topology"
)

// These tests need no synthesis: they run in milliseconds.

func TestValidateAcceptsHearth(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	topo := topology.Hearth()
	for _, f := range topo.Functions {
		os.MkdirAll(filepath.Join(dir, f.Name), 0o755)
		os.WriteFile(filepath.Join(dir, f.Name, "bootstrap"), nil, 0o755)
	}
	console := t.TempDir()
	os.WriteFile(filepath.Join(console, "index.html"), []byte("<!doctype html>"), 0o644)
	if err := validate(Props{Topology: topo, AssetDir: dir, Stage: "dev", ConsoleDir: console}); err != nil {
		t.Fatal(err)
	}
}

func TestValidateRejects(t *testing.T) {
	t.Parallel()
	base := func() topology.Topology { return topology.Hearth() }
	cases := []struct {
		name   string
		edit   func(*topology.Topology, *Props)
		expect string
	}{
		{"missing bootstrap", func(*topology.Topology, *Props) {}, "no " + filepath.Join("ASSETS", "api", "bootstrap")},
		{"bad stage", func(_ *topology.Topology, p *Props) { p.Stage = "Prod!" }, `stage "Prod!"`},
		{"no console build", func(_ *topology.Topology, p *Props) { p.ConsoleDir = "" }, "no console build"},
		{"console not built", func(_ *topology.Topology, p *Props) {}, "no " + filepath.Join("CONSOLE", "index.html")},
		{"reserved word in the login domain", func(_ *topology.Topology, p *Props) { p.LoginDomainPrefix = "hearth-cognito" }, `login domain prefix "hearth-cognito"`},
		{"bad login domain", func(_ *topology.Topology, p *Props) { p.LoginDomainPrefix = "Hearth_Prod" }, `login domain prefix "Hearth_Prod"`},
		{"unknown consumer", func(t *topology.Topology, _ *Props) { t.Queues[0].Consumer = "nobody" }, "unknown consumer nobody"},
		{"visibility shorter than timeout", func(t *topology.Topology, _ *Props) { t.Queues[0].VisibilityTimeout = time.Second }, "visibility timeout 1s is shorter"},
		{"unknown table", func(t *topology.Topology, _ *Props) {
			t.Functions[0].Tables = map[string]topology.Access{"Nope": topology.Read}
		}, "unknown table Nope"},
		{"erase access on a table", func(t *topology.Topology, _ *Props) {
			t.Functions[0].Tables = map[string]topology.Access{topology.TableGuests: topology.Erase}
		}, "erase access is for buckets"},
		{"bad public route", func(t *topology.Topology, _ *Props) { t.API.PublicRoutes = []string{"/healthz"} }, `route "/healthz"`},
		{"bad schedule data", func(t *topology.Topology, _ *Props) { t.Schedules[0].Data = "{oops" }, "schedule daily-rollup"},
		{"task function answers its own workflow", func(t *topology.Topology, _ *Props) {
			for i := range t.Functions {
				if t.Functions[i].Name == topology.FunctionApprovals {
					t.Functions[i].CompletesWorkflow = []string{topology.WorkflowApproval}
				}
			}
		}, "circular reference"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			topo := base()
			p := Props{AssetDir: "ASSETS", Stage: "dev", ConsoleDir: "CONSOLE"}
			c.edit(&topo, &p)
			p.Topology = topo
			err := validate(p)
			if err == nil || !strings.Contains(err.Error(), c.expect) {
				t.Fatalf("want an error containing %q, got %v", c.expect, err)
			}
		})
	}
}

func TestScheduleInputIsTheTopologyEnvelope(t *testing.T) {
	t.Parallel()
	for _, s := range topology.Hearth().Schedules {
		got, err := scheduleInput(s)
		if err != nil {
			t.Fatal(err)
		}
		if got != s.Input() {
			t.Errorf("schedule %s: input differs from topology's Input()", s.Name)
		}
		var env map[string]any
		if err := json.Unmarshal([]byte(got), &env); err != nil {
			t.Fatal(err)
		}
		if env["id"] != "<aws.scheduler.execution-id>" || env["type"] != s.DetailType || env["version"] != 1.0 ||
			env["idempotencyKey"] != "schedule/"+s.Name+"/<aws.scheduler.scheduled-time>" {
			t.Errorf("schedule %s: envelope %v", s.Name, env)
		}
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"daily-rollup": "DailyRollup", "api": "Api", "Guests": "Guests", "a_b.c": "ABC"} {
		if got := pascal(in); got != want {
			t.Errorf("pascal(%q) = %q, want %q", in, got, want)
		}
	}
	if m, p, err := parseRoute("get /healthz"); err != nil || m != "GET" || p != "/healthz" {
		t.Errorf("parseRoute = %q %q %v", m, p, err)
	}
	if _, _, err := parseRoute("FETCH /x"); err == nil {
		t.Error("parseRoute accepted an unknown method")
	}
}
