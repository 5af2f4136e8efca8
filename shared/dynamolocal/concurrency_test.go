package dynamolocal_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestConcurrentTableAndItemOperations mixes table-level and item-level
// calls from many goroutines; minidyn alone races on its table map here
// (run with -race).
func TestConcurrentTableAndItemOperations(t *testing.T) {
	t.Parallel()

	srv := startServer(t)
	client := newClient(srv)
	ctx := t.Context()

	const workers = 8

	var wg sync.WaitGroup

	errs := make(chan error, workers)

	for w := range workers {
		wg.Go(func() {
			table := fmt.Sprintf("t%d", w)

			_, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
				TableName:            aws.String(table),
				BillingMode:          types.BillingModePayPerRequest,
				AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
				KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
			})
			if err != nil {
				errs <- err
				return
			}

			for i := range 20 {
				_, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: map[string]types.AttributeValue{
					"pk": &types.AttributeValueMemberS{Value: fmt.Sprint(i)},
				}})
				if err != nil {
					errs <- err
					return
				}

				if _, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)}); err != nil {
					errs <- err
					return
				}

				_, err = client.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table), Segment: aws.Int32(int32(i % 2)), TotalSegments: aws.Int32(2)})
				if err != nil {
					errs <- err
					return
				}
			}

			if _, err := client.ListTables(ctx, &dynamodb.ListTablesInput{}); err != nil {
				errs <- err
			}
		})
	}

	wg.Wait()
	close(errs)

	for err := range errs {
		t.Error(err)
	}

	out, err := client.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil {
		t.Fatal(err)
	}

	if len(out.TableNames) != workers {
		t.Errorf("ListTables = %v, want %d tables", out.TableNames, workers)
	}
}
