// Package eventbus publishes Hearth envelopes to the custom EventBridge bus. Each AWS client has its own package so
// a Lambda links only the clients it uses; endpoints come from the standard SDK settings (LocalStack works unchanged).
package eventbus

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/hearthcrm/hearth/events"
)

// Bus publishes envelopes to the custom EventBridge bus named by HEARTH_BUS.
type Bus struct {
	client *eventbridge.Client
	name   string
}

// New returns the EventBridge adapter.
func New(cfg aws.Config, busName string) *Bus {
	return &Bus{client: eventbridge.NewFromConfig(cfg), name: busName}
}

// maxEntries is PutEvents' batch limit.
const maxEntries = 10

// Publish validates and sends envelopes in batches of ten; a partially failed batch is an error naming the
// failed entries, so the caller's retry (SQS redelivery) resends them and consumers' idempotency absorbs repeats.
func (b *Bus) Publish(ctx context.Context, envs ...events.Envelope) error {
	for start := 0; start < len(envs); start += maxEntries {
		batch := envs[start:min(start+maxEntries, len(envs))]
		entries := make([]ebtypes.PutEventsRequestEntry, len(batch))
		for i, env := range batch {
			if err := env.Validate(); err != nil {
				return fmt.Errorf("publish: %w", err)
			}
			detail, err := json.Marshal(env)
			if err != nil {
				return err
			}
			entries[i] = ebtypes.PutEventsRequestEntry{
				EventBusName: aws.String(b.name), Source: aws.String(events.Source), DetailType: aws.String(env.Type),
				Detail: aws.String(string(detail)), Time: aws.Time(env.OccurredAt),
			}
		}
		out, err := b.client.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entries})
		if err != nil {
			return fmt.Errorf("put events: %w", err)
		}
		if out.FailedEntryCount > 0 {
			var failed []string
			for i, r := range out.Entries {
				if r.ErrorCode != nil {
					failed = append(failed, batch[i].ID+": "+aws.ToString(r.ErrorCode))
				}
			}
			return fmt.Errorf("put events: %d failed: %s", out.FailedEntryCount, strings.Join(failed, ", "))
		}
	}
	return nil
}
