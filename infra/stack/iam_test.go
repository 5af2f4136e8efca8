package stack

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/infra/topology"
)

// statement is one IAM policy statement of the template.
type statement struct {
	Sid       string
	Effect    string
	Action    any
	NotAction any
	Resource  any
	Principal any
}

func (st statement) actions() []string {
	var out []string
	for _, a := range asList(st.Action) {
		out = append(out, fmt.Sprint(a))
	}
	return out
}

// policyStatements walks the whole template and returns every policy statement found anywhere (IAM policies, role
// trust and inline policies, key, queue and bucket policies), keyed by where it was found.
func (s *synthesis) policyStatements(t *testing.T) map[string][]statement {
	t.Helper()
	out := map[string][]statement{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if sts, ok := x["Statement"]; ok {
				for _, raw := range asList(sts) {
					var st statement
					remarshal(raw, &st)
					out[path] = append(out[path], st)
				}
			}
			for k, e := range x {
				walk(path+"/"+k, e)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		}
	}
	walk("", s.doc["Resources"])
	if len(out) == 0 {
		t.Fatal("no policy statements found in the template")
	}
	return out
}

func TestNoWildcardActionsOrManagedFullAccess(t *testing.T) {
	s := synth(t)
	n := 0
	for where, sts := range s.policyStatements(t) {
		for _, st := range sts {
			n++
			if st.NotAction != nil && st.Effect == "Allow" {
				t.Errorf("%s: Allow with NotAction %v", where, st.NotAction)
			}
			if st.Effect != "Allow" {
				continue // deny statements (TLS-only bucket and queue policies) may use wildcards
			}
			for _, a := range st.actions() {
				if a == "*" || strings.HasSuffix(a, ":*") {
					t.Errorf("%s: statement %q allows wildcard action %q", where, st.Sid, a)
				}
			}
		}
	}
	t.Logf("checked %d policy statements", n)
	raw, _ := json.Marshal(s.doc)
	if strings.Contains(string(raw), "FullAccess") {
		t.Error("the template mentions a FullAccess managed policy")
	}
	for id, r := range s.resources("AWS::IAM::Role") {
		if mp := props(r)["ManagedPolicyArns"]; mp != nil {
			t.Errorf("role %s has managed policies %v: every grant should be an explicit statement", id, mp)
		}
	}
}

// rolePolicy returns the statements of every IAM policy attached to the role a resource runs as.
func (s *synthesis) rolePolicy(t *testing.T, roleID string) []statement {
	t.Helper()
	var out []statement
	for id, r := range s.resources("AWS::IAM::Policy") {
		p := props(r)
		attached := false
		for _, role := range asList(p["Roles"]) {
			if ids := refs(role); len(ids) == 1 && ids[0] == roleID {
				attached = true
			}
		}
		if !attached {
			continue
		}
		var sts []statement
		remarshal(p["PolicyDocument"].(map[string]any)["Statement"], &sts)
		if len(sts) == 0 {
			t.Errorf("policy %s is empty", id)
		}
		out = append(out, sts...)
	}
	if inline := props(s.resource(t, roleID))["Policies"]; inline != nil {
		t.Errorf("role %s has inline policies; grants belong in its policy resource", roleID)
	}
	return out
}

// owner names the topology resource behind a logical id: "table/Guests", "bucket/exports", "queue/journal",
// "bus/bus", "statemachine/approval", "key", "logs/<function>".
func (s *synthesis) owners() map[string]string {
	out := map[string]string{s.logicalID(s.h.tableKey.KeyArn()): "key", s.logicalID(s.h.bus.EventBusArn()): "bus/bus"}
	for name, x := range s.h.tables {
		out[s.logicalID(x.TableArn())] = "table/" + name
	}
	for name, x := range s.h.buckets {
		out[s.logicalID(x.BucketArn())] = "bucket/" + name
	}
	for name, x := range s.h.queues {
		out[s.logicalID(x.QueueArn())] = "queue/" + name
	}
	for name, x := range s.h.deadLetters {
		out[s.logicalID(x.QueueArn())] = "dlq/" + name
	}
	for name, x := range s.h.stateMachines {
		out[s.logicalID(x.StateMachineArn())] = "statemachine/" + name
	}
	for name, x := range s.h.secrets {
		out[s.logicalID(x.SecretArn())] = "secret/" + name
	}
	for name, x := range s.h.logGroups {
		out[s.logicalID(x.LogGroupArn())] = "logs/" + name
	}
	for name, x := range s.h.functions {
		out[s.logicalID(x.FunctionArn())] = "function/" + name
	}
	return out
}

// TestFunctionPoliciesFollowTopology checks each function role against topology.Permissions: every statement
// names only resources the function is wired to, with only the actions granted on them, and every granted action
// is present. The extras are the table key (functions with tables), the function's own log group and X-Ray.
func TestFunctionPoliciesFollowTopology(t *testing.T) {
	s := synth(t)
	owners := s.owners()
	for _, f := range s.topo.Functions {
		t.Run(f.Name, func(t *testing.T) {
			fn := props(s.resource(t, s.logicalID(s.h.functions[f.Name].FunctionArn())))
			roleID := refs(fn["Role"])[0]
			if roleID != s.logicalID(s.h.roles[f.Name].RoleArn()) {
				t.Fatalf("function runs as %s, not its own role", roleID)
			}
			allowed := map[string][]string{} // owner -> actions
			for _, g := range s.topo.Permissions(f.Name) {
				key := g.Kind + "/" + g.Resource
				allowed[key] = append(allowed[key], g.Actions...)
			}
			if len(f.Tables) > 0 {
				allowed["key"] = keyActions(f)
			}
			allowed["logs/"+f.Name] = []string{"logs:CreateLogStream", "logs:PutLogEvents"}

			granted := map[string][]string{}
			for _, st := range s.rolePolicy(t, roleID) {
				if st.Effect != "Allow" {
					continue
				}
				for _, res := range asList(st.Resource) {
					if res == "*" {
						for _, a := range st.actions() {
							if a != "xray:PutTraceSegments" && a != "xray:PutTelemetryRecords" {
								t.Errorf("statement %q: %s on every resource", st.Sid, a)
							}
						}
						continue
					}
					ids := refs(res)
					if len(ids) != 1 {
						t.Errorf("statement %q: resource %v names %d resources, want exactly one", st.Sid, res, len(ids))
						continue
					}
					owner, ok := owners[ids[0]]
					if !ok {
						t.Errorf("statement %q: resource %v is not a topology resource", st.Sid, res)
						continue
					}
					want, ok := allowed[owner]
					if !ok {
						t.Errorf("statement %q: grants on %s, which the topology does not wire to %s", st.Sid, owner, f.Name)
						continue
					}
					for _, a := range st.actions() {
						if !slices.Contains(want, a) {
							t.Errorf("statement %q: %s on %s is not in topology.Permissions", st.Sid, a, owner)
						}
						granted[owner] = append(granted[owner], a)
					}
				}
			}
			for owner, actions := range allowed {
				for _, a := range actions {
					if !slices.Contains(granted[owner], a) {
						t.Errorf("%s on %s is in topology.Permissions but not granted", a, owner)
					}
				}
			}
			var names []string
			for owner := range granted {
				names = append(names, owner)
			}
			sort.Strings(names)
			t.Logf("grants on %v", names)
		})
	}
}

// TestJournalFunctionIsScoped is the concrete case: the journal function reads and writes the Journal table, reads
// the Config table (retention policy) and consumes its queue, and its policy never mentions the Guests table, a
// bucket or the bus.
func TestJournalFunctionIsScoped(t *testing.T) {
	s := synth(t)
	roleID := s.logicalID(s.h.roles[topology.FunctionJournal].RoleArn())
	raw, _ := json.Marshal(s.rolePolicy(t, roleID))
	policy := string(raw)
	mustMention := []string{
		s.logicalID(s.h.tables[topology.TableJournal].TableArn()),
		s.logicalID(s.h.queues[topology.QueueJournal].QueueArn()),
		"dynamodb:PutItem", "sqs:ReceiveMessage",
	}
	mustNot := []string{
		s.logicalID(s.h.tables[topology.TableGuests].TableArn()),
		s.logicalID(s.h.bus.EventBusArn()),
		"events:PutEvents", "s3:", "states:", "sqs:SendMessage",
	}
	for _, b := range s.h.buckets {
		mustNot = append(mustNot, s.logicalID(b.BucketArn()))
	}
	for _, m := range mustMention {
		if !strings.Contains(policy, m) {
			t.Errorf("journal policy does not mention %s", m)
		}
	}
	for _, m := range mustNot {
		if strings.Contains(policy, m) {
			t.Errorf("journal policy mentions %s", m)
		}
	}
}

// TestImportWorkflowRoleIsScoped: the bulk import workflow may invoke its task function, start child executions of
// itself only, watch only its own executions, and read manifests under plans/ of the uploads bucket only; the rule
// that starts it has a role that may start it and nothing else.
func TestImportWorkflowRoleIsScoped(t *testing.T) {
	s := synth(t)
	sm, ok := s.topo.StateMachine(topology.WorkflowImport)
	if !ok {
		t.Fatal("no import workflow in the topology")
	}
	fnID := s.logicalID(s.h.functions[sm.TaskFunction].FunctionArn())
	bucketID := s.logicalID(s.h.buckets[sm.Bucket].BucketArn())
	name := s.h.importMachineName(sm)
	got := map[string][]string{}
	for _, st := range s.rolePolicy(t, s.logicalID(s.h.workflowRoles[sm.Name].RoleArn())) {
		for _, a := range st.actions() {
			for _, r := range asList(st.Resource) {
				raw, _ := json.Marshal(r)
				got[a] = append(got[a], string(raw))
			}
		}
	}
	// Each action: the fragments each of its resources must show, one list per resource.
	want := map[string][][]string{
		"lambda:InvokeFunction":    {{fnID}},
		"states:StartExecution":    {{":stateMachine:" + name + `"`}},
		"states:DescribeExecution": {{":execution:" + name + `/*"`}, {":execution:" + name + `:*"`}},
		"states:StopExecution":     {{":execution:" + name + `/*"`}, {":execution:" + name + `:*"`}},
		"s3:GetObject":             {{bucketID, `/plans/*"`}},
	}
	if len(got) != len(want) {
		t.Errorf("import workflow role grants %v, want exactly the actions of %v", got, want)
	}
	for action, resources := range want {
		if len(got[action]) != len(resources) {
			t.Errorf("%s on %v, want %d resources like %v", action, got[action], len(resources), resources)
			continue
		}
		for i, fragments := range resources {
			for _, f := range fragments {
				if !strings.Contains(got[action][i], f) {
					t.Errorf("%s on %s, want a resource with %s", action, got[action][i], f)
				}
			}
		}
	}
	// The rule's target role: start this machine, nothing else.
	machineID := s.logicalID(s.h.stateMachines[sm.Name].StateMachineArn())
	for id, r := range s.resources("AWS::Events::Rule") {
		for _, target := range asList(props(r)["Targets"]) {
			tg := target.(map[string]any)
			if refs(tg["Arn"])[0] != machineID {
				continue
			}
			roleID := refs(tg["RoleArn"])[0]
			var sts []string
			for _, st := range s.rolePolicy(t, roleID) {
				raw, _ := json.Marshal(st.Resource)
				sts = append(sts, strings.Join(st.actions(), ",")+" on "+string(raw))
			}
			if len(sts) != 1 || !strings.HasPrefix(sts[0], "states:StartExecution on ") || !strings.Contains(sts[0], machineID) {
				t.Errorf("rule %s starts the workflow as %s, granted %v", id, roleID, sts)
			}
			return
		}
	}
	t.Error("no rule starts the import workflow")
}

// TestServiceRolesAreScoped checks the roles of the workflows and schedules: invoke the task function and put
// events on the bus, nothing more.
func TestServiceRolesAreScoped(t *testing.T) {
	s := synth(t)
	busID := s.logicalID(s.h.bus.EventBusArn())
	type grant struct{ action, resource string }
	scoped := func(roleID string, want ...grant) {
		t.Helper()
		var got []grant
		for _, st := range s.rolePolicy(t, roleID) {
			for _, a := range st.actions() {
				for _, r := range asList(st.Resource) {
					ids := refs(r)
					got = append(got, grant{a, strings.Join(ids, ",")})
				}
			}
		}
		if !slices.Equal(sortGrants(got), sortGrants(want)) {
			t.Errorf("role %s grants %v, want %v", roleID, got, want)
		}
	}
	for _, sm := range s.topo.StateMachines {
		if sm.Kind != topology.KindApproval {
			continue // TestImportWorkflowRoleIsScoped
		}
		fnID := s.logicalID(s.h.functions[sm.TaskFunction].FunctionArn())
		scoped(s.logicalID(s.h.workflowRoles[sm.Name].RoleArn()),
			grant{"lambda:InvokeFunction", fnID}, grant{"events:PutEvents", busID})
	}
	scoped(s.logicalID(s.h.schedulerRole.RoleArn()), grant{"events:PutEvents", busID})
	check(t, "scheduler role trusts only the scheduler of this account", func() {
		s.template.HasResourceProperties(jsii.String("AWS::IAM::Role"), like(obj{
			"AssumeRolePolicyDocument": like(obj{"Statement": []any{like(obj{
				"Principal": obj{"Service": "scheduler.amazonaws.com"},
				"Condition": obj{"StringEquals": obj{"aws:SourceAccount": "123456789012"}},
			})}}),
		}))
	})
}

func sortGrants[T any](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprint(x)
	}
	sort.Strings(out)
	return out
}
