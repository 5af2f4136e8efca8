// Package queue sends messages to one of the stack's SQS queues.
package queue

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/intake"
)

// Queue sends to one SQS queue whose URL the stack put in HEARTH_QUEUE_<NAME>.
type Queue struct {
	client *sqs.Client
	url    string
	fifo   bool
}

// New returns the adapter for the topology queue called name.
func New(cfg aws.Config, name string) (*Queue, error) {
	url := os.Getenv(topology.EnvName(topology.EnvQueue, name))
	if url == "" {
		return nil, fmt.Errorf("queue %s: %s is not set", name, topology.EnvName(topology.EnvQueue, name))
	}
	return &Queue{client: sqs.NewFromConfig(cfg), url: url, fifo: strings.HasSuffix(url, ".fifo")}, nil
}

// Enqueue implements intake.Queue in batches of ten; any entry SQS refuses fails the call, so the sender retries
// and FIFO deduplication absorbs the entries that did go through.
func (q *Queue) Enqueue(ctx context.Context, msgs []intake.Message) error {
	for start := 0; start < len(msgs); start += 10 {
		batch := msgs[start:min(start+10, len(msgs))]
		entries := make([]sqstypes.SendMessageBatchRequestEntry, len(batch))
		for i, m := range batch {
			entries[i] = sqstypes.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(string(m.Body))}
			if q.fifo {
				entries[i].MessageGroupId, entries[i].MessageDeduplicationId = aws.String(m.Group), aws.String(m.DedupID)
			}
		}
		out, err := q.client.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(q.url), Entries: entries})
		if err != nil {
			return fmt.Errorf("send to %s: %w", q.url, err)
		}
		if len(out.Failed) > 0 {
			return fmt.Errorf("send to %s: %d of %d refused (%s)", q.url, len(out.Failed), len(batch), aws.ToString(out.Failed[0].Message))
		}
	}
	return nil
}
