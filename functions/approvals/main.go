// Command approvals records an approval request's task token (Step Functions waitForTaskToken task).
package main

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/hearthcrm/hearth/shared/app"
)

func main() {
	task := app.Build(app.NoAdapters, func(a *app.App) (func(context.Context, []byte) error, error) { return a.ApprovalTask, nil })
	lambda.Start(func(ctx context.Context, payload json.RawMessage) error { return task(ctx, payload) })
}
