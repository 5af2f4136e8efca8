// Command ingest receives signed PMS/POS messages behind API Gateway's webhook routes.
package main

import (
	"context"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/app/webhooks"
	"github.com/hearthcrm/hearth/shared/cloud/buckets"
	"github.com/hearthcrm/hearth/shared/cloud/queue"
	"github.com/hearthcrm/hearth/shared/cloud/secrets"
	"github.com/hearthcrm/hearth/shared/metrics"
)

func main() {
	var ingest *queue.Queue // the FIFO queue to the match function
	var s3 *buckets.Buckets // the raw archive; the uploads bucket and its upload URLs
	adapters := func(ctx context.Context, env *app.Env) (app.Deps, error) {
		var err error
		if ingest, err = queue.New(env.AWS, topology.QueueIngest); err != nil {
			return app.Deps{}, err
		}
		s3 = buckets.New(env.AWS)
		// the identity key card hashes are keyed by
		return app.Deps{Blobs: s3, Metrics: metrics.NewEMF(os.Stdout, nil)}, env.LoadSecrets(ctx, secrets.Read)
	}
	h := app.Build(adapters, func(a *app.App) (http.Handler, error) {
		return webhooks.Handler(a, ingest, webhooks.Uploads{Objects: s3, Presigner: s3})
	})
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}
