package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// Reader reads objects back: whole, as a stream, or a byte range (bulk imports read their file in ranges).
type Reader interface {
	Get(ctx context.Context, bucket, key string) ([]byte, error)
	Open(ctx context.Context, bucket, key string) (io.ReadCloser, error)
	// GetRange returns the bytes [start, end) of an object; a range past its end is cut short.
	GetRange(ctx context.Context, bucket, key string, start, end int64) ([]byte, error)
}

// ErrNotFound is an object that does not exist.
var ErrNotFound = errors.New("blob: no such object")

var _ Reader = Dir{}

// Get implements Reader.
func (d Dir) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	f, err := d.Open(ctx, bucket, key)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// Open implements Reader.
func (d Dir) Open(_ context.Context, bucket, key string) (io.ReadCloser, error) {
	path, err := d.path(bucket, key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s/%s", ErrNotFound, bucket, key)
	}
	return f, err
}

// GetRange implements Reader.
func (d Dir) GetRange(ctx context.Context, bucket, key string, start, end int64) ([]byte, error) {
	if start < 0 || end < start {
		return nil, fmt.Errorf("blob: bad range %d-%d", start, end)
	}
	f, err := d.Open(ctx, bucket, key)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, end-start)
	n, err := f.(*os.File).ReadAt(buf, start)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return buf[:n], nil
}
