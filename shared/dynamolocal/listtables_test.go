package dynamolocal_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func listAll(t *testing.T, client *dynamodb.Client, limit int32) (names []string, pages int) {
	t.Helper()

	p := dynamodb.NewListTablesPaginator(client, &dynamodb.ListTablesInput{Limit: aws.Int32(limit)})
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatalf("ListTables: %v", err)
		}

		if len(out.TableNames) > int(limit) {
			t.Fatalf("page of %d names exceeds limit %d", len(out.TableNames), limit)
		}

		names = append(names, out.TableNames...)
		pages++
	}

	return names, pages
}

func TestListTables(t *testing.T) {
	t.Parallel()

	srv := startServer(t)
	client := newClient(srv)
	ctx := t.Context()

	if names, _ := listAll(t, client, 100); len(names) != 0 {
		t.Errorf("fresh server lists %v", names)
	}

	for _, name := range []string{"delta", "alpha", "charlie", "bravo", "echo"} {
		createTable(ctx, t, client, name, "")
	}

	tests := []struct {
		limit int32
		pages int
	}{{100, 1}, {2, 3}, {1, 5}, {5, 1}}

	for _, tt := range tests {
		names, pages := listAll(t, client, tt.limit)
		if want := []string{"alpha", "bravo", "charlie", "delta", "echo"}; !slices.Equal(names, want) {
			t.Errorf("limit %d: got %v, want %v", tt.limit, names, want)
		}

		if pages != tt.pages {
			t.Errorf("limit %d: %d pages, want %d", tt.limit, pages, tt.pages)
		}
	}

	out, err := client.ListTables(ctx, &dynamodb.ListTablesInput{ExclusiveStartTableName: aws.String("bravo"), Limit: aws.Int32(2)})
	if err != nil {
		t.Fatalf("ListTables: %v", err)
	}

	if want := []string{"charlie", "delta"}; !slices.Equal(out.TableNames, want) || aws.ToString(out.LastEvaluatedTableName) != "delta" {
		t.Errorf("after bravo: %v (last %q), want %v (last delta)", out.TableNames, aws.ToString(out.LastEvaluatedTableName), want)
	}

	if _, err := client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("charlie")}); err != nil {
		t.Fatalf("DeleteTable: %v", err)
	}

	if names, _ := listAll(t, client, 100); !slices.Equal(names, []string{"alpha", "bravo", "delta", "echo"}) {
		t.Errorf("after delete: %v", names)
	}

	_, err = client.ListTables(ctx, &dynamodb.ListTablesInput{Limit: aws.Int32(101)})
	if errorCode(err) != "ValidationException" {
		t.Errorf("limit 101: got %v, want ValidationException", err)
	}
}
