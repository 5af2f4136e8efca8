package consumer_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"testing"

	awsevents "github.com/aws/aws-lambda-go/events"

	"github.com/hearthcrm/hearth/events"
	"github.com/hearthcrm/hearth/shared/consumer"
)

func fixtureBody(t testing.TB) string {
	raw, err := os.ReadFile("../../events/testdata/points_posted.json")
	if err != nil {
		t.Fatal(err)
	}
	env, err := events.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	body, err := consumer.Wrap(env)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestSQSHandlerReportsOnlyFailedMessages(t *testing.T) {
	t.Parallel()
	good := fixtureBody(t)
	var handled []string
	h := func(_ context.Context, env events.Envelope) error {
		handled = append(handled, env.Type)
		if env.BrandID == "fail" {
			return errors.New("downstream unavailable")
		}
		if env.BrandID == "panic" {
			panic("bug")
		}
		return nil
	}
	failing := replace(good, "harbour", "fail")
	panicking := replace(good, "harbour", "panic")
	resp, err := consumer.SQSHandler(h, slog.New(slog.DiscardHandler))(context.Background(), awsevents.SQSEvent{Records: []awsevents.SQSMessage{
		{MessageId: "m1", Body: good},
		{MessageId: "m2", Body: "not json"},
		{MessageId: "m3", Body: failing},
		{MessageId: "m4", Body: panicking},
		{MessageId: "m5", Body: good},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	if len(ids) != 3 || ids[0] != "m2" || ids[1] != "m3" || ids[2] != "m4" {
		t.Fatalf("failures = %v, want m2 m3 m4", ids)
	}
	if len(handled) != 4 {
		t.Fatalf("handler ran %d times, want 4 (the malformed message never reaches it)", len(handled))
	}
}

func TestDecodeAcceptsBareEnvelopes(t *testing.T) {
	t.Parallel()
	raw, _ := os.ReadFile("../../events/testdata/points_posted.json")
	env, err := consumer.Decode(string(raw))
	if err != nil || env.Type != events.TypePointsPosted {
		t.Fatalf("Decode bare envelope = %+v, %v", env, err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(fixtureBody(f))
	f.Add(`{"detail-type":"x","detail":{}}`)
	f.Fuzz(func(t *testing.T, body string) {
		if _, err := consumer.Decode(body); err != nil && !errors.Is(err, events.ErrInvalid) {
			t.Fatalf("Decode error does not wrap ErrInvalid: %v", err)
		}
	})
}

func replace(s, old, new string) string { return strings.ReplaceAll(s, old, new) }
