package stack

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/infra/topology"
)

// Synthesis is slow (~75 s and ~1.4 GB cold, mostly starting the jsii runtime), so the test binary builds the stack
// once and every test reads the same template.

const testStage = "test"

type synthesis struct {
	h        *hearth
	topo     topology.Topology
	template assertions.Template
	doc      map[string]any // the template as JSON, for checks the matchers cannot express
	took     time.Duration
}

var (
	synthOnce   sync.Once
	synthResult *synthesis
	synthFailed string
	tempDirs    []string
)

func TestMain(m *testing.M) {
	// The jsii runtime starts node lazily and inherits this: quiet its end-of-life banner for Node 20.
	os.Setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
	code := m.Run()
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	jsii.Close()
	os.Exit(code)
}

// synth returns the shared synthesis, building it on first use.
func synth(t *testing.T) *synthesis {
	t.Helper()
	synthOnce.Do(func() {
		defer func() {
			if p := recover(); p != nil {
				synthFailed = fmt.Sprint(p)
			}
		}()
		start := time.Now()
		topo := topology.Hearth()
		assets := fakeAssets(topo)
		out, err := os.MkdirTemp("", "hearth-cdk-out-")
		if err != nil {
			panic(err)
		}
		tempDirs = append(tempDirs, out)
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(out), Context: cdkContext()})
		h := build(app, "Hearth-"+testStage, Props{
			StackProps: awscdk.StackProps{Env: &awscdk.Environment{
				Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1"),
			}},
			Topology:   topo,
			AssetDir:   assets,
			Stage:      testStage,
			GroupID:    "test-group",
			ConsoleDir: fakeConsole(),
		})
		template := assertions.Template_FromStack(h.stack, nil)
		doc := map[string]any{}
		raw, err := json.Marshal(template.ToJSON())
		if err != nil {
			panic(err)
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			panic(err)
		}
		synthResult = &synthesis{h: h, topo: topo, template: template, doc: doc, took: time.Since(start)}
	})
	if synthFailed != "" {
		t.Fatalf("synth failed: %s", synthFailed)
	}
	return synthResult
}

// cdkContext returns the feature flags from the repository's cdk.json, so the tests synthesize exactly what the
// CLI does (stage and assets aside, which the tests set themselves).
func cdkContext() *map[string]any {
	raw, err := os.ReadFile(filepath.Join("..", "..", "cdk.json"))
	if err != nil {
		panic(err)
	}
	var file struct{ Context map[string]any }
	if err := json.Unmarshal(raw, &file); err != nil {
		panic(fmt.Sprintf("cdk.json: %v", err))
	}
	delete(file.Context, "stage")
	delete(file.Context, "assets")
	return &file.Context
}

// fakeAssets writes a dummy bootstrap per function, standing in for scripts/build's output.
func fakeAssets(topo topology.Topology) string {
	dir, err := os.MkdirTemp("", "hearth-assets-")
	if err != nil {
		panic(err)
	}
	tempDirs = append(tempDirs, dir)
	for _, f := range topo.Functions {
		if err := os.MkdirAll(filepath.Join(dir, f.Name), 0o755); err != nil {
			panic(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name, "bootstrap"), []byte("#!/bin/sh\n# "+f.Name+"\n"), 0o755); err != nil {
			panic(err)
		}
	}
	return dir
}

// fakeConsole writes a stand-in for the console's production build (console/dist).
func fakeConsole() string {
	dir, err := os.MkdirTemp("", "hearth-console-")
	if err != nil {
		panic(err)
	}
	tempDirs = append(tempDirs, dir)
	files := map[string]string{
		"index.html":           `<!doctype html><script type="module" src="/assets/index-test.js"></script>`,
		"assets/index-test.js": "console.log('hearth')\n",
	}
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			panic(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			panic(err)
		}
	}
	return dir
}

// reporter is the part of testing.T the assertion helper needs, so a test can prove failures are reported.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// check runs one CDK assertion. CDK assertions panic through jsii on mismatch; check turns that into a test error
// so one wrong expectation neither crashes the binary nor hides the others.
func check(r reporter, what string, assertion func()) {
	r.Helper()
	defer func() {
		r.Helper()
		if p := recover(); p != nil {
			r.Errorf("%s: %v", what, p)
		}
	}()
	assertion()
}

// Matcher shorthands.
type obj = map[string]any

func like(m obj) assertions.Matcher          { return assertions.Match_ObjectLike(&m) }
func arrayWith(xs ...any) assertions.Matcher { return assertions.Match_ArrayWith(&xs) }
func arrayEquals(xs ...any) assertions.Matcher {
	return assertions.Match_ArrayEquals(&xs)
}
func absent() assertions.Matcher { return assertions.Match_Absent() }

// logicalID resolves a token (table ARN, queue URL, ...) to the logical id of the resource it refers to.
func (s *synthesis) logicalID(token *string) string {
	ids := refs(s.h.stack.Resolve(token))
	if len(ids) == 0 {
		panic(fmt.Sprintf("token %s refers to no resource", *token))
	}
	return ids[0]
}

// refs lists the logical ids a template value refers to through Ref and Fn::GetAtt, pseudo parameters aside.
func refs(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if r, ok := x["Ref"].(string); ok && !strings.HasPrefix(r, "AWS::") {
				out = append(out, r)
				return
			}
			if ga, ok := x["Fn::GetAtt"].([]any); ok && len(ga) > 0 {
				out = append(out, fmt.Sprint(ga[0]))
				return
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(x[k])
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

func getAtt(id, attr string) obj { return obj{"Fn::GetAtt": []any{id, attr}} }
func ref(id string) obj          { return obj{"Ref": id} }

// resource returns a resource of the template by logical id.
func (s *synthesis) resource(t *testing.T, id string) map[string]any {
	t.Helper()
	r, ok := s.doc["Resources"].(map[string]any)[id].(map[string]any)
	if !ok {
		t.Fatalf("no resource %s in the template", id)
	}
	return r
}

// resources returns the logical ids and bodies of every resource of a type.
func (s *synthesis) resources(typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range s.doc["Resources"].(map[string]any) {
		if body := r.(map[string]any); body["Type"] == typ {
			out[id] = body
		}
	}
	return out
}

func props(r map[string]any) map[string]any {
	p, _ := r["Properties"].(map[string]any)
	return p
}

// asList normalises a policy field that may be a string or a list.
func asList(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return x
	default:
		return []any{x}
	}
}
