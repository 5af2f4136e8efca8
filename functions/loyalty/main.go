// Command loyalty awards members points for their stays and checks (SQS consumer with partial batch failures).
package main

import (
	"context"

	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/cloud/eventbus"
)

func main() { app.ServeQueue(busOnly, (*app.App).LoyaltyHandler) }

// busOnly publishes points and tier events.
func busOnly(_ context.Context, env *app.Env) (app.Deps, error) {
	return app.Deps{Bus: eventbus.FromEnv(env.AWS)}, nil
}
