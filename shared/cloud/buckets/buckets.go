// Package buckets writes objects to the stack's S3 buckets, and erases them with every version.
package buckets

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/hearthcrm/hearth/infra/topology"
)

// Buckets writes objects to the stack's S3 buckets; topology bucket b's name comes from HEARTH_BUCKET_<B>.
type Buckets struct{ client *s3.Client }

// New returns the S3 adapter. Path-style addressing keeps custom endpoints (LocalStack) working.
func New(cfg aws.Config) *Buckets {
	custom := os.Getenv("AWS_ENDPOINT_URL") != "" || os.Getenv("AWS_ENDPOINT_URL_S3") != ""
	return &Buckets{client: s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = custom })}
}

// Put implements blob.Store with server-side encryption.
func (b *Buckets) Put(ctx context.Context, bucket, key string, body []byte, contentType string) error {
	name, err := bucketName(bucket)
	if err != nil {
		return fmt.Errorf("put %s/%s: %w", bucket, key, err)
	}
	_, err = b.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(name), Key: aws.String(key), Body: bytes.NewReader(body),
		ContentType: aws.String(contentType), // the bucket's default encryption applies
	})
	if err != nil {
		return fmt.Errorf("put %s/%s: %w", name, key, err)
	}
	return nil
}

// bucketName is topology bucket b's physical name.
func bucketName(b string) (string, error) {
	env := topology.EnvName(topology.EnvBucket, b)
	if name := os.Getenv(env); name != "" {
		return name, nil
	}
	return "", fmt.Errorf("%s is not set", env)
}
