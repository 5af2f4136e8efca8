// Package stack generates Hearth's CloudFormation stack from the topology: every table, bucket, queue, rule,
// function, grant, schedule and workflow in the stack comes from topology.Topology, so the local runtime and AWS
// cannot drift apart. Adding a consumer is a topology change; this package needs none.
package stack

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/infra/topology"
)

// Props configures the stack.
type Props struct {
	// StackProps are passed to CloudFormation unchanged (env, description, tags, synthesizer).
	StackProps awscdk.StackProps
	// Topology is the declaration the stack is generated from; usually topology.Hearth().
	Topology topology.Topology
	// AssetDir holds one folder per function with a prebuilt `bootstrap` (scripts/build writes dist/functions).
	AssetDir string
	// Stage names the deployment ("dev", "prod"); it is passed to every function as HEARTH_STAGE and names the bus.
	Stage string
	// GroupID is the hotel group this deployment serves (HEARTH_GROUP_ID in every function).
	GroupID string
	// ConsoleDir holds the console's production build (console/dist: index.html and assets/), deployed to S3
	// behind CloudFront with a config.json naming this stage's API and hosted login.
	ConsoleDir string
	// LoginDomainPrefix names the hosted login (https://<prefix>.auth.<region>.amazoncognito.com); the default is
	// hearth-<stage>-<account>, as prefixes are unique per region across every AWS account.
	LoginDomainPrefix string
	// LocalhostLogin lets developers sign in to this stage from the console's dev server (npm run dev at
	// http://localhost:5173): a callback, logout URL and CORS origin more. Off for production stages.
	LocalhostLogin bool
}

// New builds the Hearth stack. It panics, as CDK constructs do, when the topology is inconsistent or a function's
// bootstrap is missing, so that synth stops with a message instead of producing a broken template.
func New(scope constructs.Construct, id string, props Props) awscdk.Stack {
	return build(scope, id, props).stack
}

// hearth holds every construct the stack creates, keyed by topology name, so that later resource groups (grants,
// environment, outputs) and the tests can refer to earlier ones.
type hearth struct {
	stack awscdk.Stack
	props Props
	topo  topology.Topology

	tableKey      awskms.Key
	tables        map[string]awsdynamodb.Table
	buckets       map[string]awss3.Bucket
	bus           awsevents.EventBus
	queues        map[string]awssqs.Queue
	deadLetters   map[string]awssqs.Queue
	functions     map[string]awslambda.Function
	roles         map[string]awsiam.Role
	logGroups     map[string]awslogs.LogGroup
	stateMachines map[string]awsstepfunctions.StateMachine
	workflowRoles map[string]awsiam.Role
	secrets       map[string]awssecretsmanager.Secret
	schedulerRole awsiam.Role
	userPool      awscognito.UserPool
	userPoolApp   awscognito.UserPoolClient
	api           awsapigatewayv2.HttpApi

	userPoolDomain    awscognito.UserPoolDomain
	consoleBucket     awss3.Bucket
	consoleCDN        awscloudfront.Distribution
	consoleURL        string // https://<distribution domain>, a token until deployed
	consoleDeployRole awsiam.Role
}

// build creates the stack in dependency order: data, messaging, compute, then what wires them together.
func build(scope constructs.Construct, id string, props Props) *hearth {
	if err := validate(props); err != nil {
		panic(fmt.Sprintf("hearth stack %s: %v", id, err))
	}
	sp := props.StackProps
	h := &hearth{
		stack:         awscdk.NewStack(scope, jsii.String(id), &sp),
		props:         props,
		topo:          props.Topology,
		tables:        map[string]awsdynamodb.Table{},
		buckets:       map[string]awss3.Bucket{},
		queues:        map[string]awssqs.Queue{},
		deadLetters:   map[string]awssqs.Queue{},
		functions:     map[string]awslambda.Function{},
		roles:         map[string]awsiam.Role{},
		logGroups:     map[string]awslogs.LogGroup{},
		stateMachines: map[string]awsstepfunctions.StateMachine{},
		workflowRoles: map[string]awsiam.Role{},
		secrets:       map[string]awssecretsmanager.Secret{},
	}
	awscdk.Tags_Of(h.stack).Add(jsii.String("hearth:stage"), jsii.String(props.Stage), nil)

	h.addTables()
	h.addBuckets()
	h.addSecrets()
	h.addBus()
	h.addQueues()
	h.addFunctions()
	h.addStateMachines()
	h.addGrants()
	h.addEnvironment()
	h.addQueueConsumers()
	h.addConsoleHosting()
	h.addAPI()
	h.deployConsole()
	h.addSchedules()
	h.addAlarms()
	h.addOutputs()
	return h
}
