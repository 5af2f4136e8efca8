// Package topology is the one declaration of Hearth's serverless shape: tables, buckets, functions, queues, the
// rules that route bus events to queues, schedules and workflows. The CDK stack is generated from it and so is the
// local runtime's wiring; adding a consumer is one Queue entry plus a handler.
package topology

import "time"

// Topology is the whole application.
type Topology struct {
	Tables        []Table
	Buckets       []Bucket
	Functions     []Function
	Queues        []Queue
	Schedules     []Schedule
	StateMachines []StateMachine
	Secrets       []Secret
	API           API
}

// Secret is a generated secret value (Secrets Manager in AWS, random per run locally), such as a signing key.
type Secret struct {
	Name    string
	Purpose string
}

// AttrType is a DynamoDB key attribute type.
type AttrType string

// Key attribute types.
const (
	String AttrType = "S"
	Number AttrType = "N"
)

// Key names a key attribute and its type.
type Key struct {
	Name string
	Type AttrType
}

// Table is a DynamoDB table: on-demand, PITR and KMS-encrypted in AWS. AccessPatterns documents every read the
// code makes, each served by the table key or an index.
type Table struct {
	Name           string
	PartitionKey   Key
	SortKey        Key // zero when the table has no sort key
	Indexes        []Index
	TTLAttribute   string // empty when items never expire
	AccessPatterns []string
}

// Index is a global secondary index projecting all attributes.
type Index struct {
	Name         string
	PartitionKey Key
	SortKey      Key
}

// Bucket is an S3 bucket: private, encrypted, with lifecycle rules.
type Bucket struct {
	Name            string
	Purpose         string
	InfrequentAfter int // days before objects move to infrequent access (0: never)
	ExpireAfter     int // days before objects are deleted (0: never)
	Versioned       bool
	// Notify sends the bucket's object events to EventBridge (the default bus), where a workflow can start on them.
	Notify bool
}

// Access is what a function may do to a table or bucket.
type Access int

// Access levels; IAM actions derive from them.
const (
	Read Access = iota + 1
	ReadWrite
	// Erase (buckets only) is the right to erasure in a versioned bucket: read an object, rewrite it, and delete
	// each version of it by id, since a plain delete or overwrite keeps the old body as an older version. It
	// grants no plain delete and no listing of objects, only of a key's versions.
	Erase
)

// Function is one Lambda, built from functions/<Name>/main.go.
type Function struct {
	Name      string
	Purpose   string
	MemoryMB  int
	Timeout   time.Duration
	Env       map[string]string
	Tables    map[string]Access
	Buckets   map[string]Access
	Publishes bool     // puts events on the bus
	SendsTo   []string // queues it sends to directly
	// Workflows the function starts or answers (SendTaskSuccess/Failure for waitForTaskToken tasks).
	StartsWorkflows   []string
	CompletesWorkflow []string
	Secrets           []string // secrets it reads
}

// Queue is an SQS queue with its dead-letter queue, drained by Consumer. When Rule is set the queue is fed from the
// bus; otherwise producers listed in Function.SendsTo write to it.
type Queue struct {
	Name              string
	FIFO              bool
	VisibilityTimeout time.Duration
	MaxReceiveCount   int // receives before a message moves to the dead-letter queue
	BatchSize         int
	Consumer          string
	Rule              *Rule
}

// DeadLetterName is the name of q's dead-letter queue.
func (q Queue) DeadLetterName() string { return q.Name + "-dlq" }

// Rule routes bus events with this source and one of these detail-types to a queue. Patterns stay at source and
// detail-type so the local bus matches exactly what EventBridge matches.
type Rule struct {
	Source      string
	DetailTypes []string
}

// Schedule puts an event on the bus on a timetable (EventBridge Scheduler in AWS, a ticker locally). Data is the
// detail's data as JSON; "<aws.scheduler.scheduled-time>" in it is replaced with the scheduled time.
type Schedule struct {
	Name       string
	Expression string // "rate(1 hour)" or "cron(0 2 * * ? *)", UTC
	DetailType string
	Data       string
}

// WorkflowKind says which definition a state machine is rendered from.
type WorkflowKind string

// Workflow kinds.
const (
	// KindApproval invokes TaskFunction with a task token, waits for an approver's answer until Timeout and
	// publishes the decision as DecisionType.
	KindApproval WorkflowKind = "approval"
	// KindBulkImport starts when a file is created in Bucket under Prefix: TaskFunction plans it, a distributed map
	// imports its chunks (at most MaxConcurrency at once) and TaskFunction sums them up or records the failure.
	KindBulkImport WorkflowKind = "bulk-import"
)

// StateMachine is a workflow (Step Functions in AWS, the local runtime under hearth dev).
type StateMachine struct {
	Name         string
	Kind         WorkflowKind
	TaskFunction string
	Timeout      time.Duration // an approval request expires, an import execution stops, after this long
	DecisionType string        // approvals

	// Bulk imports.
	Bucket         string
	Prefix         string
	MaxConcurrency int
}

// API is the HTTP API: every route goes to Function behind the JWT authorizer except PublicRoutes; Webhooks are
// public routes to other functions that authenticate callers themselves (PMS/POS HMAC signatures).
type API struct {
	Function     string
	PublicRoutes []string // "GET /healthz"
	Webhooks     []Webhook
}

// Webhook routes a public path to a function.
type Webhook struct {
	Route    string // "POST /ingest/{source}"
	Function string
}
