package stack

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"
)

// dlqRetention keeps dead letters for the longest SQS allows, so operators can inspect and replay them.
var dlqRetention = awscdk.Duration_Days(jsii.Number(14))

// addBus creates Hearth's custom event bus. Its name carries the stage so that `hearth replay` and operators can
// find it without reading stack outputs.
func (h *hearth) addBus() {
	h.bus = awsevents.NewEventBus(h.stack, jsii.String("Bus"), &awsevents.EventBusProps{
		EventBusName: jsii.String("hearth-" + h.props.Stage),
		Description:  jsii.String("Hearth domain events (envelopes as detail)"),
	})
}

// addQueues creates each queue with its dead-letter queue and, where the topology declares one, the rule that feeds
// it from the bus. The SQS target adds the queue policy that lets only that rule send.
func (h *hearth) addQueues() {
	for _, q := range h.topo.Queues {
		id := "Queue" + pascal(q.Name)
		dlq := awssqs.NewQueue(h.stack, jsii.String(id+"DLQ"), &awssqs.QueueProps{
			Fifo:            fifo(q.FIFO),
			Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
			EnforceSSL:      jsii.Bool(true),
			RetentionPeriod: dlqRetention,
		})
		props := &awssqs.QueueProps{
			Fifo:              fifo(q.FIFO),
			VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(q.VisibilityTimeout.Seconds())),
			Encryption:        awssqs.QueueEncryption_SQS_MANAGED,
			EnforceSSL:        jsii.Bool(true),
			DeadLetterQueue:   &awssqs.DeadLetterQueue{Queue: dlq, MaxReceiveCount: jsii.Number(q.MaxReceiveCount)},
		}
		if q.FIFO {
			// Envelopes carry an idempotency key, but EventBridge cannot set a deduplication id: dedupe on content.
			props.ContentBasedDeduplication = jsii.Bool(true)
		}
		queue := awssqs.NewQueue(h.stack, jsii.String(id), props)
		h.queues[q.Name] = queue
		h.deadLetters[q.Name] = dlq

		if q.Rule == nil {
			continue
		}
		target := &awseventstargets.SqsQueueProps{}
		if q.FIFO {
			target.MessageGroupId = jsii.String(q.Name)
		}
		awsevents.NewRule(h.stack, jsii.String(id+"Rule"), &awsevents.RuleProps{
			Description: jsii.String(fmt.Sprintf("%s events for the %s queue", q.Rule.Source, q.Name)),
			EventBus:    h.bus,
			EventPattern: &awsevents.EventPattern{
				Source:     strs(q.Rule.Source),
				DetailType: strs(q.Rule.DetailTypes...),
			},
			Targets: &[]awsevents.IRuleTarget{awseventstargets.NewSqsQueue(queue, target)},
		})
	}
}

func fifo(b bool) *bool {
	if !b {
		return nil // standard queue: leave FifoQueue out of the template
	}
	return jsii.Bool(true)
}

// addQueueConsumers maps each queue to its consumer. The mapping reports partial batch failures, so one poison
// message goes to the dead-letter queue without redelivering the rest of its batch. The consumer's role already has
// exactly the queue actions topology.Permissions lists; the mapping is created after that policy.
func (h *hearth) addQueueConsumers() {
	for _, q := range h.topo.Queues {
		fn := h.functions[q.Consumer]
		opts := &awslambda.EventSourceMappingOptions{
			EventSourceArn:          h.queues[q.Name].QueueArn(),
			BatchSize:               jsii.Number(q.BatchSize),
			ReportBatchItemFailures: jsii.Bool(true),
		}
		if q.BatchSize > 10 {
			opts.MaxBatchingWindow = awscdk.Duration_Seconds(jsii.Number(1))
		}
		esm := fn.AddEventSourceMapping(jsii.String("From"+pascal(q.Name)+"Queue"), opts)
		esm.Node().AddDependency(h.roles[q.Consumer])
	}
}

// addAlarms raises an alarm as soon as any message is waiting in a dead-letter queue.
func (h *hearth) addAlarms() {
	for _, q := range h.topo.Queues {
		dlq := h.deadLetters[q.Name]
		awscloudwatch.NewAlarm(h.stack, jsii.String("Queue"+pascal(q.Name)+"DLQAlarm"), &awscloudwatch.AlarmProps{
			AlarmDescription:   jsii.String(fmt.Sprintf("Hearth %s: messages in the %s dead-letter queue", h.props.Stage, q.Name)),
			Metric:             dlq.MetricApproximateNumberOfMessagesVisible(&awscloudwatch.MetricOptions{Period: awscdk.Duration_Minutes(jsii.Number(1)), Statistic: jsii.String("Maximum")}),
			Threshold:          jsii.Number(0),
			ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_THRESHOLD,
			EvaluationPeriods:  jsii.Number(1),
			TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
		})
	}
}
