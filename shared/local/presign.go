package local

import (
	"context"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/shared/reply"
)

// Buckets stands in for S3's presigned uploads under hearth dev: it signs URLs (PresignPut, like S3's presigner)
// and serves them (PUT /dev/s3/<bucket>/<key>?expires=<unix>&signature=<hex>), writing the body into the local
// bucket folder and then announcing the object like S3's EventBridge notification. A URL works until it expires,
// for its bucket, key and content type only: a forged, altered or expired one is refused with 403. Like the S3 URLs
// Hearth presigns (If-None-Match: *), it writes a key once: a second PUT is refused with 412.
type Buckets struct {
	key     []byte
	store   Store
	created func(bucket, key, etag string)
	now     func() time.Time
	// MaxBytes bounds one upload (S3 takes up to 5 GB in one PUT; hearth dev holds the body in memory).
	MaxBytes int64
}

// PathPrefix is where hearth dev serves its presigned uploads.
const PathPrefix = "/dev/s3/"

// Store is the local bucket folder.
type Store interface {
	Put(ctx context.Context, bucket, key string, body []byte, contentType string) error
	Open(ctx context.Context, bucket, key string) (io.ReadCloser, error)
}

// NewBuckets returns the stand-in: key signs the URLs, store holds the objects, created announces each (the
// runtime's ObjectCreated).
func NewBuckets(key []byte, store Store, created func(bucket, key, etag string), now func() time.Time) *Buckets {
	if now == nil {
		now = time.Now
	}
	return &Buckets{key: key, store: store, created: created, now: now, MaxBytes: 1 << 30}
}

type baseURLKey struct{}

// WithBaseURL records the address a request reached hearth dev at, so the URLs it signs point back there.
func WithBaseURL(ctx context.Context, base string) context.Context {
	return context.WithValue(ctx, baseURLKey{}, strings.TrimSuffix(base, "/"))
}

// PresignPut implements intake.Presigner.
func (b *Buckets) PresignPut(ctx context.Context, bucket, key, contentType string, ttl time.Duration) (string, http.Header, error) {
	base, _ := ctx.Value(baseURLKey{}).(string)
	if base == "" {
		return "", nil, errors.New("presign: no base URL in the request context")
	}
	expires := strconv.FormatInt(b.now().Add(ttl).Unix(), 10)
	q := url.Values{"expires": {expires}, "signature": {b.sign(bucket, key, contentType, expires)}}
	u := base + PathPrefix + bucket + "/" + key + "?" + q.Encode()
	return u, http.Header{"Content-Type": {contentType}, "If-None-Match": {"*"}}, nil
}

func (b *Buckets) sign(bucket, key, contentType, expires string) string {
	m := hmac.New(sha256.New, b.key)
	fmt.Fprintf(m, "PUT\n%s\n%s\n%s\n%s", bucket, key, contentType, expires)
	return hex.EncodeToString(m.Sum(nil))
}

// ServeHTTP serves PUT /dev/s3/<bucket>/<key>.
func (b *Buckets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	deny := func(status int, code, message string) {
		reply.Fail(w, r, status, reply.Error{Code: code, Message: message})
	}
	bucket, key, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, PathPrefix), "/")
	if r.Method != http.MethodPut {
		deny(http.StatusMethodNotAllowed, "method_not_allowed", "presigned URLs take a PUT")
		return
	}
	expires, signature := r.URL.Query().Get("expires"), r.URL.Query().Get("signature")
	at, err := strconv.ParseInt(expires, 10, 64)
	want := b.sign(bucket, key, r.Header.Get("Content-Type"), expires)
	switch {
	case !ok || bucket == "" || key == "" || err != nil || !hmac.Equal([]byte(signature), []byte(want)) || r.Header.Get("If-None-Match") != "*":
		deny(http.StatusForbidden, "bad_signature", "the URL's signature does not match this bucket, key, content type and If-None-Match: *")
		return
	case b.now().Unix() >= at:
		deny(http.StatusForbidden, "expired_url", "the upload URL has expired; request a new one")
		return
	}
	if f, err := b.store.Open(r.Context(), bucket, key); err == nil {
		_ = f.Close()
		deny(http.StatusPreconditionFailed, "already_uploaded", "a file was already uploaded with this URL; request a new one")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, b.MaxBytes))
	if err != nil {
		deny(http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("hearth dev takes uploads up to %d bytes", b.MaxBytes))
		return
	}
	if err := b.store.Put(r.Context(), bucket, key, body, r.Header.Get("Content-Type")); err != nil {
		deny(http.StatusInternalServerError, "internal", err.Error())
		return
	}
	sum := md5.Sum(body) // S3's ETag of a single-part upload
	etag := hex.EncodeToString(sum[:])
	w.Header().Set("ETag", `"`+etag+`"`)
	w.WriteHeader(http.StatusOK)
	if b.created != nil {
		b.created(bucket, key, etag)
	}
}
