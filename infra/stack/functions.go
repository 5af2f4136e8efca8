package stack

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/infra/topology"
)

// logRetention is how long function logs are kept.
const logRetention = awslogs.RetentionDays_ONE_MONTH

// addFunctions creates one arm64 provided.al2023 function per topology function from its prebuilt bootstrap, each
// with its own role (no managed policies) and log group. Grants and environment come later, once every resource
// they name exists.
func (h *hearth) addFunctions() {
	for _, f := range h.topo.Functions {
		id := "Function" + pascal(f.Name)
		logs := awslogs.NewLogGroup(h.stack, jsii.String(id+"Logs"), &awslogs.LogGroupProps{
			Retention:     logRetention,
			RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
		})
		role := awsiam.NewRole(h.stack, jsii.String(id+"Role"), &awsiam.RoleProps{
			AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
			Description: jsii.String(fmt.Sprintf("Hearth %s %s function: only what the topology wires it to", h.props.Stage, f.Name)),
		})
		fn := awslambda.NewFunction(h.stack, jsii.String(id), &awslambda.FunctionProps{
			Description:   jsii.String(f.Purpose),
			Runtime:       awslambda.Runtime_PROVIDED_AL2023(),
			Architecture:  awslambda.Architecture_ARM_64(),
			Handler:       jsii.String("bootstrap"),
			Code:          awslambda.Code_FromAsset(jsii.String(filepath.Join(h.props.AssetDir, f.Name)), nil),
			MemorySize:    jsii.Number(f.MemoryMB),
			Timeout:       awscdk.Duration_Seconds(jsii.Number(f.Timeout.Seconds())),
			Role:          role,
			LogGroup:      logs,
			LoggingFormat: awslambda.LoggingFormat_JSON,
			Tracing:       awslambda.Tracing_ACTIVE,
		})
		h.functions[f.Name] = fn
		h.roles[f.Name] = role
		h.logGroups[f.Name] = logs
	}
}

// addGrants gives each function's role the statements topology.Permissions derives, on the ARNs of the named
// resources and nothing else, plus the table key for functions that touch tables and its own log group.
func (h *hearth) addGrants() {
	for _, f := range h.topo.Functions {
		role := h.roles[f.Name]
		sids := map[string]int{} // IAM wants statement ids unique within a policy
		for _, g := range h.topo.Permissions(f.Name) {
			sid := pascal(g.Kind) + pascal(g.Resource)
			if sids[sid]++; sids[sid] > 1 {
				sid = fmt.Sprintf("%s%d", sid, sids[sid])
			}
			role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Sid:       jsii.String(sid),
				Actions:   strs(g.Actions...),
				Resources: h.grantResources(g),
			}))
		}
		if actions := keyActions(f); len(actions) > 0 {
			role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Sid:       jsii.String("TableKey"),
				Actions:   strs(actions...),
				Resources: &[]*string{h.tableKey.KeyArn()},
			}))
		}
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:       jsii.String("OwnLogs"),
			Actions:   strs("logs:CreateLogStream", "logs:PutLogEvents"),
			Resources: &[]*string{h.logGroups[f.Name].LogGroupArn()},
		}))
	}
}

// keyActions is what a function needs on the table key: decrypt to read, encrypt and data keys to write.
func keyActions(f topology.Function) []string {
	if len(f.Tables) == 0 {
		return nil
	}
	actions := []string{"kms:Decrypt", "kms:DescribeKey"}
	for _, a := range f.Tables {
		if a == topology.ReadWrite {
			return append(actions, "kms:Encrypt", "kms:GenerateDataKey")
		}
	}
	return actions
}

// grantResources lists the ARNs a grant applies to: a table and its indexes, a bucket and its objects, a queue,
// the bus, or a state machine (and its executions when the grant describes them: DescribeExecution is authorised
// on the execution ARN).
func (h *hearth) grantResources(g topology.Grant) *[]*string {
	switch g.Kind {
	case "table":
		arn := h.tables[g.Resource].TableArn()
		return &[]*string{arn, jsii.String(*arn + "/index/*")}
	case "bucket":
		arn := h.buckets[g.Resource].BucketArn()
		return &[]*string{arn, jsii.String(*arn + "/*")}
	case "queue":
		return &[]*string{h.queues[g.Resource].QueueArn()}
	case "bus":
		return &[]*string{h.bus.EventBusArn()}
	case "secret":
		return &[]*string{h.secrets[g.Resource].SecretArn()}
	case "statemachine":
		sm := h.stateMachines[g.Resource]
		if !slices.Contains(g.Actions, "states:DescribeExecution") {
			return &[]*string{sm.StateMachineArn()}
		}
		executions := h.stack.FormatArn(&awscdk.ArnComponents{
			Service:      jsii.String("states"),
			Resource:     jsii.String("execution"),
			ResourceName: jsii.String(*sm.StateMachineName() + ":*"),
			ArnFormat:    awscdk.ArnFormat_COLON_RESOURCE_NAME,
		})
		return &[]*string{sm.StateMachineArn(), executions}
	}
	panic(fmt.Sprintf("topology grant of unknown kind %q on %s", g.Kind, g.Resource))
}

// addEnvironment tells each function the physical names of what it is wired to, under the names the adapters
// read: HEARTH_TABLE_<NAME>, HEARTH_BUCKET_<NAME>, HEARTH_QUEUE_<NAME> (URL), HEARTH_BUS, HEARTH_WORKFLOW_<NAME>
// (ARN) and HEARTH_STAGE, plus the function's own settings from the topology.
func (h *hearth) addEnvironment() {
	for _, f := range h.topo.Functions {
		env := map[string]*string{"HEARTH_STAGE": jsii.String(h.props.Stage), "HEARTH_GROUP_ID": jsii.String(h.props.GroupID)}
		for name := range f.Tables {
			env[topology.EnvName(topology.EnvTable, name)] = h.tables[name].TableName()
		}
		for name := range f.Buckets {
			env[topology.EnvName(topology.EnvBucket, name)] = h.buckets[name].BucketName()
		}
		for _, q := range h.topo.Queues {
			if q.Consumer == f.Name {
				env[topology.EnvName(topology.EnvQueue, q.Name)] = h.queues[q.Name].QueueUrl()
			}
		}
		for _, q := range f.SendsTo {
			env[topology.EnvName(topology.EnvQueue, q)] = h.queues[q].QueueUrl()
		}
		if f.Publishes {
			env["HEARTH_BUS"] = h.bus.EventBusName()
		}
		for _, sec := range f.Secrets {
			env[topology.EnvName(topology.EnvSecret, sec)] = h.secrets[sec].SecretArn()
		}
		for _, sm := range append(append([]string{}, f.StartsWorkflows...), f.CompletesWorkflow...) {
			env[topology.EnvName(topology.EnvWorkflow, sm)] = h.stateMachines[sm].StateMachineArn()
		}
		for k, v := range f.Env {
			env[k] = jsii.String(v)
		}
		keys := make([]string, 0, len(env))
		for k := range env {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			h.functions[f.Name].AddEnvironment(jsii.String(k), env[k], nil)
		}
	}
}
