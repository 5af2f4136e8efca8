package dynamolocal_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestTableStatusActive(t *testing.T) {
	t.Parallel()

	srv := startServer(t)
	client := newClient(srv)
	ctx := t.Context()

	created, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:   aws.String("t"),
		BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("g"), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("by-g"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("g"), KeyType: types.KeyTypeHash}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}},
	})
	if err != nil {
		t.Fatalf("CreateTable: %v", err)
	}

	if got := created.TableDescription.TableStatus; got != types.TableStatusActive {
		t.Errorf("CreateTable TableStatus = %q, want ACTIVE", got)
	}

	// The waiter's first poll happens at once; anything but ACTIVE would
	// make it sleep for its 20s minimum delay.
	start := time.Now()

	err = dynamodb.NewTableExistsWaiter(client).Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("t")}, 10*time.Second)
	if err != nil {
		t.Fatalf("TableExistsWaiter: %v", err)
	}

	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("waiter took %v", d)
	}

	desc, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("t")})
	if err != nil {
		t.Fatalf("DescribeTable: %v", err)
	}

	if got := desc.Table.TableStatus; got != types.TableStatusActive {
		t.Errorf("DescribeTable TableStatus = %q, want ACTIVE", got)
	}

	if len(desc.Table.GlobalSecondaryIndexes) != 1 || desc.Table.GlobalSecondaryIndexes[0].IndexStatus != types.IndexStatusActive {
		t.Errorf("GSIs = %+v, want one ACTIVE index", desc.Table.GlobalSecondaryIndexes)
	}

	if got := aws.ToString(desc.Table.TableName); got != "t" {
		t.Errorf("TableName = %q, want t", got)
	}

	deleted, err := client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("t")})
	if err != nil {
		t.Fatalf("DeleteTable: %v", err)
	}

	if got := deleted.TableDescription.TableStatus; got != types.TableStatusDeleting {
		t.Errorf("DeleteTable TableStatus = %q, want DELETING", got)
	}

	err = dynamodb.NewTableNotExistsWaiter(client).Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("t")}, 10*time.Second)
	if err != nil {
		t.Fatalf("TableNotExistsWaiter: %v", err)
	}
}
