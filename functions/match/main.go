// Command match resolves each ingested message's guest (SQS FIFO consumer with partial batch failures).
package main

import (
	"context"
	"os"

	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/cloud/eventbus"
	"github.com/hearthcrm/hearth/shared/cloud/secrets"
	"github.com/hearthcrm/hearth/shared/metrics"
)

func main() { app.ServeQueue(adapters, (*app.App).MatchHandler) }

// adapters: the bus for matched messages and merge events, and the identity key erased identities are checked by.
func adapters(ctx context.Context, env *app.Env) (app.Deps, error) {
	return app.Deps{Bus: eventbus.FromEnv(env.AWS), Metrics: metrics.NewEMF(os.Stdout, nil)}, env.LoadSecrets(ctx, secrets.Read)
}
