package dynamolocal_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestMalformedRequestsGetJSONErrors(t *testing.T) {
	t.Parallel()

	srv := startServer(t)

	tests := []struct {
		name   string
		method string
		target string
		body   string
		status int
		code   string
	}{
		{"not JSON", http.MethodPost, "DynamoDB_20120810.Query", "{not json", 400, "SerializationException"},
		{"not an object", http.MethodPost, "DynamoDB_20120810.GetItem", "[1,2]", 400, "SerializationException"},
		{"wrong member type", http.MethodPost, "DynamoDB_20120810.PutItem", `{"TableName": 5}`, 400, "SerializationException"},
		{"wrong type in TTL", http.MethodPost, "DynamoDB_20120810.UpdateTimeToLive", `{"TableName": "t", "TimeToLiveSpecification": "x"}`, 400, "SerializationException"},
		{"unknown operation", http.MethodPost, "DynamoDB_20120810.DescribeContinuousBackups", `{}`, 400, "UnknownOperationException"},
		{"missing target", http.MethodPost, "", `{}`, 400, "UnknownOperationException"},
		{"GET", http.MethodGet, "", "", 405, "UnknownOperationException"},
		{"missing table", http.MethodPost, "DynamoDB_20120810.DescribeTable", `{"TableName": "nope"}`, 400, "ResourceNotFoundException"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			req, err := http.NewRequestWithContext(t.Context(), tt.method, srv.Endpoint(), strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}

			req.Header.Set("Content-Type", "application/x-amz-json-1.0")

			if tt.target != "" {
				req.Header.Set("X-Amz-Target", tt.target)
			}

			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()

			body, _ := io.ReadAll(resp.Body)

			var wire struct {
				Type    string `json:"__type"`
				Message string `json:"message"`
			}

			if err := json.Unmarshal(body, &wire); err != nil {
				t.Fatalf("body %q is not JSON: %v", body, err)
			}

			if resp.StatusCode != tt.status || !strings.HasSuffix(wire.Type, "#"+tt.code) && wire.Type != tt.code || wire.Message == "" {
				t.Errorf("got %d %s %q, want %d %s", resp.StatusCode, wire.Type, wire.Message, tt.status, tt.code)
			}

			if ct := resp.Header.Get("Content-Type"); ct != "application/x-amz-json-1.0" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

func TestLegacyParametersRejected(t *testing.T) {
	t.Parallel()

	srv := startServer(t)
	client := newClient(srv)
	ctx := t.Context()
	createTable(ctx, t, client, "t", "")

	key := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "a"}}

	calls := map[string]func() error{
		"GetItem AttributesToGet": func() error {
			_, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t"), Key: key, AttributesToGet: []string{"pk"}})
			return err
		},
		"PutItem Expected": func() error {
			_, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("t"), Item: key, Expected: map[string]types.ExpectedAttributeValue{
				"pk": {Exists: aws.Bool(false)},
			}})
			return err
		},
		"UpdateItem AttributeUpdates": func() error {
			_, err := client.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("t"), Key: key, AttributeUpdates: map[string]types.AttributeValueUpdate{
				"v": {Action: types.AttributeActionPut, Value: &types.AttributeValueMemberS{Value: "x"}},
			}})
			return err
		},
		"Scan ScanFilter": func() error {
			_, err := client.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("t"), ScanFilter: map[string]types.Condition{
				"v": {ComparisonOperator: types.ComparisonOperatorNotNull},
			}})
			return err
		},
		"BatchGetItem AttributesToGet": func() error {
			_, err := client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{
				"t": {Keys: []map[string]types.AttributeValue{key}, AttributesToGet: []string{"pk"}},
			}})
			return err
		},
	}

	for name, call := range calls {
		if err := call(); errorCode(err) != "ValidationException" {
			t.Errorf("%s: got %v, want ValidationException", name, err)
		}
	}
}
