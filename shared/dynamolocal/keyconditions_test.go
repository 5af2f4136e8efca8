package dynamolocal_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"
)

type row struct {
	PK    string `dynamo:"pk,hash"`
	SK    string `dynamo:"sk,range" index:"by-owner,range"`
	Owner string `dynamo:"owner" index:"by-owner,hash"`
	N     int    `dynamo:"n"`
}

func sks(rows []row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.SK
	}

	return out
}

// queryFixture creates table "rows" (pk/sk plus GSI by-owner) and fills it.
func queryFixture(t *testing.T) dynamo.Table {
	t.Helper()

	ctx := t.Context()
	db := newDB(startServer(t))

	if err := db.CreateTable("rows", row{}).OnDemand(true).Project("by-owner", dynamo.AllProjection).Wait(ctx); err != nil {
		t.Fatalf("CreateTable: %v", err)
	}

	table := db.Table("rows")
	fixture := []row{
		{PK: "p1", SK: "A1", Owner: "ann", N: 1},
		{PK: "p1", SK: "A2", Owner: "bob", N: 2},
		{PK: "p1", SK: "B1", Owner: "ann", N: 3},
		{PK: "p1", SK: "B2", Owner: "ann", N: 4},
		{PK: "p1", SK: "C1", Owner: "bob", N: 5},
		{PK: "p2", SK: "A9", Owner: "ann", N: 6},
	}

	for _, r := range fixture {
		if err := table.Put(r).Run(ctx); err != nil {
			t.Fatalf("Put: %v", err)
		}
	}

	return table
}

func TestGureguQueryKeyConditions(t *testing.T) {
	t.Parallel()

	table := queryFixture(t)

	tests := []struct {
		name string
		q    func() *dynamo.Query
		want []string
	}{
		{"hash only", func() *dynamo.Query { return table.Get("pk", "p1") }, []string{"A1", "A2", "B1", "B2", "C1"}},
		{"EQ", func() *dynamo.Query { return table.Get("pk", "p1").Range("sk", dynamo.Equal, "B1") }, []string{"B1"}},
		{"LT", func() *dynamo.Query { return table.Get("pk", "p1").Range("sk", dynamo.Less, "B1") }, []string{"A1", "A2"}},
		{"LE", func() *dynamo.Query { return table.Get("pk", "p1").Range("sk", dynamo.LessOrEqual, "B1") }, []string{"A1", "A2", "B1"}},
		{"GT", func() *dynamo.Query { return table.Get("pk", "p1").Range("sk", dynamo.Greater, "B1") }, []string{"B2", "C1"}},
		{"GE", func() *dynamo.Query { return table.Get("pk", "p1").Range("sk", dynamo.GreaterOrEqual, "B1") }, []string{"B1", "B2", "C1"}},
		{"BEGINS_WITH", func() *dynamo.Query { return table.Get("pk", "p1").Range("sk", dynamo.BeginsWith, "A") }, []string{"A1", "A2"}},
		{"BETWEEN", func() *dynamo.Query { return table.Get("pk", "p1").Range("sk", dynamo.Between, "A2", "B2") }, []string{"A2", "B1", "B2"}},
		{"other partition", func() *dynamo.Query { return table.Get("pk", "p2").Range("sk", dynamo.BeginsWith, "A") }, []string{"A9"}},
		{"no match", func() *dynamo.Query { return table.Get("pk", "p3") }, []string{}},
		{"descending", func() *dynamo.Query {
			return table.Get("pk", "p1").Range("sk", dynamo.BeginsWith, "B").Order(dynamo.Descending)
		}, []string{"B2", "B1"}},
		{"with filter and projection", func() *dynamo.Query {
			return table.Get("pk", "p1").Range("sk", dynamo.GreaterOrEqual, "A2").Filter("$ >= ? AND $ = ?", "n", 3, "owner", "ann").Project("sk")
		}, []string{"B1", "B2"}},
		{"GSI", func() *dynamo.Query { return table.Get("owner", "ann").Index("by-owner") }, []string{"A1", "A9", "B1", "B2"}},
		{"GSI with range", func() *dynamo.Query {
			return table.Get("owner", "ann").Index("by-owner").Range("sk", dynamo.BeginsWith, "A")
		}, []string{"A1", "A9"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			var out []row
			if err := tt.q().All(t.Context(), &out); err != nil {
				t.Fatalf("All: %v", err)
			}

			if got := sks(out); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGureguQueryPaging(t *testing.T) {
	t.Parallel()

	table := queryFixture(t)
	ctx := t.Context()

	var (
		got []string
		lek dynamo.PagingKey
	)

	for range 10 {
		var page []row

		q := table.Get("pk", "p1").Range("sk", dynamo.GreaterOrEqual, "A").SearchLimit(2)
		if lek != nil {
			q = q.StartFrom(lek)
		}

		next, err := q.AllWithLastEvaluatedKey(ctx, &page)
		if err != nil {
			t.Fatalf("AllWithLastEvaluatedKey: %v", err)
		}

		got = append(got, sks(page)...)
		if lek = next; lek == nil {
			break
		}
	}

	if want := []string{"A1", "A2", "B1", "B2", "C1"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestQueryKeyConditionsErrors(t *testing.T) {
	t.Parallel()

	srv := startServer(t)
	client := newClient(srv)
	ctx := t.Context()
	createTable(ctx, t, client, "t", types.ScalarAttributeTypeS)

	eq := func(v string) types.Condition {
		return types.Condition{ComparisonOperator: types.ComparisonOperatorEq, AttributeValueList: []types.AttributeValue{&types.AttributeValueMemberS{Value: v}}}
	}

	tests := []struct {
		name string
		in   *dynamodb.QueryInput
	}{
		{"both KeyConditions and KeyConditionExpression", &dynamodb.QueryInput{
			KeyConditions:             map[string]types.Condition{"pk": eq("a")},
			KeyConditionExpression:    aws.String("pk = :a"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":a": &types.AttributeValueMemberS{Value: "a"}},
		}},
		{"NE is not a key operator", &dynamodb.QueryInput{
			KeyConditions: map[string]types.Condition{"pk": eq("a"), "sk": {
				ComparisonOperator: types.ComparisonOperatorNe,
				AttributeValueList: []types.AttributeValue{&types.AttributeValueMemberS{Value: "x"}},
			}},
		}},
		{"BETWEEN needs two values", &dynamodb.QueryInput{
			KeyConditions: map[string]types.Condition{"pk": eq("a"), "sk": {
				ComparisonOperator: types.ComparisonOperatorBetween,
				AttributeValueList: []types.AttributeValue{&types.AttributeValueMemberS{Value: "x"}},
			}},
		}},
		{"QueryFilter is rejected, not ignored", &dynamodb.QueryInput{
			KeyConditions: map[string]types.Condition{"pk": eq("a")},
			QueryFilter:   map[string]types.Condition{"n": eq("1")},
		}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			tt.in.TableName = aws.String("t")

			_, err := client.Query(t.Context(), tt.in)
			if code := errorCode(err); code != "ValidationException" {
				t.Errorf("got error %v (code %q), want ValidationException", err, code)
			}
		})
	}
}

func TestQueryKeyConditionsKeepCallerPlaceholders(t *testing.T) {
	t.Parallel()

	srv := startServer(t)
	client := newClient(srv)
	ctx := t.Context()
	createTable(ctx, t, client, "t", types.ScalarAttributeTypeS)

	for _, sk := range []string{"a", "b"} {
		_, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("t"), Item: map[string]types.AttributeValue{
			"pk": &types.AttributeValueMemberS{Value: "p"},
			"sk": &types.AttributeValueMemberS{Value: sk},
			"v":  &types.AttributeValueMemberS{Value: sk},
		}})
		if err != nil {
			t.Fatalf("PutItem: %v", err)
		}
	}

	// The caller already uses the names the translation would pick first.
	out, err := client.Query(ctx, &dynamodb.QueryInput{
		TableName: aws.String("t"),
		KeyConditions: map[string]types.Condition{"pk": {
			ComparisonOperator: types.ComparisonOperatorEq,
			AttributeValueList: []types.AttributeValue{&types.AttributeValueMemberS{Value: "p"}},
		}},
		FilterExpression:          aws.String("#dl0 = :dl0"),
		ExpressionAttributeNames:  map[string]string{"#dl0": "v"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":dl0": &types.AttributeValueMemberS{Value: "b"}},
	})
	if err != nil {
		t.Fatalf("Query: %v", err)
	}

	if len(out.Items) != 1 {
		t.Fatalf("got %d items, want 1", len(out.Items))
	}

	if sk := out.Items[0]["sk"].(*types.AttributeValueMemberS).Value; sk != "b" {
		t.Errorf("got sk %q, want b", sk)
	}
}
