package api

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Lists page with ?limit= and ?cursor=, answering {items, nextCursor} (openapi.json's *Page schemas). A cursor is
// opaque to callers: the list it belongs to and the key of the last item returned, so a page starts after that key
// whatever was added or removed meanwhile (keyset paging, not offsets). Handlers order items by their key.
//
// The stores still read a whole partition per request and the page is cut here; the cursor's key is the one their
// sort keys use, so pushing it down to DynamoDB (ExclusiveStartKey) will not change the contract.
const (
	defaultLimit = 100
	maxLimit     = 500
)

type pageQuery struct {
	list  string
	limit int
	after string // key of the last item of the previous page; "" for the first page
}

type cursor struct {
	List string `json:"l"`
	Key  string `json:"k"`
}

// readPage reads ?limit= and ?cursor= for the named list. The contract has checked their form; a cursor of another
// list, or one that does not decode, is an invalid request.
func readPage(r *http.Request, list string) (pageQuery, error) {
	q := pageQuery{list: list, limit: defaultLimit}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return q, invalid("query", "limit", "must be an integer from 1 to "+strconv.Itoa(maxLimit))
		}
		q.limit = n
	}
	if v := r.URL.Query().Get("cursor"); v != "" {
		raw, err := base64.RawURLEncoding.DecodeString(v)
		var c cursor
		if err == nil {
			err = json.Unmarshal(raw, &c)
		}
		if err != nil || c.List != list || c.Key == "" {
			return q, invalid("query", "cursor", "not a cursor of this list: pass nextCursor from the previous page as it is")
		}
		q.after = c.Key
	}
	return q, nil
}

// page is one page of a list.
type page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"nextCursor"`
}

// paginate sorts items by key and returns the page after q.after.
func paginate[T any](items []T, key func(T) string, q pageQuery) page[T] {
	slices.SortStableFunc(items, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	start, _ := slices.BinarySearchFunc(items, q.after, func(it T, after string) int {
		if key(it) <= after {
			return -1
		}
		return 1
	})
	if q.after == "" {
		start = 0
	}
	end := min(start+q.limit, len(items))
	out := page[T]{Items: items[start:end]}
	if out.Items == nil {
		out.Items = []T{}
	}
	if end < len(items) {
		raw, _ := json.Marshal(cursor{List: q.list, Key: key(items[end-1])})
		next := base64.RawURLEncoding.EncodeToString(raw)
		out.NextCursor = &next
	}
	return out
}

// timeKey formats t to sort as text: fixed width, UTC.
func timeKey(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z") }

// newestFirst formats t to sort as text in reverse: later times first (for lists shown newest first).
func newestFirst(t time.Time) string { return fmt.Sprintf("%019d", math.MaxInt64-t.UnixNano()) }
