package stack

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"
	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/infra/topology"
)

// importMachineName names a bulk import state machine. It is fixed, not generated, so that its role can name the
// machine's own ARN (the distributed map starts child executions of it) without a circular reference.
func (h *hearth) importMachineName(sm topology.StateMachine) string {
	return fmt.Sprintf("hearth-%s-%s", h.props.Stage, sm.Name)
}

// addImportWorkflow creates a bulk import state machine from topology.ImportDefinition and the rule that starts it
// on each object created under its prefix in its bucket (S3 sends object events to the default bus). Its role may
// invoke the task function, start and watch its own child executions, and read the plans' manifests; nothing else.
func (h *hearth) addImportWorkflow(sm topology.StateMachine) {
	id := "Workflow" + pascal(sm.Name)
	fn := h.functions[sm.TaskFunction]
	bucket := h.buckets[sm.Bucket]
	name := h.importMachineName(sm)
	definition, err := topology.ImportDefinition(sm, *fn.FunctionArn())
	if err != nil {
		panic(fmt.Sprintf("workflow %s: %v", sm.Name, err))
	}
	role := awsiam.NewRole(h.stack, jsii.String(id+"Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("states.amazonaws.com"), nil),
		Description: jsii.String(fmt.Sprintf("Hearth %s %s workflow: invoke %s, run its chunks, read its manifests", h.props.Stage, sm.Name, sm.TaskFunction)),
	})
	arn := func(resource, resourceName string) *string {
		return h.stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("states"), Resource: jsii.String(resource), ResourceName: jsii.String(resourceName),
			ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
		})
	}
	for _, st := range []*awsiam.PolicyStatementProps{
		{Sid: jsii.String("InvokeTaskFunction"), Actions: strs("lambda:InvokeFunction"), Resources: &[]*string{fn.FunctionArn()}},
		{Sid: jsii.String("StartChunkExecutions"), Actions: strs("states:StartExecution"), Resources: &[]*string{arn("stateMachine", name)}},
		{
			// A distributed map's child executions are named <machine>/<map run>:<id>.
			Sid: jsii.String("WatchChunkExecutions"), Actions: strs("states:DescribeExecution", "states:StopExecution"),
			Resources: &[]*string{arn("execution", name+"/*"), arn("execution", name+":*")},
		},
		// upload.ManifestKey: plans/<uploadId>.json
		{Sid: jsii.String("ReadManifests"), Actions: strs("s3:GetObject"), Resources: &[]*string{bucket.ArnForObjects(jsii.String("plans/*"))}},
	} {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(st))
	}
	machine := awsstepfunctions.NewStateMachine(h.stack, jsii.String(id), &awsstepfunctions.StateMachineProps{
		StateMachineName: jsii.String(name),
		StateMachineType: awsstepfunctions.StateMachineType_STANDARD,
		DefinitionBody:   awsstepfunctions.DefinitionBody_FromString(jsii.String(definition)),
		Role:             role,
		Comment:          jsii.String(fmt.Sprintf("Hearth %s workflow", sm.Name)),
	})
	// The target's own role may start this machine and nothing else.
	awsevents.NewRule(h.stack, jsii.String(id+"Trigger"), &awsevents.RuleProps{
		Description: jsii.String(fmt.Sprintf("files created under %s in the %s bucket start the %s workflow", sm.Prefix, sm.Bucket, sm.Name)),
		EventPattern: &awsevents.EventPattern{
			Source:     strs("aws.s3"),
			DetailType: strs("Object Created"),
			Detail: &map[string]any{
				"bucket": map[string]any{"name": []any{bucket.BucketName()}},
				"object": map[string]any{"key": []any{map[string]any{"prefix": sm.Prefix}}},
			},
		},
		Targets: &[]awsevents.IRuleTarget{awseventstargets.NewSfnStateMachine(machine, nil)},
	})
	h.stateMachines[sm.Name] = machine
	h.workflowRoles[sm.Name] = role
}

// notifyEventBridge turns on the bucket's EventBridge notifications. The bucket is this stack's own, so the
// property is set on it directly rather than through CDK's notifications custom resource (a Lambda function with
// s3:PutBucketNotification on every bucket).
func notifyEventBridge(b awss3.Bucket) {
	cfn := b.Node().DefaultChild().(awss3.CfnBucket)
	cfn.AddPropertyOverride(jsii.String("NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled"), true)
}
