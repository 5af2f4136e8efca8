package dynamolocal_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/hearthcrm/hearth/shared/dynamolocal"
)

func updateTTL(t *testing.T, client *dynamodb.Client, table, attr string, enabled bool) error {
	t.Helper()

	_, err := client.UpdateTimeToLive(t.Context(), &dynamodb.UpdateTimeToLiveInput{
		TableName:               aws.String(table),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(attr), Enabled: aws.Bool(enabled)},
	})

	return err
}

func TestTimeToLiveRoundTrip(t *testing.T) {
	t.Parallel()

	srv := startServer(t)
	client := newClient(srv)
	ctx := t.Context()
	createTable(ctx, t, client, "t", "")

	describe := func() *types.TimeToLiveDescription {
		t.Helper()

		out, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("t")})
		if err != nil {
			t.Fatalf("DescribeTimeToLive: %v", err)
		}

		return out.TimeToLiveDescription
	}

	if got := describe().TimeToLiveStatus; got != types.TimeToLiveStatusDisabled {
		t.Errorf("initial status = %q, want DISABLED", got)
	}

	if err := updateTTL(t, client, "t", "expires", true); err != nil {
		t.Fatalf("enable: %v", err)
	}

	if got := describe(); got.TimeToLiveStatus != types.TimeToLiveStatusEnabled || aws.ToString(got.AttributeName) != "expires" {
		t.Errorf("after enable = %q on %q, want ENABLED on expires", got.TimeToLiveStatus, aws.ToString(got.AttributeName))
	}

	if err := updateTTL(t, client, "t", "expires", true); errorCode(err) != "ValidationException" {
		t.Errorf("enabling twice: got %v, want ValidationException", err)
	}

	if err := updateTTL(t, client, "t", "expires", false); err != nil {
		t.Fatalf("disable: %v", err)
	}

	if got := describe().TimeToLiveStatus; got != types.TimeToLiveStatusDisabled {
		t.Errorf("after disable = %q, want DISABLED", got)
	}

	if err := updateTTL(t, client, "missing", "expires", true); errorCode(err) != "ResourceNotFoundException" {
		t.Errorf("missing table: got %v, want ResourceNotFoundException", err)
	}

	_, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("missing")})
	if errorCode(err) != "ResourceNotFoundException" {
		t.Errorf("describe missing table: got %v, want ResourceNotFoundException", err)
	}
}

func TestTimeToLiveResetOnDeleteTable(t *testing.T) {
	t.Parallel()

	srv := startServer(t)
	client := newClient(srv)
	ctx := t.Context()
	createTable(ctx, t, client, "t", "")

	if err := updateTTL(t, client, "t", "expires", true); err != nil {
		t.Fatalf("enable: %v", err)
	}

	if _, err := client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("t")}); err != nil {
		t.Fatalf("DeleteTable: %v", err)
	}

	createTable(ctx, t, client, "t", "")

	out, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("t")})
	if err != nil {
		t.Fatalf("DescribeTimeToLive: %v", err)
	}

	if got := out.TimeToLiveDescription.TimeToLiveStatus; got != types.TimeToLiveStatusDisabled {
		t.Errorf("status of re-created table = %q, want DISABLED", got)
	}
}

// ttlFixture creates tables "ttl" (TTL on "expires") and "plain" (no TTL),
// each holding the same items, and returns the ids expected to survive a
// sweep of "ttl".
func ttlFixture(t *testing.T, client *dynamodb.Client) (survivors []string) {
	t.Helper()

	ctx := t.Context()
	now := time.Now().Unix()
	epoch := func(delta int64) types.AttributeValue {
		return &types.AttributeValueMemberN{Value: strconv.FormatInt(now+delta, 10)}
	}

	items := []struct {
		id      string
		expires types.AttributeValue
		stays   bool
	}{
		{"expired", epoch(-3600), false},
		{"expired-fraction", &types.AttributeValueMemberN{Value: strconv.FormatInt(now-10, 10) + ".5"}, false},
		{"future", epoch(3600), true},
		{"no-ttl", nil, true},
		{"string-ttl", &types.AttributeValueMemberS{Value: "1"}, true},
	}

	for _, table := range []string{"ttl", "plain"} {
		createTable(ctx, t, client, table, "")

		for _, it := range items {
			item := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: it.id}}
			if it.expires != nil {
				item["expires"] = it.expires
			}

			if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
				t.Fatalf("PutItem: %v", err)
			}
		}
	}

	if err := updateTTL(t, client, "ttl", "expires", true); err != nil {
		t.Fatalf("enable TTL: %v", err)
	}

	for _, it := range items {
		if it.stays {
			survivors = append(survivors, it.id)
		}
	}

	return survivors
}

func ids(t *testing.T, client *dynamodb.Client, table string) map[string]bool {
	t.Helper()

	out, err := client.Scan(t.Context(), &dynamodb.ScanInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}

	got := map[string]bool{}
	for _, item := range out.Items {
		got[item["pk"].(*types.AttributeValueMemberS).Value] = true
	}

	return got
}

func TestSweepDeletesExpiredItems(t *testing.T) {
	t.Parallel()

	srv := startServer(t)
	client := newClient(srv)
	survivors := ttlFixture(t, client)

	n, err := srv.Sweep(t.Context())
	if err != nil {
		t.Fatalf("Sweep: %v", err)
	}

	if n != 2 {
		t.Errorf("Sweep deleted %d items, want 2", n)
	}

	got := ids(t, client, "ttl")
	if len(got) != len(survivors) {
		t.Errorf("after sweep: %v, want exactly %v", got, survivors)
	}

	for _, id := range survivors {
		if !got[id] {
			t.Errorf("item %q was swept", id)
		}
	}

	if got := ids(t, client, "plain"); len(got) != 5 {
		t.Errorf("table without TTL lost items: %v", got)
	}

	if n, err := srv.Sweep(t.Context()); err != nil || n != 0 {
		t.Errorf("second Sweep = %d, %v; want 0, nil", n, err)
	}
}

func TestBackgroundSweep(t *testing.T) {
	t.Parallel()

	srv := startServer(t, dynamolocal.WithSweepInterval(10*time.Millisecond))
	client := newClient(srv)
	survivors := ttlFixture(t, client)

	deadline := time.Now().Add(5 * time.Second)
	for len(ids(t, client, "ttl")) != len(survivors) {
		if time.Now().After(deadline) {
			t.Fatalf("expired items still present: %v", ids(t, client, "ttl"))
		}

		time.Sleep(10 * time.Millisecond)
	}
}
