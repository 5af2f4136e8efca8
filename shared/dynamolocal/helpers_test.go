package dynamolocal_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/shared/dynamolocal"
)

// startServer starts a private server per test, so tests can run in
// parallel without seeing each other's tables.
func startServer(t *testing.T, opts ...dynamolocal.Option) *dynamolocal.Server {
	t.Helper()

	srv, err := dynamolocal.Start(opts...)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}

	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})

	return srv
}

func awsConfig(srv *dynamolocal.Server) aws.Config {
	return aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint:     aws.String(srv.Endpoint()),
		RetryMaxAttempts: 1, // surface errors instead of retrying them
	}
}

func newClient(srv *dynamolocal.Server) *dynamodb.Client {
	return dynamodb.NewFromConfig(awsConfig(srv))
}

func newDB(srv *dynamolocal.Server) *dynamo.DB {
	return dynamo.New(awsConfig(srv))
}

// createTable creates a table with a string partition key "pk" and, when
// rangeType is set, a sort key "sk" of that type.
func createTable(ctx context.Context, t *testing.T, client *dynamodb.Client, name string, rangeType types.ScalarAttributeType) {
	t.Helper()

	in := &dynamodb.CreateTableInput{
		TableName:   aws.String(name),
		BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash},
		},
	}

	if rangeType != "" {
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String("sk"), AttributeType: rangeType})
		in.KeySchema = append(in.KeySchema, types.KeySchemaElement{AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange})
	}

	if _, err := client.CreateTable(ctx, in); err != nil {
		t.Fatalf("CreateTable %s: %v", name, err)
	}
}

// errorCode returns the DynamoDB error code carried by err, or "" if err is
// not an API error.
func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}

	return ""
}
