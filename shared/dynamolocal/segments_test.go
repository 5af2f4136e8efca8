package dynamolocal_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"
)

const (
	scanPartitions = 50
	scanSortKeys   = 4
	scanItems      = scanPartitions * scanSortKeys
)

type scanItem struct {
	PK  string `dynamo:"pk,hash" index:"by-g,range"`
	SK  int    `dynamo:"sk,range"`
	G   string `dynamo:"g" index:"by-g,hash"`
	Odd bool   `dynamo:"odd"`
}

// scanFixture creates table "items" (pk S, sk N, GSI by-g) with
// scanItems items spread over scanPartitions partitions.
func scanFixture(t *testing.T) (*dynamodb.Client, *dynamo.DB) {
	t.Helper()

	srv := startServer(t)
	client, db := newClient(srv), newDB(srv)
	ctx := t.Context()

	if err := db.CreateTable("items", scanItem{}).OnDemand(true).Project("by-g", dynamo.KeysOnlyProjection).Run(ctx); err != nil {
		t.Fatalf("CreateTable: %v", err)
	}

	items := make([]any, 0, scanItems)

	for p := range scanPartitions {
		for s := range scanSortKeys {
			items = append(items, scanItem{PK: fmt.Sprintf("p%03d", p), SK: s, G: fmt.Sprintf("g%d", p%7), Odd: (p+s)%2 == 1})
		}
	}

	if _, err := db.Table("items").Batch("pk", "sk").Write().Put(items...).Run(ctx); err != nil {
		t.Fatalf("Batch put: %v", err)
	}

	return client, db
}

func itemKey(item map[string]types.AttributeValue) string {
	return item["pk"].(*types.AttributeValueMemberS).Value + "/" + item["sk"].(*types.AttributeValueMemberN).Value
}

func TestParallelScanPartitionsItems(t *testing.T) {
	t.Parallel()

	client, _ := scanFixture(t)

	const segments = 4

	tests := []struct {
		name  string
		in    dynamodb.ScanInput
		want  int // items expected over all segments
		count bool
	}{
		{name: "whole segments", in: dynamodb.ScanInput{}, want: scanItems},
		{name: "limit 1", in: dynamodb.ScanInput{Limit: aws.Int32(1)}, want: scanItems},
		{name: "limit 7", in: dynamodb.ScanInput{Limit: aws.Int32(7)}, want: scanItems},
		{name: "limit larger than segment", in: dynamodb.ScanInput{Limit: aws.Int32(1000)}, want: scanItems},
		{name: "filter with caller placeholders", in: dynamodb.ScanInput{
			Limit:                     aws.Int32(5),
			FilterExpression:          aws.String("#dl0 = :dl0"),
			ExpressionAttributeNames:  map[string]string{"#dl0": "odd"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":dl0": &types.AttributeValueMemberBOOL{Value: true}},
		}, want: scanItems / 2},
		{name: "projection without keys", in: dynamodb.ScanInput{
			Limit:                aws.Int32(9),
			ProjectionExpression: aws.String("odd"),
		}, want: scanItems, count: true},
		{name: "select count", in: dynamodb.ScanInput{Limit: aws.Int32(11), Select: types.SelectCount}, want: scanItems, count: true},
		{name: "GSI", in: dynamodb.ScanInput{IndexName: aws.String("by-g"), Limit: aws.Int32(6)}, want: scanItems},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			seen := map[string]int{} // item key -> segment
			counted, scanned := 0, 0

			for seg := range segments {
				in := tt.in
				in.TableName = aws.String("items")
				in.Segment = aws.Int32(int32(seg))
				in.TotalSegments = aws.Int32(segments)

				p := dynamodb.NewScanPaginator(client, &in)
				for p.HasMorePages() {
					out, err := p.NextPage(t.Context())
					if err != nil {
						t.Fatalf("segment %d: %v", seg, err)
					}

					if in.Limit != nil && out.ScannedCount > *in.Limit {
						t.Errorf("segment %d: page scanned %d items, limit %d", seg, out.ScannedCount, *in.Limit)
					}

					counted += int(out.Count)
					scanned += int(out.ScannedCount)

					if tt.count {
						continue
					}

					for _, item := range out.Items {
						k := itemKey(item)
						if prev, dup := seen[k]; dup {
							t.Errorf("item %s returned by segment %d and again by segment %d", k, prev, seg)
						}

						seen[k] = seg
					}
				}
			}

			if counted != tt.want {
				t.Errorf("Count over all segments = %d, want %d", counted, tt.want)
			}

			if scanned != scanItems {
				t.Errorf("ScannedCount over all segments = %d, want %d", scanned, scanItems)
			}

			if !tt.count && len(seen) != tt.want {
				t.Errorf("got %d distinct items, want %d", len(seen), tt.want)
			}
		})
	}
}

func TestParallelScanSegmentsAreBalanced(t *testing.T) {
	t.Parallel()

	client, _ := scanFixture(t)

	for seg := range int32(4) {
		out, err := client.Scan(t.Context(), &dynamodb.ScanInput{TableName: aws.String("items"), Segment: aws.Int32(seg), TotalSegments: aws.Int32(4)})
		if err != nil {
			t.Fatalf("Scan: %v", err)
		}

		// Not a strict requirement, but an empty or full segment would
		// mean the hash does not spread partitions.
		if out.Count == 0 || out.Count == scanItems {
			t.Errorf("segment %d holds %d of %d items", seg, out.Count, scanItems)
		}
	}
}

func TestParallelScanValidation(t *testing.T) {
	t.Parallel()

	client, _ := scanFixture(t)

	tests := []struct {
		name           string
		segment, total *int32
		limit          *int32
	}{
		{"segment without total", aws.Int32(0), nil, nil},
		{"total without segment", nil, aws.Int32(4), nil},
		{"segment out of range", aws.Int32(4), aws.Int32(4), nil},
		{"negative segment", aws.Int32(-1), aws.Int32(4), nil},
		{"zero total", aws.Int32(0), aws.Int32(0), nil},
		{"zero limit", aws.Int32(0), aws.Int32(4), aws.Int32(0)},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			_, err := client.Scan(t.Context(), &dynamodb.ScanInput{
				TableName: aws.String("items"), Segment: tt.segment, TotalSegments: tt.total, Limit: tt.limit,
			})
			if errorCode(err) != "ValidationException" {
				t.Errorf("got %v, want ValidationException", err)
			}
		})
	}

	_, err := client.Scan(t.Context(), &dynamodb.ScanInput{TableName: aws.String("missing"), Segment: aws.Int32(0), TotalSegments: aws.Int32(2)})
	if errorCode(err) != "ResourceNotFoundException" {
		t.Errorf("missing table: got %v, want ResourceNotFoundException", err)
	}
}

func checkExactlyOnce(t *testing.T, items []scanItem) {
	t.Helper()

	seen := map[string]bool{}

	for _, it := range items {
		k := it.PK + "/" + strconv.Itoa(it.SK)
		if seen[k] {
			t.Errorf("item %s returned twice", k)
		}

		seen[k] = true
	}

	if len(seen) != scanItems {
		t.Errorf("got %d distinct items, want %d", len(seen), scanItems)
	}
}

func TestGureguParallelScan(t *testing.T) {
	t.Parallel()

	_, db := scanFixture(t)
	table := db.Table("items")

	t.Run("AllParallel", func(t *testing.T) {
		t.Parallel()

		var out []scanItem
		if err := table.Scan().AllParallel(t.Context(), 4, &out); err != nil {
			t.Fatalf("AllParallel: %v", err)
		}

		checkExactlyOnce(t, out)
	})

	t.Run("SearchLimit pages", func(t *testing.T) {
		t.Parallel()

		var all []scanItem

		keys, err := table.Scan().SearchLimit(9).AllParallelWithLastEvaluatedKeys(t.Context(), 4, &all)

		for rounds := 0; err == nil && anyKey(keys); rounds++ {
			if rounds > scanItems {
				t.Fatal("paging does not terminate")
			}

			var page []scanItem
			keys, err = table.Scan().SearchLimit(9).AllParallelStartFrom(t.Context(), keys, &page)
			all = append(all, page...)
		}

		if err != nil {
			t.Fatalf("parallel scan: %v", err)
		}

		checkExactlyOnce(t, all)
	})

	t.Run("manual segments", func(t *testing.T) {
		t.Parallel()

		var all []scanItem

		for seg := range 3 {
			var out []scanItem
			if err := table.Scan().Segment(seg, 3).All(t.Context(), &out); err != nil {
				t.Fatalf("segment %d: %v", seg, err)
			}

			all = append(all, out...)
		}

		checkExactlyOnce(t, all)
	})
}

func anyKey(keys []dynamo.PagingKey) bool {
	for _, k := range keys {
		if k != nil {
			return true
		}
	}

	return false
}

// TestParallelScanManyPartitions covers segments holding more partitions
// than fit one IN list.
func TestParallelScanManyPartitions(t *testing.T) {
	t.Parallel()

	srv := startServer(t)
	client, db := newClient(srv), newDB(srv)
	ctx := t.Context()
	createTable(ctx, t, client, "many", "")

	type item struct {
		PK string `dynamo:"pk,hash"`
	}

	const n = 500

	items := make([]any, n)
	for i := range items {
		items[i] = item{PK: fmt.Sprintf("k%04d", i)}
	}

	if _, err := db.Table("many").Batch("pk").Write().Put(items...).Run(ctx); err != nil {
		t.Fatalf("Batch put: %v", err)
	}

	seen := map[string]bool{}

	for seg := range int32(2) {
		out, err := client.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("many"), Segment: aws.Int32(seg), TotalSegments: aws.Int32(2)})
		if err != nil {
			t.Fatalf("Scan: %v", err)
		}

		if out.LastEvaluatedKey != nil {
			t.Errorf("segment %d: unexpected LastEvaluatedKey without Limit", seg)
		}

		for _, it := range out.Items {
			k := it["pk"].(*types.AttributeValueMemberS).Value
			if seen[k] {
				t.Errorf("item %s returned twice", k)
			}

			seen[k] = true
		}
	}

	if len(seen) != n {
		t.Errorf("got %d distinct items, want %d", len(seen), n)
	}
}
