package buckets_test

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/cloud/buckets"
)

// fakeS3 serves the S3 wire protocol in process (gofakes3, with versioning) and points the adapter at it: the
// archive bucket is versioned, as the stack declares it.
func fakeS3(t *testing.T) (*buckets.Buckets, *s3.Client) {
	t.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	t.Setenv("AWS_ENDPOINT_URL_S3", srv.URL) // path-style addressing
	t.Setenv(topology.EnvName(topology.EnvBucket, topology.BucketArchive), "hearth-archive")
	cfg := aws.Config{Region: "eu-west-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("hearth-archive")}); err != nil {
		t.Fatal(err)
	}
	_, err := client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String("hearth-archive"),
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
	if err != nil {
		t.Fatal(err)
	}
	return buckets.New(cfg), client
}

// bodies returns every stored version of key (delete markers as "<deleted>"), newest first.
func bodies(t *testing.T, client *s3.Client, key string) []string {
	t.Helper()
	ctx := context.Background()
	out, err := client.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: aws.String("hearth-archive"), Prefix: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range out.Versions {
		if aws.ToString(v.Key) != key {
			continue
		}
		obj, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("hearth-archive"), Key: v.Key, VersionId: v.VersionId})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(obj.Body)
		got = append(got, string(b))
	}
	for _, m := range out.DeleteMarkers {
		if aws.ToString(m.Key) == key {
			got = append(got, "<deleted>")
		}
	}
	return got
}

func TestRewriteLeavesOnlyTheRedactedVersion(t *testing.T) {
	b, client := fakeS3(t)
	ctx := context.Background()
	const key = "raw/hh-lisbon-pms/2026/12/22/import-1-line2.csv"
	for _, body := range []string{"bea,934567890\nlukas,1\n", "bea,934567890\nlukas,2\n"} { // a resend: two versions
		if err := b.Put(ctx, topology.BucketArchive, key, []byte(body), "text/csv"); err != nil {
			t.Fatal(err)
		}
	}
	// A neighbour whose key starts with this one's is listed by the prefix and must be left alone.
	if err := b.Put(ctx, topology.BucketArchive, key+".bak", []byte("bea"), "text/csv"); err != nil {
		t.Fatal(err)
	}
	redact := func(body []byte) ([]byte, error) {
		return []byte(strings.NewReplacer("bea", "[erased]", "934567890", "[erased]").Replace(string(body))), nil
	}
	for i := 0; i < 2; i++ { // a retried erasure finds nothing more to do
		if err := b.Rewrite(ctx, topology.BucketArchive, key, redact); err != nil {
			t.Fatal(err)
		}
		if got := bodies(t, client, key); len(got) != 1 || got[0] != "[erased],[erased]\nlukas,2\n" {
			t.Fatalf("after rewrite %d the versions are %q", i+1, got)
		}
	}
	if got := bodies(t, client, key+".bak"); len(got) != 1 {
		t.Fatalf("the neighbouring key lost versions: %q", got)
	}
}

func TestEraseRemovesEveryVersionAndDeleteMarker(t *testing.T) {
	b, client := fakeS3(t)
	ctx := context.Background()
	const key = "raw/hh-lisbon-pms/2026/12/22/01JFZZZZZZZZZZZZZZZZZZZZZZ.checkout.json"
	for _, body := range []string{`{"v":1}`, `{"v":2}`} {
		if err := b.Put(ctx, topology.BucketArchive, key, []byte(body), "application/json"); err != nil {
			t.Fatal(err)
		}
	}
	// A plain delete (what the lifecycle's expiry does) only hides the versions behind a marker.
	if _, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("hearth-archive"), Key: aws.String(key)}); err != nil {
		t.Fatal(err)
	}
	if got := bodies(t, client, key); len(got) != 3 {
		t.Fatalf("setup: versions %q", got)
	}
	// Rewriting a key with no current version erases what is left of it.
	if err := b.Rewrite(ctx, topology.BucketArchive, key, func(b []byte) ([]byte, error) { return b, nil }); err != nil {
		t.Fatal(err)
	}
	if got := bodies(t, client, key); len(got) != 0 {
		t.Fatalf("rewrite of a deleted key left %q", got)
	}
	for _, body := range []string{`{"v":3}`, `{"v":4}`} {
		if err := b.Put(ctx, topology.BucketArchive, key, []byte(body), "application/json"); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ { // erasing an erased key is not an error
		if err := b.Erase(ctx, topology.BucketArchive, key); err != nil {
			t.Fatal(err)
		}
	}
	if got := bodies(t, client, key); len(got) != 0 {
		t.Fatalf("erase left %q", got)
	}
}
