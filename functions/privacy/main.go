// Command privacy carries out approved erasures and the daily retention sweep (SQS consumer with partial batch failures).
package main

import (
	"context"

	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/cloud/buckets"
	"github.com/hearthcrm/hearth/shared/cloud/secrets"
)

func main() { app.ServeQueue(archiveAndSecrets, (*app.App).PrivacyHandler) }

// archiveAndSecrets gives the raw archive (erased with every version) and the identity key erased identities are
// remembered by.
func archiveAndSecrets(ctx context.Context, env *app.Env) (app.Deps, error) {
	return app.Deps{Blobs: buckets.New(env.AWS)}, env.LoadSecrets(ctx, secrets.Read)
}
