package topology

import "sort"

// Grant is one least-privilege permission: a set of actions on one named resource. Resource is the topology name
// of the table, bucket, queue, secret or state machine; "bus" is the event bus.
type Grant struct {
	Kind     string // table, bucket, queue, bus, secret, statemachine
	Resource string
	Actions  []string
}

var (
	// Scan is a read like Query (a Query may read any partition of the table, so it exposes nothing more): the
	// cardex export, the ledger check and the loyalty dashboard read a whole table by design.
	tableRead   = []string{"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"}
	tableWrite  = []string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
	bucketRead  = []string{"s3:GetObject", "s3:ListBucket"}
	bucketWrite = []string{"s3:PutObject", "s3:DeleteObject"}
	bucketErase = []string{"s3:GetObject", "s3:PutObject", "s3:ListBucketVersions", "s3:DeleteObjectVersion"}
	queueRead   = []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"}
	queueSend   = []string{"sqs:SendMessage", "sqs:GetQueueAttributes"}
)

// Permissions derives everything function fn may do from what it is wired to: its tables and buckets, the queue it
// consumes, the queues it sends to, the bus if it publishes and the workflows it starts or answers. Nothing else.
func (t Topology) Permissions(fn string) []Grant {
	f, ok := t.Function(fn)
	if !ok {
		return nil
	}
	var out []Grant
	for _, name := range sortedKeys(f.Tables) {
		actions := tableRead
		if f.Tables[name] == ReadWrite {
			actions = append(append([]string{}, tableRead...), tableWrite...)
		}
		out = append(out, Grant{Kind: "table", Resource: name, Actions: actions})
	}
	for _, name := range sortedKeys(f.Buckets) {
		actions := bucketRead
		switch f.Buckets[name] {
		case ReadWrite:
			actions = append(append([]string{}, bucketRead...), bucketWrite...)
		case Erase:
			actions = bucketErase
		}
		out = append(out, Grant{Kind: "bucket", Resource: name, Actions: actions})
	}
	for _, q := range t.Queues {
		if q.Consumer == fn {
			out = append(out, Grant{Kind: "queue", Resource: q.Name, Actions: queueRead})
		}
	}
	for _, q := range f.SendsTo {
		out = append(out, Grant{Kind: "queue", Resource: q, Actions: queueSend})
	}
	if f.Publishes {
		out = append(out, Grant{Kind: "bus", Resource: "bus", Actions: []string{"events:PutEvents"}})
	}
	for _, sec := range f.Secrets {
		out = append(out, Grant{Kind: "secret", Resource: sec, Actions: []string{"secretsmanager:GetSecretValue"}})
	}
	for _, sm := range f.StartsWorkflows {
		out = append(out, Grant{Kind: "statemachine", Resource: sm, Actions: []string{"states:StartExecution", "states:DescribeExecution"}})
	}
	for _, sm := range f.CompletesWorkflow {
		out = append(out, Grant{Kind: "statemachine", Resource: sm, Actions: []string{"states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"}})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
