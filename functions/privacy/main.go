// Command privacy carries out approved erasures (SQS consumer of approval decisions).
package main

import (
	"context"
	"log"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/consumer"
)

func main() {
	a, err := app.NewFromEnv(context.Background())
	if err != nil {
		log.Fatalf("privacy: %v", err)
	}
	lambda.Start(consumer.SQSHandler(a.Privacy, slog.New(slog.NewJSONHandler(os.Stdout, nil))))
}
