package buckets

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// PresignPut returns a URL that lets its holder PUT one object at key until ttl passes, with the headers the
// signature binds: the content type, and If-None-Match: * so that S3 refuses (412) a second PUT to a key that
// already holds a file, whose plan and chunks would otherwise read bytes that changed under them. The URL carries
// the function role's temporary credentials, so it never outlives them either.
func (b *Buckets) PresignPut(ctx context.Context, bucket, key, contentType string, ttl time.Duration) (string, http.Header, error) {
	name, err := bucketName(bucket)
	if err != nil {
		return "", nil, fmt.Errorf("presign %s/%s: %w", bucket, key, err)
	}
	req, err := s3.NewPresignClient(b.client).PresignPutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(name), Key: aws.String(key), ContentType: aws.String(contentType), IfNoneMatch: aws.String("*"),
	}, s3.WithPresignExpires(ttl))
	if err != nil {
		return "", nil, fmt.Errorf("presign %s/%s: %w", name, key, err)
	}
	headers := http.Header{}
	for k, vs := range req.SignedHeader {
		if http.CanonicalHeaderKey(k) == "Host" {
			continue // the client sets it from the URL
		}
		headers[http.CanonicalHeaderKey(k)] = vs
	}
	return req.URL, headers, nil
}
