package dynamolocal

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"slices"
	"strings"
)

// maxTotalSegments is DynamoDB's upper bound for TotalSegments.
const maxTotalSegments = 1000000

// segmented reports whether a Scan asks for a parallel-scan segment.
func segmented(r request) bool {
	return r.has("Segment") || r.has("TotalSegments")
}

// segmentOf assigns an item to a segment by hashing its partition key
// value. Every item has exactly one partition key value, so the segments
// partition the table exactly, and the assignment is stable across pages.
// minidyn always encodes a stored value the same way, so hashing the raw
// JSON is stable too.
func segmentOf(pk json.RawMessage, total int) int {
	h := fnv.New64a()
	_, _ = h.Write(pk)

	return int(h.Sum64() % uint64(total))
}

// segmentScan answers a Scan with Segment/TotalSegments, which minidyn
// ignores (every segment would return the whole table).
//
// It works in two passes over minidyn while holding the gate, so the data
// cannot change in between:
//
//  1. Scan everything after ExclusiveStartKey, keys and all, in minidyn's
//     order, and pick this segment's items. With a Limit, the page ends at
//     the Limit-th such item (DynamoDB's Limit counts items evaluated, before
//     any filter).
//  2. Run the caller's Scan again over exactly that window (Limit = window
//     length, same ExclusiveStartKey) with the FilterExpression narrowed to
//     this segment's partition key values, so minidyn still applies the
//     caller's filter, projection and Select, and returns a LastEvaluatedKey
//     in its own format at the end of the window.
//
// ScannedCount reports the segment's items evaluated; LastEvaluatedKey is
// dropped when no item of the segment is left, so paging ends exactly.
func (h *Handler) segmentScan(ctx context.Context, r request) (reply, error) {
	var seg, total, limit *int

	if err := firstError(
		r.decode("Segment", &seg),
		r.decode("TotalSegments", &total),
		r.decode("Limit", &limit),
	); err != nil {
		return reply{}, err
	}

	if err := validateSegment(seg, total, limit); err != nil {
		return reply{}, err
	}

	table, err := r.str("TableName")
	if err != nil {
		return reply{}, err
	}

	h.gate.Lock()
	defer h.gate.Unlock()

	keys, err := h.describeKeys(ctx, table)
	if err != nil {
		return reply{}, err
	}

	page, err := h.segmentWindow(ctx, r, keys.hash, *seg, *total, limit)
	if err != nil {
		return reply{}, err
	}

	if page.scanned == 0 {
		return jsonReply(map[string]any{"Items": []any{}, "Count": 0, "ScannedCount": 0})
	}

	inner := r.clone()
	delete(inner, "Segment")
	delete(inner, "TotalSegments")
	delete(inner, "Limit")

	if page.more {
		if err := inner.set("Limit", page.span); err != nil {
			return reply{}, err
		}
	}

	if err := restrictToPartitions(inner, keys.hash, page.pks); err != nil {
		return reply{}, err
	}

	body, err := marshal(inner)
	if err != nil {
		return reply{}, err
	}

	resp := h.forward(ctx, "Scan", body)
	if resp.status != http.StatusOK {
		return toReply(resp)
	}

	var out map[string]json.RawMessage
	if err := json.Unmarshal(resp.body.Bytes(), &out); err != nil {
		return reply{}, err
	}

	if err := setMember(out, "ScannedCount", page.scanned); err != nil {
		return reply{}, err
	}

	if !page.more {
		delete(out, "LastEvaluatedKey")
	}

	return jsonReply(out)
}

func validateSegment(seg, total, limit *int) error {
	switch {
	case seg == nil:
		return validationError("The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
	case total == nil:
		return validationError("The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
	case *total < 1 || *total > maxTotalSegments:
		return validationError("1 validation error detected: Value '%d' at 'totalSegments' failed to satisfy constraint: "+
			"Member must have value less than or equal to %d and greater than or equal to 1", *total, maxTotalSegments)
	case *seg < 0 || *seg >= *total:
		return validationError("The Segment parameter is zero-based and must be less than parameter TotalSegments: "+
			"Segment: %d is out of bounds of TotalSegments: %d", *seg, *total)
	case limit != nil && *limit < 1:
		return validationError("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: "+
			"Member must have value greater than or equal to 1", *limit)
	}

	return nil
}

// segmentPage is the outcome of pass 1 of segmentScan.
type segmentPage struct {
	span    int               // items of any segment the page covers
	pks     []json.RawMessage // distinct partition key values of this segment's items in it
	scanned int               // this segment's items in it
	more    bool              // items of this segment remain after it
}

// segmentWindow is pass 1 of segmentScan.
func (h *Handler) segmentWindow(ctx context.Context, r request, hashKey string, seg, total int, limit *int) (segmentPage, error) {
	in := map[string]any{}

	for _, key := range []string{"TableName", "IndexName", "ExclusiveStartKey", "ConsistentRead"} {
		if r.has(key) {
			in[key] = r[key]
		}
	}

	items, err := h.scanAll(ctx, in)
	if err != nil {
		return segmentPage{}, err
	}

	var page segmentPage

	seen := map[string]bool{}

	for i, item := range items {
		pk := item[hashKey]
		if segmentOf(pk, total) != seg {
			continue
		}

		if limit != nil && page.scanned == *limit {
			page.more = true

			return page, nil
		}

		if !seen[string(pk)] {
			seen[string(pk)] = true
			page.pks = append(page.pks, pk)
		}

		page.scanned++

		if limit != nil && page.scanned == *limit {
			page.span = i + 1
		}
	}

	// The window reaches the end: pass 2 needs no Limit.
	page.span = len(items)

	return page, nil
}

// inListMax is DynamoDB's cap on IN operands; longer lists are split so the
// generated filter would also be valid against the real service.
const inListMax = 100

// restrictToPartitions ANDs "partition key is one of pks" onto the request's
// FilterExpression, with placeholders that cannot collide with the caller's.
func restrictToPartitions(r request, hashKey string, pks []json.RawMessage) error {
	ex, err := loadExprAttrs(r)
	if err != nil {
		return err
	}

	name := ex.name(hashKey)

	var lists []string

	for chunk := range slices.Chunk(pks, inListMax) {
		vals := make([]string, len(chunk))
		for i, pk := range chunk {
			vals[i] = ex.value(pk)
		}

		lists = append(lists, name+" IN ("+strings.Join(vals, ", ")+")")
	}

	filter := strings.Join(lists, " OR ")

	existing, err := r.str("FilterExpression")
	if err != nil {
		return err
	}

	if existing != "" {
		filter = "(" + existing + ") AND (" + filter + ")"
	}

	if err := r.set("FilterExpression", filter); err != nil {
		return err
	}

	return ex.store(r)
}

// firstError returns the first non-nil error, keeping its type (an
// *apiError stays one).
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}

	return nil
}
