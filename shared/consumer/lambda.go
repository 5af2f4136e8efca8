package consumer

import (
	"context"
	"log/slog"

	awsevents "github.com/aws/aws-lambda-go/events"
)

// SQSHandler adapts h to a Lambda SQS handler that reports partial batch failures (the event source mapping has
// ReportBatchItemFailures), so only failed messages return to the queue.
func SQSHandler(h Handler, log *slog.Logger) func(context.Context, awsevents.SQSEvent) (awsevents.SQSEventResponse, error) {
	return func(ctx context.Context, ev awsevents.SQSEvent) (awsevents.SQSEventResponse, error) {
		msgs := make([]Message, len(ev.Records))
		for i, r := range ev.Records {
			msgs[i] = Message{ID: r.MessageId, Body: r.Body}
		}
		var resp awsevents.SQSEventResponse
		for _, f := range Process(ctx, h, msgs) {
			log.ErrorContext(ctx, "message failed", "messageId", f.ID, "error", f.Err)
			resp.BatchItemFailures = append(resp.BatchItemFailures, awsevents.SQSBatchItemFailure{ItemIdentifier: f.ID})
		}
		return resp, nil
	}
}
