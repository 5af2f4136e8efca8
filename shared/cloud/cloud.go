// Package cloud holds the AWS adapters other than DynamoDB: the EventBridge publisher and the Step Functions
// workflow client. Endpoints come from the standard SDK settings, so LocalStack works unchanged.
package cloud

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/infra/topology"
)

// Bus publishes envelopes to the custom EventBridge bus named by HEARTH_BUS.
type Bus struct {
	client *eventbridge.Client
	name   string
}

// NewBus returns the EventBridge adapter.
func NewBus(cfg aws.Config, busName string) *Bus {
	return &Bus{client: eventbridge.NewFromConfig(cfg), name: busName}
}

// maxEntries is PutEvents' batch limit.
const maxEntries = 10

// Publish validates and sends envelopes in batches of ten; a partially failed batch is an error naming the
// failed entries, so the caller's retry (SQS redelivery) resends them and consumers' idempotency absorbs repeats.
func (b *Bus) Publish(ctx context.Context, envs ...events.Envelope) error {
	for start := 0; start < len(envs); start += maxEntries {
		batch := envs[start:min(start+maxEntries, len(envs))]
		entries := make([]ebtypes.PutEventsRequestEntry, len(batch))
		for i, env := range batch {
			if err := env.Validate(); err != nil {
				return fmt.Errorf("publish: %w", err)
			}
			detail, err := envJSON(env)
			if err != nil {
				return err
			}
			entries[i] = ebtypes.PutEventsRequestEntry{
				EventBusName: aws.String(b.name), Source: aws.String(events.Source), DetailType: aws.String(env.Type),
				Detail: aws.String(detail), Time: aws.Time(env.OccurredAt),
			}
		}
		out, err := b.client.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entries})
		if err != nil {
			return fmt.Errorf("put events: %w", err)
		}
		if out.FailedEntryCount > 0 {
			var failed []string
			for i, r := range out.Entries {
				if r.ErrorCode != nil {
					failed = append(failed, batch[i].ID+": "+aws.ToString(r.ErrorCode))
				}
			}
			return fmt.Errorf("put events: %d failed: %s", out.FailedEntryCount, strings.Join(failed, ", "))
		}
	}
	return nil
}

// Workflows starts and answers Step Functions executions; state machine ARNs come from HEARTH_WORKFLOW_<NAME>.
type Workflows struct{ client *sfn.Client }

// NewWorkflows returns the Step Functions adapter.
func NewWorkflows(cfg aws.Config) *Workflows { return &Workflows{client: sfn.NewFromConfig(cfg)} }

// Start implements approval.Workflows. Execution names are idempotent in Step Functions for 90 days.
func (w *Workflows) Start(ctx context.Context, workflow, executionName string, input []byte) error {
	arn := os.Getenv(topology.EnvName(topology.EnvWorkflow, workflow))
	if arn == "" {
		return fmt.Errorf("start %s: %s is not set", workflow, topology.EnvName(topology.EnvWorkflow, workflow))
	}
	_, err := w.client.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(arn), Name: aws.String(executionName), Input: aws.String(string(input))})
	return err
}

// Complete implements approval.Workflows.
func (w *Workflows) Complete(ctx context.Context, token string, output []byte) error {
	_, err := w.client.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{TaskToken: aws.String(token), Output: aws.String(string(output))})
	return err
}
