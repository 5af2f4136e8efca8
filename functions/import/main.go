// Command import runs the steps of the bulk import workflow (Step Functions): plan an uploaded CSV file, import
// each chunk, sum up or record the failure.
package main

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/app/webhooks"
	"github.com/hearthcrm/hearth/shared/cloud/buckets"
	"github.com/hearthcrm/hearth/shared/cloud/queue"
	"github.com/hearthcrm/hearth/shared/cloud/secrets"
)

func main() {
	var ingest *queue.Queue // the FIFO queue to the match function
	var s3 *buckets.Buckets // the uploads bucket and the raw archive
	adapters := func(ctx context.Context, env *app.Env) (app.Deps, error) {
		var err error
		if ingest, err = queue.New(env.AWS, topology.QueueIngest); err != nil {
			return app.Deps{}, err
		}
		s3 = buckets.New(env.AWS)
		return app.Deps{Blobs: s3}, env.LoadSecrets(ctx, secrets.Read) // the identity key card hashes are keyed by
	}
	step := app.Build(adapters, func(a *app.App) (func(context.Context, []byte) ([]byte, error), error) {
		return webhooks.ImportStep(a, ingest, webhooks.Uploads{Objects: s3})
	})
	lambda.Start(func(ctx context.Context, payload json.RawMessage) (json.RawMessage, error) { return step(ctx, payload) })
}
