// Command ingest receives signed PMS/POS messages behind API Gateway's webhook routes.
package main

import (
	"context"
	"log"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/intake"
)

func main() {
	a, err := app.NewFromEnv(context.Background())
	if err != nil || a.Intake == nil {
		log.Fatalf("ingest: %v (the ingest queue must be configured)", err)
	}
	lambda.Start(httpadapter.NewV2(intake.Handler(a.Intake, slog.New(slog.NewJSONHandler(os.Stdout, nil)))).ProxyWithContext)
}
