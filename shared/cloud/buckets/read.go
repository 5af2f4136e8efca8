package buckets

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/hearthcrm/hearth/shared/blob"
)

var _ blob.Reader = (*Buckets)(nil)

// Get implements blob.Reader.
func (b *Buckets) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	body, err := b.Open(ctx, bucket, key)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	return io.ReadAll(body)
}

// Open implements blob.Reader.
func (b *Buckets) Open(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
	return b.get(ctx, bucket, key, nil)
}

// GetRange implements blob.Reader with a ranged GET (the Range header's end is inclusive).
func (b *Buckets) GetRange(ctx context.Context, bucket, key string, start, end int64) ([]byte, error) {
	if start < 0 || end < start {
		return nil, fmt.Errorf("get %s/%s: bad range %d-%d", bucket, key, start, end)
	}
	if end == start {
		return nil, nil
	}
	body, err := b.get(ctx, bucket, key, aws.String(fmt.Sprintf("bytes=%d-%d", start, end-1)))
	if err != nil {
		return nil, err
	}
	defer body.Close()
	return io.ReadAll(body)
}

func (b *Buckets) get(ctx context.Context, bucket, key string, rng *string) (io.ReadCloser, error) {
	name, err := bucketName(bucket)
	if err != nil {
		return nil, fmt.Errorf("get %s/%s: %w", bucket, key, err)
	}
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(name), Key: aws.String(key), Range: rng})
	var missing *s3types.NoSuchKey
	if errors.As(err, &missing) {
		return nil, fmt.Errorf("%w: %s/%s", blob.ErrNotFound, name, key)
	}
	if err != nil {
		return nil, fmt.Errorf("get %s/%s: %w", name, key, err)
	}
	return out.Body, nil
}
