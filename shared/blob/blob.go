// Package blob stores files in buckets: S3 in AWS (see package cloud), a folder per bucket locally.
package blob

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Store writes objects.
type Store interface {
	Put(ctx context.Context, bucket, key string, body []byte, contentType string) error
}

// Dir is a Store on the local disk: bucket b's object k lives at <root>/<b>/<k>.
type Dir struct{ Root string }

var _ Store = Dir{}

// Put implements Store. Keys may not climb out of their bucket.
func (d Dir) Put(_ context.Context, bucket, key string, body []byte, _ string) error {
	if bucket == "" || key == "" || strings.Contains(key, "..") || filepath.IsAbs(key) {
		return errors.New("blob: bucket and a relative key without '..' are required")
	}
	path := filepath.Join(d.Root, bucket, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	// Write then rename, so a reader never sees half a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, body, 0o644); err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	return os.Rename(tmp, path)
}
