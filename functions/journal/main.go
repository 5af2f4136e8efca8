// Command journal keeps every domain event (SQS consumer with partial batch failures).
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
		log.Fatalf("journal: %v", err)
	}
	lambda.Start(consumer.SQSHandler(a.Journal.Handle, slog.New(slog.NewJSONHandler(os.Stdout, nil))))
}
