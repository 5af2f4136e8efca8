// Command privacy carries out approved erasures and the daily retention sweep (SQS consumer with partial batch failures).
package main

import (
	"context"

	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/cloud/secrets"
)

func main() { app.ServeQueue(secretsOnly, (*app.App).PrivacyHandler) }

// secretsOnly loads the identity key erased identities are remembered by.
func secretsOnly(ctx context.Context, env *app.Env) (app.Deps, error) {
	return app.Deps{}, env.LoadSecrets(ctx, secrets.Read)
}
