package stack

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
)

// recorder stands in for testing.T to prove check reports failures instead of crashing.
type recorder struct{ errors []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestWrongAssertionIsReportedNotFatal(t *testing.T) {
	s := synth(t)
	t.Logf("stack synthesized in %s (shared by every test in this binary)", s.took.Round(1e6))

	rec := &recorder{}
	check(rec, "deliberately wrong count", func() {
		s.template.ResourceCountIs(jsii.String("AWS::DynamoDB::Table"), jsii.Number(len(s.topo.Tables)+7))
	})
	check(rec, "deliberately wrong property", func() {
		s.template.HasResourceProperties(jsii.String("AWS::Lambda::Function"), like(obj{"Runtime": "nodejs22.x"}))
	})
	if len(rec.errors) != 2 {
		t.Fatalf("want both wrong assertions reported, got %d: %q", len(rec.errors), rec.errors)
	}
	if !strings.Contains(rec.errors[0], "deliberately wrong count") {
		t.Errorf("report should name the assertion: %q", rec.errors[0])
	}
	// The jsii runtime survives the panics: a correct assertion still passes.
	check(t, "table count after failures", func() {
		s.template.ResourceCountIs(jsii.String("AWS::DynamoDB::Table"), jsii.Number(len(s.topo.Tables)))
	})
}

func TestTablesAndKey(t *testing.T) {
	s := synth(t)
	check(t, "one customer-managed key with rotation, retained", func() {
		s.template.ResourceCountIs(jsii.String("AWS::KMS::Key"), jsii.Number(1))
		s.template.HasResource(jsii.String("AWS::KMS::Key"), like(obj{
			"Properties":     like(obj{"EnableKeyRotation": true}),
			"DeletionPolicy": "Retain",
		}))
	})
	check(t, "table count", func() {
		s.template.ResourceCountIs(jsii.String("AWS::DynamoDB::Table"), jsii.Number(len(s.topo.Tables)))
	})
	keyID := s.logicalID(s.h.tableKey.KeyArn())
	for _, tb := range s.topo.Tables {
		id := s.logicalID(s.h.tables[tb.Name].TableArn())
		r := s.resource(t, id)
		if r["DeletionPolicy"] != "Retain" || r["UpdateReplacePolicy"] != "Retain" {
			t.Errorf("table %s: want DeletionPolicy and UpdateReplacePolicy Retain, got %v/%v", tb.Name, r["DeletionPolicy"], r["UpdateReplacePolicy"])
		}
		want := obj{
			"BillingMode":                      "PAY_PER_REQUEST",
			"PointInTimeRecoverySpecification": obj{"PointInTimeRecoveryEnabled": true},
			"SSESpecification":                 obj{"SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": getAtt(keyID, "Arn")},
			"KeySchema": []any{
				obj{"AttributeName": tb.PartitionKey.Name, "KeyType": "HASH"},
				obj{"AttributeName": tb.SortKey.Name, "KeyType": "RANGE"},
			},
		}
		for k, v := range want {
			assertJSONEqual(t, fmt.Sprintf("table %s %s", tb.Name, k), props(r)[k], v)
		}
		if tb.TTLAttribute != "" {
			assertJSONEqual(t, "table "+tb.Name+" TTL", props(r)["TimeToLiveSpecification"], obj{"AttributeName": tb.TTLAttribute, "Enabled": true})
		} else if _, ok := props(r)["TimeToLiveSpecification"]; ok {
			t.Errorf("table %s: TTL set but the topology declares none", tb.Name)
		}
		var indexes []map[string]any
		remarshal(props(r)["GlobalSecondaryIndexes"], &indexes)
		if len(indexes) != len(tb.Indexes) {
			t.Errorf("table %s: %d GSIs, topology declares %d", tb.Name, len(indexes), len(tb.Indexes))
		}
		for _, ix := range tb.Indexes {
			found := false
			for _, got := range indexes {
				if got["IndexName"] == ix.Name {
					found = true
					assertJSONEqual(t, "table "+tb.Name+" index "+ix.Name, got, obj{
						"IndexName": ix.Name,
						"KeySchema": []any{
							obj{"AttributeName": ix.PartitionKey.Name, "KeyType": "HASH"},
							obj{"AttributeName": ix.SortKey.Name, "KeyType": "RANGE"},
						},
						"Projection": obj{"ProjectionType": "ALL"},
					})
				}
			}
			if !found {
				t.Errorf("table %s: no GSI %s", tb.Name, ix.Name)
			}
		}
	}
}

func TestBusRulesAndQueues(t *testing.T) {
	s := synth(t)
	busID := s.logicalID(s.h.bus.EventBusArn())
	check(t, "one custom bus named after the stage", func() {
		s.template.ResourceCountIs(jsii.String("AWS::Events::EventBus"), jsii.Number(1))
		s.template.HasResourceProperties(jsii.String("AWS::Events::EventBus"), like(obj{"Name": "hearth-" + testStage}))
	})
	for _, q := range s.topo.Queues {
		queueID := s.logicalID(s.h.queues[q.Name].QueueArn())
		dlqID := s.logicalID(s.h.deadLetters[q.Name].QueueArn())
		check(t, "queue "+q.Name+": redrive, visibility, encryption", func() {
			s.template.HasResourceProperties(jsii.String("AWS::SQS::Queue"), like(obj{
				"RedrivePolicy":        obj{"deadLetterTargetArn": getAtt(dlqID, "Arn"), "maxReceiveCount": q.MaxReceiveCount},
				"VisibilityTimeout":    q.VisibilityTimeout.Seconds(),
				"SqsManagedSseEnabled": true,
			}))
		})
		wantFIFO := any(nil)
		if q.FIFO {
			wantFIFO = true
		}
		for _, id := range []string{queueID, dlqID} {
			p := props(s.resource(t, id))
			if p["FifoQueue"] != wantFIFO {
				t.Errorf("queue %s (%s): FifoQueue %v, want %v", q.Name, id, p["FifoQueue"], wantFIFO)
			}
			if p["SqsManagedSseEnabled"] != true {
				t.Errorf("queue %s (%s): not encrypted", q.Name, id)
			}
		}
		if q.Rule == nil {
			continue
		}
		types := make([]any, len(q.Rule.DetailTypes))
		for i, d := range q.Rule.DetailTypes {
			types[i] = d
		}
		check(t, "rule for "+q.Name+": pattern and target", func() {
			s.template.HasResourceProperties(jsii.String("AWS::Events::Rule"), like(obj{
				"EventBusName": ref(busID),
				"EventPattern": obj{"source": []any{q.Rule.Source}, "detail-type": arrayEquals(types...)},
				"Targets":      arrayWith(like(obj{"Arn": getAtt(queueID, "Arn")})),
			}))
		})
		check(t, "queue "+q.Name+": policy lets only its rule send", func() {
			s.template.HasResourceProperties(jsii.String("AWS::SQS::QueuePolicy"), like(obj{
				"Queues": []any{ref(queueID)},
				"PolicyDocument": like(obj{"Statement": arrayWith(like(obj{
					"Effect":    "Allow",
					"Principal": obj{"Service": "events.amazonaws.com"},
					"Action":    arrayWith("sqs:SendMessage"),
					"Condition": obj{"ArnEquals": obj{"aws:SourceArn": getAtt(s.ruleID(t, queueID), "Arn")}},
				}))}),
			}))
		})
	}
}

// ruleID finds the rule that targets a queue.
func (s *synthesis) ruleID(t *testing.T, queueID string) string {
	t.Helper()
	for id, r := range s.resources("AWS::Events::Rule") {
		for _, target := range asList(props(r)["Targets"]) {
			if refs(target.(map[string]any)["Arn"])[0] == queueID {
				return id
			}
		}
	}
	t.Fatalf("no rule targets %s", queueID)
	return ""
}

func TestDeadLetterAlarms(t *testing.T) {
	s := synth(t)
	check(t, "one alarm per dead-letter queue", func() {
		s.template.ResourceCountIs(jsii.String("AWS::CloudWatch::Alarm"), jsii.Number(len(s.topo.Queues)))
	})
	for _, q := range s.topo.Queues {
		dlqID := s.logicalID(s.h.deadLetters[q.Name].QueueArn())
		check(t, "alarm on "+q.Name+" DLQ", func() {
			s.template.HasResourceProperties(jsii.String("AWS::CloudWatch::Alarm"), like(obj{
				"Namespace":          "AWS/SQS",
				"MetricName":         "ApproximateNumberOfMessagesVisible",
				"Dimensions":         []any{obj{"Name": "QueueName", "Value": getAtt(dlqID, "QueueName")}},
				"ComparisonOperator": "GreaterThanThreshold",
				"Threshold":          0,
			}))
		})
	}
}

func TestEventSourceMappings(t *testing.T) {
	s := synth(t)
	check(t, "one mapping per queue", func() {
		s.template.ResourceCountIs(jsii.String("AWS::Lambda::EventSourceMapping"), jsii.Number(len(s.topo.Queues)))
	})
	for _, q := range s.topo.Queues {
		queueID := s.logicalID(s.h.queues[q.Name].QueueArn())
		fnID := s.logicalID(s.h.functions[q.Consumer].FunctionArn())
		check(t, "mapping "+q.Name+" -> "+q.Consumer, func() {
			s.template.HasResourceProperties(jsii.String("AWS::Lambda::EventSourceMapping"), like(obj{
				"EventSourceArn":        getAtt(queueID, "Arn"),
				"FunctionName":          ref(fnID),
				"BatchSize":             q.BatchSize,
				"FunctionResponseTypes": []any{"ReportBatchItemFailures"},
			}))
		})
	}
}

func TestFunctions(t *testing.T) {
	s := synth(t)
	check(t, "function count: the topology's and the console deployment's handler", func() {
		s.template.ResourceCountIs(jsii.String("AWS::Lambda::Function"), jsii.Number(len(s.topo.Functions)+1))
	})
	for _, f := range s.topo.Functions {
		p := props(s.resource(t, s.logicalID(s.h.functions[f.Name].FunctionArn())))
		lc, _ := p["LoggingConfig"].(map[string]any)
		got := obj{"Runtime": p["Runtime"], "Architectures": p["Architectures"], "Handler": p["Handler"], "TracingConfig": p["TracingConfig"], "LogFormat": lc["LogFormat"]}
		assertJSONEqual(t, "function "+f.Name+": provided.al2023 on arm64, bootstrap, traced, JSON logs", got, obj{
			"Runtime": "provided.al2023", "Architectures": []any{"arm64"}, "Handler": "bootstrap",
			"TracingConfig": obj{"Mode": "Active"}, "LogFormat": "JSON",
		})
	}
	for _, f := range s.topo.Functions {
		p := props(s.resource(t, s.logicalID(s.h.functions[f.Name].FunctionArn())))
		if p["MemorySize"] != float64(f.MemoryMB) || p["Timeout"] != f.Timeout.Seconds() {
			t.Errorf("function %s: memory %v timeout %v, want %d %v", f.Name, p["MemorySize"], p["Timeout"], f.MemoryMB, f.Timeout.Seconds())
		}
		logsID := s.logicalID(s.h.logGroups[f.Name].LogGroupArn())
		assertJSONEqual(t, "function "+f.Name+" log group", p["LoggingConfig"], obj{"LogFormat": "JSON", "LogGroup": ref(logsID)})
		check(t, "function "+f.Name+" log retention", func() {
			s.template.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), like(obj{"RetentionInDays": 30}))
		})

		var env map[string]any
		remarshal(p["Environment"].(map[string]any)["Variables"], &env)
		want := map[string]any{"HEARTH_STAGE": testStage, "HEARTH_GROUP_ID": "test-group"}
		for name := range f.Tables {
			want[topology.EnvName(topology.EnvTable, name)] = ref(s.logicalID(s.h.tables[name].TableArn()))
		}
		for name := range f.Buckets {
			want[topology.EnvName(topology.EnvBucket, name)] = ref(s.logicalID(s.h.buckets[name].BucketArn()))
		}
		for _, q := range s.topo.Queues {
			if q.Consumer == f.Name || slices.Contains(f.SendsTo, q.Name) {
				want[topology.EnvName(topology.EnvQueue, q.Name)] = ref(s.logicalID(s.h.queues[q.Name].QueueArn()))
			}
		}
		if f.Publishes {
			want["HEARTH_BUS"] = ref(s.logicalID(s.h.bus.EventBusArn()))
		}
		for _, sec := range f.Secrets {
			want[topology.EnvName(topology.EnvSecret, sec)] = ref(s.logicalID(s.h.secrets[sec].SecretArn()))
		}
		for _, sm := range append(append([]string{}, f.StartsWorkflows...), f.CompletesWorkflow...) {
			want[topology.EnvName(topology.EnvWorkflow, sm)] = ref(s.logicalID(s.h.stateMachines[sm].StateMachineArn()))
		}
		for k, v := range f.Env {
			want[k] = v
		}
		assertJSONEqual(t, "function "+f.Name+" environment", env, want)
	}
}

func TestHTTPAPI(t *testing.T) {
	s := synth(t)
	poolID := s.logicalID(s.h.userPool.UserPoolId())
	clientID := s.logicalID(s.h.userPoolApp.UserPoolClientId())
	apiFn := s.logicalID(s.h.functions[s.topo.API.Function].FunctionArn())
	check(t, "user pool signs in with email", func() {
		s.template.HasResourceProperties(jsii.String("AWS::Cognito::UserPool"), like(obj{"UsernameAttributes": []any{"email"}}))
		s.template.HasResourceProperties(jsii.String("AWS::Cognito::UserPoolClient"), like(obj{"UserPoolId": ref(poolID)}))
	})
	check(t, "HTTP API", func() {
		s.template.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Api"), jsii.Number(1))
		s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Api"), like(obj{"ProtocolType": "HTTP"}))
		s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Integration"), like(obj{
			"IntegrationType": "AWS_PROXY",
			"IntegrationUri":  getAtt(apiFn, "Arn"),
		}))
	})
	check(t, "JWT authorizer trusts the pool and its client", func() {
		s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Authorizer"), like(obj{
			"AuthorizerType": "JWT",
			"JwtConfiguration": obj{
				"Audience": []any{ref(clientID)},
				"Issuer":   obj{"Fn::Join": []any{"", []any{"https://cognito-idp.eu-west-1.amazonaws.com/", ref(poolID)}}},
			},
		}))
	})
	check(t, "every path behind the authorizer", func() {
		s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), like(obj{
			"RouteKey": "ANY /{proxy+}", "AuthorizationType": "JWT", "AuthorizerId": assertions.Match_AnyValue(),
		}))
	})
	check(t, "route count", func() {
		// ANY and OPTIONS (CORS preflights) on /{proxy+}, then the public routes and webhooks.
		s.template.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Route"), jsii.Number(2+len(s.topo.API.PublicRoutes)+len(s.topo.API.Webhooks)))
	})
	for _, wh := range s.topo.API.Webhooks {
		check(t, "webhook "+wh.Route, func() {
			s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), like(obj{
				"RouteKey": wh.Route, "AuthorizationType": "NONE", "AuthorizerId": absent(),
			}))
		})
	}
	for _, route := range s.topo.API.PublicRoutes {
		check(t, "public route "+route, func() {
			s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), like(obj{
				"RouteKey": route, "AuthorizationType": "NONE", "AuthorizerId": absent(),
			}))
		})
	}
	check(t, "outputs", func() {
		for _, name := range []string{"ApiUrl", "UserPoolId", "UserPoolClientId", "BusName", "ConsoleUrl", "LoginUrl"} {
			s.template.HasOutput(jsii.String(name), like(obj{"Value": assertions.Match_AnyValue()}))
		}
		for _, b := range s.topo.Buckets {
			s.template.HasOutput(jsii.String("Bucket"+pascal(b.Name)+"Name"), like(obj{"Value": ref(s.logicalID(s.h.buckets[b.Name].BucketArn()))}))
		}
		for _, tb := range s.topo.Tables {
			s.template.HasOutput(jsii.String("Table"+pascal(tb.Name)+"Name"), like(obj{"Value": ref(s.logicalID(s.h.tables[tb.Name].TableArn()))}))
		}
	})
}

func TestBuckets(t *testing.T) {
	s := synth(t)
	check(t, "bucket count: the topology's and the console's", func() {
		s.template.ResourceCountIs(jsii.String("AWS::S3::Bucket"), jsii.Number(len(s.topo.Buckets)+1))
	})
	for _, b := range s.topo.Buckets {
		id := s.logicalID(s.h.buckets[b.Name].BucketArn())
		r := s.resource(t, id)
		if r["DeletionPolicy"] != "Retain" {
			t.Errorf("bucket %s: DeletionPolicy %v", b.Name, r["DeletionPolicy"])
		}
		p := props(r)
		assertJSONEqual(t, "bucket "+b.Name+" public access", p["PublicAccessBlockConfiguration"], obj{
			"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
		})
		assertJSONEqual(t, "bucket "+b.Name+" encryption", p["BucketEncryption"], obj{
			"ServerSideEncryptionConfiguration": []any{obj{"ServerSideEncryptionByDefault": obj{"SSEAlgorithm": "AES256"}}},
		})
		versioning, _ := p["VersioningConfiguration"].(map[string]any)
		if versioned := versioning["Status"] == "Enabled"; versioned != (b.Name == topology.BucketArchive) {
			t.Errorf("bucket %s: versioning %v", b.Name, p["VersioningConfiguration"])
		}
		var rules []map[string]any
		remarshal(p["LifecycleConfiguration"].(map[string]any)["Rules"], &rules)
		if len(rules) != 1 {
			t.Fatalf("bucket %s: %d lifecycle rules", b.Name, len(rules))
		}
		if b.ExpireAfter > 0 && rules[0]["ExpirationInDays"] != float64(b.ExpireAfter) {
			t.Errorf("bucket %s: expiration %v, want %d", b.Name, rules[0]["ExpirationInDays"], b.ExpireAfter)
		}
		if b.InfrequentAfter > 0 {
			assertJSONEqual(t, "bucket "+b.Name+" transition", rules[0]["Transitions"], []any{obj{"StorageClass": "STANDARD_IA", "TransitionInDays": b.InfrequentAfter}})
		} else if rules[0]["Transitions"] != nil {
			t.Errorf("bucket %s: unexpected transitions %v", b.Name, rules[0]["Transitions"])
		}
		check(t, "bucket "+b.Name+" denies plain HTTP", func() {
			s.template.HasResourceProperties(jsii.String("AWS::S3::BucketPolicy"), like(obj{
				"Bucket": ref(id),
				"PolicyDocument": like(obj{"Statement": arrayWith(like(obj{
					"Effect": "Deny", "Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}},
				}))}),
			}))
		})
	}
}

func TestSchedules(t *testing.T) {
	s := synth(t)
	busID := s.logicalID(s.h.bus.EventBusArn())
	roleID := s.logicalID(s.h.schedulerRole.RoleArn())
	check(t, "schedule count", func() {
		s.template.ResourceCountIs(jsii.String("AWS::Scheduler::Schedule"), jsii.Number(len(s.topo.Schedules)))
	})
	for _, sc := range s.topo.Schedules {
		var data any
		if err := json.Unmarshal([]byte(sc.Data), &data); err != nil {
			t.Fatalf("schedule %s data: %v", sc.Name, err)
		}
		check(t, "schedule "+sc.Name, func() {
			s.template.HasResourceProperties(jsii.String("AWS::Scheduler::Schedule"), like(obj{
				"ScheduleExpression": sc.Expression,
				"FlexibleTimeWindow": obj{"Mode": "OFF"},
				"Target": like(obj{
					"Arn":                   getAtt(busID, "Arn"),
					"RoleArn":               getAtt(roleID, "Arn"),
					"EventBridgeParameters": obj{"DetailType": sc.DetailType, "Source": events.Source},
					"Input": assertions.Match_SerializedJson(obj{
						"id":             "<aws.scheduler.execution-id>",
						"type":           sc.DetailType,
						"version":        1,
						"occurredAt":     "<aws.scheduler.scheduled-time>",
						"idempotencyKey": "schedule/" + sc.Name + "/<aws.scheduler.scheduled-time>",
						"data":           data,
					}),
				}),
			}))
		})
	}
}

func TestStateMachines(t *testing.T) {
	s := synth(t)
	busID := s.logicalID(s.h.bus.EventBusArn())
	check(t, "state machine count", func() {
		s.template.ResourceCountIs(jsii.String("AWS::StepFunctions::StateMachine"), jsii.Number(len(s.topo.StateMachines)))
	})
	for _, sm := range s.topo.StateMachines {
		r := s.resource(t, s.logicalID(s.h.stateMachines[sm.Name].StateMachineArn()))
		p := props(r)
		if p["StateMachineType"] != "STANDARD" {
			t.Errorf("workflow %s: type %v", sm.Name, p["StateMachineType"])
		}
		if sm.Kind == topology.KindBulkImport {
			checkImportWorkflow(t, s, sm, renderDefinition(t, p["DefinitionString"]))
			continue
		}
		def := renderDefinition(t, p["DefinitionString"])
		if !strings.Contains(def, "arn:aws:states:::lambda:invoke.waitForTaskToken") {
			t.Errorf("workflow %s: definition does not wait for a task token:\n%s", sm.Name, def)
		}
		var asl struct {
			States map[string]struct {
				Parameters map[string]any
			}
		}
		if err := json.Unmarshal([]byte(def), &asl); err != nil {
			t.Fatalf("workflow %s: definition is not JSON: %v\n%s", sm.Name, err, def)
		}
		fnID := s.logicalID(s.h.functions[sm.TaskFunction].FunctionArn())
		if got := asl.States["RequestApproval"].Parameters["FunctionName"]; got != "<"+fnID+".Arn>" {
			t.Errorf("workflow %s: invokes %v, want %s", sm.Name, got, fnID)
		}
		entries, _ := asl.States["PublishDecision"].Parameters["Entries"].([]any)
		if len(entries) != 1 || entries[0].(map[string]any)["EventBusName"] != "<"+busID+">" {
			t.Errorf("workflow %s: publishes to %v, want the bus %s", sm.Name, entries, busID)
		}
	}
}

// checkImportWorkflow: the import workflow plans, maps over the manifest in distributed mode with bounded
// concurrency and retries on Lambda throttling, and records any failure; the uploads bucket notifies EventBridge
// and a rule on the default bus starts the workflow for files under the prefix of that bucket only.
func checkImportWorkflow(t *testing.T, s *synthesis, sm topology.StateMachine, def string) {
	t.Helper()
	var asl struct {
		StartAt string
		States  map[string]map[string]any
	}
	if err := json.Unmarshal([]byte(def), &asl); err != nil {
		t.Fatalf("workflow %s: definition is not JSON: %v\n%s", sm.Name, err, def)
	}
	fnID := s.logicalID(s.h.functions[sm.TaskFunction].FunctionArn())
	m := asl.States["ImportChunks"]
	var mp struct {
		ItemReader    struct{ Resource string }
		ItemProcessor struct {
			ProcessorConfig struct{ Mode, ExecutionType string }
			States          map[string]struct {
				Parameters map[string]any
				Retry      []struct{ ErrorEquals []string }
			}
		}
		MaxConcurrency             int
		ToleratedFailurePercentage *int
		Catch                      []struct{ Next string }
	}
	remarshal(m, &mp)
	chunk := mp.ItemProcessor.States["ImportChunk"]
	throttled := false
	for _, r := range chunk.Retry {
		throttled = throttled || slices.Contains(r.ErrorEquals, "Lambda.TooManyRequestsException")
	}
	switch {
	case asl.StartAt != "Plan" || asl.States["Plan"]["Next"] != "ImportChunks" || m["Next"] != "Summarise":
		t.Errorf("workflow %s: states in the wrong order:\n%s", sm.Name, def)
	case mp.ItemReader.Resource != "arn:aws:states:::s3:getObject" || mp.ItemProcessor.ProcessorConfig.Mode != "DISTRIBUTED" ||
		mp.ItemProcessor.ProcessorConfig.ExecutionType != "EXPRESS":
		t.Errorf("workflow %s: the map is not a distributed map over an S3 manifest: %+v", sm.Name, mp)
	case mp.MaxConcurrency != sm.MaxConcurrency || mp.MaxConcurrency < 1 || mp.ToleratedFailurePercentage == nil || len(mp.Catch) != 1 || mp.Catch[0].Next != "RecordFailure":
		t.Errorf("workflow %s: concurrency %d, tolerated failures %v, catch %v", sm.Name, mp.MaxConcurrency, mp.ToleratedFailurePercentage, mp.Catch)
	case chunk.Parameters["FunctionName"] != "<"+fnID+".Arn>" || !throttled:
		t.Errorf("workflow %s: chunks invoke %v, retrying %v", sm.Name, chunk.Parameters["FunctionName"], chunk.Retry)
	}
	for _, state := range []string{"Plan", "Summarise"} {
		if catch, _ := asl.States[state]["Catch"].([]any); len(catch) != 1 {
			t.Errorf("workflow %s: %s catches %v, want one catch to RecordFailure", sm.Name, state, catch)
		}
	}
	bucketID := s.logicalID(s.h.buckets[sm.Bucket].BucketArn())
	notify, _ := props(s.resource(t, bucketID))["NotificationConfiguration"].(map[string]any)
	assertJSONEqual(t, "uploads bucket notifications", notify, obj{"EventBridgeConfiguration": obj{"EventBridgeEnabled": true}})
	check(t, "rule starting "+sm.Name, func() {
		s.template.HasResourceProperties(jsii.String("AWS::Events::Rule"), like(obj{
			"EventBusName": absent(), // S3 notifies the default bus
			"EventPattern": obj{
				"source": []any{"aws.s3"}, "detail-type": []any{"Object Created"},
				"detail": obj{"bucket": obj{"name": []any{ref(bucketID)}}, "object": obj{"key": []any{obj{"prefix": sm.Prefix}}}},
			},
			"Targets": arrayWith(like(obj{"Arn": ref(s.logicalID(s.h.stateMachines[sm.Name].StateMachineArn()))})),
		}))
	})
}

// renderDefinition turns a DefinitionString (a plain string or an Fn::Join with references) into ASL text, writing
// each reference as <LogicalId> or <LogicalId.Attribute>.
func renderDefinition(t *testing.T, v any) string {
	t.Helper()
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		join, ok := x["Fn::Join"].([]any)
		if !ok || len(join) != 2 {
			t.Fatalf("definition is neither a string nor an Fn::Join: %v", v)
		}
		var b strings.Builder
		for _, part := range join[1].([]any) {
			switch p := part.(type) {
			case string:
				b.WriteString(p)
			case map[string]any:
				if r, ok := p["Ref"].(string); ok {
					b.WriteString("<" + r + ">")
				} else if ga, ok := p["Fn::GetAtt"].([]any); ok {
					b.WriteString(fmt.Sprintf("<%v.%v>", ga[0], ga[1]))
				} else {
					t.Fatalf("unexpected token in definition: %v", p)
				}
			}
		}
		return b.String()
	}
	t.Fatalf("unexpected definition %T", v)
	return ""
}

// assertJSONEqual compares two values by their JSON encoding, so template numbers (float64) equal Go ints.
func assertJSONEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	var g, w any
	remarshal(got, &g)
	remarshal(want, &w)
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if string(gb) != string(wb) {
		t.Errorf("%s:\n got %s\nwant %s", what, gb, wb)
	}
}

func remarshal(in, out any) {
	b, err := json.Marshal(in)
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		panic(err)
	}
}
