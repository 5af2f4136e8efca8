// Command approvals records an approval request's task token (Step Functions waitForTaskToken task).
package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/hearthcrm/hearth/shared/app"
)

func main() {
	a, err := app.NewFromEnv(context.Background())
	if err != nil {
		log.Fatalf("approvals: %v", err)
	}
	lambda.Start(func(ctx context.Context, payload json.RawMessage) error { return a.ApprovalTask(ctx, payload) })
}
