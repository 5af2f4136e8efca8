// Command api is the console and partner HTTP API behind API Gateway's JWT authorizer.
package main

import (
	"context"
	"log"
	"net/http"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/auth"
)

func main() {
	a, err := app.NewFromEnv(context.Background())
	if err != nil {
		log.Fatalf("api: %v", err)
	}
	lambda.Start(httpadapter.NewV2(a.API(claims, nil)).ProxyWithContext)
}

// claims reads the caller from the JWT claims the HTTP API authorizer already verified.
func claims(r *http.Request) (auth.Actor, error) {
	rc, ok := core.GetAPIGatewayV2ContextFromContext(r.Context())
	if !ok || rc.Authorizer == nil || rc.Authorizer.JWT == nil {
		return auth.Actor{}, auth.ErrUnauthenticated
	}
	return auth.FromClaims(rc.Authorizer.JWT.Claims)
}
