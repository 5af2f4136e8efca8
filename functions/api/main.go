// Command api is the console and partner HTTP API behind API Gateway's JWT authorizer.
package main

import (
	"context"
	"net/http"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/app/webapi"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/cloud/buckets"
	"github.com/hearthcrm/hearth/shared/cloud/eventbus"
	"github.com/hearthcrm/hearth/shared/cloud/secrets"
	"github.com/hearthcrm/hearth/shared/cloud/workflows"
)

func main() {
	h := app.Build(adapters, func(a *app.App) (http.Handler, error) { return webapi.Handler(a, claims, nil) })
	lambda.Start(httpadapter.NewV2(h).ProxyWithContext)
}

// adapters: the bus, the approval workflow, the exports bucket and the unsubscribe and identity keys.
func adapters(ctx context.Context, env *app.Env) (app.Deps, error) {
	return app.Deps{Bus: eventbus.FromEnv(env.AWS), Workflows: workflows.New(env.AWS), Blobs: buckets.New(env.AWS)}, env.LoadSecrets(ctx, secrets.Read)
}

// claims reads the caller from the JWT claims the HTTP API authorizer already verified.
func claims(r *http.Request) (auth.Actor, error) {
	rc, ok := core.GetAPIGatewayV2ContextFromContext(r.Context())
	if !ok || rc.Authorizer == nil || rc.Authorizer.JWT == nil {
		return auth.Actor{}, auth.ErrUnauthenticated
	}
	return auth.FromClaims(rc.Authorizer.JWT.Claims)
}
