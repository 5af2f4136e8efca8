// Package workflows starts and answers Step Functions executions (the approval workflow's waitForTaskToken).
package workflows

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/hearthcrm/hearth/infra/topology"
)

// Workflows starts and answers Step Functions executions; state machine ARNs come from HEARTH_WORKFLOW_<NAME>.
type Workflows struct{ client *sfn.Client }

// New returns the Step Functions adapter.
func New(cfg aws.Config) *Workflows { return &Workflows{client: sfn.NewFromConfig(cfg)} }

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
