// Package blob stores files in buckets: S3 in AWS (see package cloud/buckets), a folder per bucket locally.
package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Store writes objects, and erases them for good under the right to erasure.
type Store interface {
	Put(ctx context.Context, bucket, key string, body []byte, contentType string) error
	// Rewrite replaces an object's body by edit(body) and deletes every other version of it, so the old body is
	// kept nowhere; an absent object's versions are deleted. It fails, changing nothing, if the object changed
	// while edit ran.
	Rewrite(ctx context.Context, bucket, key string, edit func([]byte) ([]byte, error)) error
	// Erase deletes an object and every version of it; an absent object is not an error.
	Erase(ctx context.Context, bucket, key string) error
}

// Dir is a Store on the local disk: bucket b's object k lives at <root>/<b>/<k>. It keeps no versions.
type Dir struct{ Root string }

var _ Store = Dir{}

// rewriting serialises Dir's read-edit-write cycles; one process owns a local folder.
var rewriting sync.Mutex

// Put implements Store. Keys may not climb out of their bucket.
func (d Dir) Put(_ context.Context, bucket, key string, body []byte, _ string) error {
	path, err := d.path(bucket, key)
	if err != nil {
		return err
	}
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

// Rewrite implements Store.
func (d Dir) Rewrite(ctx context.Context, bucket, key string, edit func([]byte) ([]byte, error)) error {
	path, err := d.path(bucket, key)
	if err != nil {
		return err
	}
	rewriting.Lock()
	defer rewriting.Unlock()
	old, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	body, err := edit(old)
	if err != nil || bytes.Equal(body, old) {
		return err
	}
	return d.Put(ctx, bucket, key, body, "")
}

// Erase implements Store.
func (d Dir) Erase(_ context.Context, bucket, key string) error {
	path, err := d.path(bucket, key)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("blob: %w", err)
	}
	return nil
}

func (d Dir) path(bucket, key string) (string, error) {
	if bucket == "" || key == "" || strings.Contains(key, "..") || filepath.IsAbs(key) {
		return "", errors.New("blob: bucket and a relative key without '..' are required")
	}
	return filepath.Join(d.Root, bucket, filepath.FromSlash(key)), nil
}
