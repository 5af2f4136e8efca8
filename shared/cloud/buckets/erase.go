package buckets

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// In a versioned bucket (the raw archive) a plain delete only adds a delete marker and an overwrite only adds a
// version: the erased body would survive in the older versions. So erasure lists the key's versions and delete
// markers (s3:ListBucketVersions) and deletes each by id (s3:DeleteObjectVersion).

// Rewrite implements blob.Store: the current body is edited and written back only if it is still the one read
// (If-Match on its ETag), then every other version and delete marker of the key is deleted. A key without a
// current version (deleted, or expired by the lifecycle rule) loses its remaining versions.
func (b *Buckets) Rewrite(ctx context.Context, bucket, key string, edit func([]byte) ([]byte, error)) error {
	name, err := bucketName(bucket)
	if err != nil {
		return fmt.Errorf("rewrite %s/%s: %w", bucket, key, err)
	}
	versions, err := b.versions(ctx, name, key)
	if err != nil {
		return err
	}
	if !hasCurrent(versions) {
		return b.deleteVersions(ctx, name, key, versions, "")
	}
	got, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(name), Key: aws.String(key)})
	if err != nil {
		return fmt.Errorf("rewrite %s/%s: %w", name, key, err)
	}
	old, err := io.ReadAll(got.Body)
	_ = got.Body.Close()
	if err != nil {
		return fmt.Errorf("rewrite %s/%s: %w", name, key, err)
	}
	keep := versionID(got.VersionId)
	body, err := edit(old)
	if err != nil {
		return err
	}
	if !bytes.Equal(body, old) {
		put, err := b.client.PutObject(ctx, &s3.PutObjectInput{
			Bucket: aws.String(name), Key: aws.String(key), Body: bytes.NewReader(body),
			ContentType: got.ContentType, IfMatch: got.ETag, // nobody wrote the key since it was read
		})
		if err != nil {
			return fmt.Errorf("rewrite %s/%s: %w", name, key, err)
		}
		keep = versionID(put.VersionId)
	}
	// Listed again: a version written before the put (and read by it) is among the ones to delete.
	if versions, err = b.versions(ctx, name, key); err != nil {
		return err
	}
	return b.deleteVersions(ctx, name, key, versions, keep)
}

// Erase implements blob.Store: every version and delete marker of the key is deleted.
func (b *Buckets) Erase(ctx context.Context, bucket, key string) error {
	name, err := bucketName(bucket)
	if err != nil {
		return fmt.Errorf("erase %s/%s: %w", bucket, key, err)
	}
	versions, err := b.versions(ctx, name, key)
	if err != nil {
		return err
	}
	return b.deleteVersions(ctx, name, key, versions, "")
}

// version is one version or delete marker of a key.
type version struct {
	id      string
	latest  bool
	deleted bool // a delete marker
}

func hasCurrent(vs []version) bool {
	for _, v := range vs {
		if v.latest && !v.deleted {
			return true
		}
	}
	return false
}

// versions lists every version and delete marker of exactly key (the listing is by prefix).
func (b *Buckets) versions(ctx context.Context, name, key string) ([]version, error) {
	var out []version
	pages := s3.NewListObjectVersionsPaginator(b.client, &s3.ListObjectVersionsInput{Bucket: aws.String(name), Prefix: aws.String(key)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("versions of %s/%s: %w", name, key, err)
		}
		for _, v := range page.Versions {
			if aws.ToString(v.Key) == key {
				out = append(out, version{id: versionID(v.VersionId), latest: aws.ToBool(v.IsLatest)})
			}
		}
		for _, m := range page.DeleteMarkers {
			if aws.ToString(m.Key) == key {
				out = append(out, version{id: versionID(m.VersionId), latest: aws.ToBool(m.IsLatest), deleted: true})
			}
		}
	}
	return out, nil
}

// deleteVersions deletes each listed version but keep ("" keeps none). A version already gone is not an error (S3
// answers a delete of a missing version with success).
func (b *Buckets) deleteVersions(ctx context.Context, name, key string, vs []version, keep string) error {
	for _, v := range vs {
		if v.id == keep {
			continue
		}
		_, err := b.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(name), Key: aws.String(key), VersionId: aws.String(v.id)})
		if err != nil {
			return fmt.Errorf("delete %s/%s version %s: %w", name, key, v.id, err)
		}
	}
	return nil
}

// versionID names a version; an object written while the bucket was not versioned has the id "null".
func versionID(id *string) string {
	if s := aws.ToString(id); s != "" {
		return s
	}
	return "null"
}
