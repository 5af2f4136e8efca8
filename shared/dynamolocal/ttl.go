package dynamolocal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// ttlSpec is a table's time-to-live setting; minidyn has no TTL support, so
// the handler keeps it.
type ttlSpec struct {
	attr    string
	enabled bool
}

// ttlSpecification is the wire shape of TimeToLiveSpecification.
type ttlSpecification struct {
	AttributeName string `json:"AttributeName"`
	Enabled       bool   `json:"Enabled"`
}

// updateTTL answers UpdateTimeToLive. Like DynamoDB it refuses to enable TTL
// twice or to disable it when it is off, so code that works here does not
// fail against the real service.
func (h *Handler) updateTTL(ctx context.Context, r request) (reply, error) {
	table, err := r.str("TableName")
	if err != nil {
		return reply{}, err
	}

	var spec struct {
		AttributeName string
		Enabled       *bool
	}

	if err := r.decode("TimeToLiveSpecification", &spec); err != nil {
		return reply{}, err
	}

	switch {
	case table == "":
		return reply{}, validationError("TableName must not be empty")
	case spec.AttributeName == "":
		return reply{}, validationError("TimeToLiveSpecification.AttributeName must not be empty")
	case spec.Enabled == nil:
		return reply{}, validationError("TimeToLiveSpecification.Enabled must be set")
	}

	// Hold the gate so the table cannot be deleted between the existence
	// check and recording the setting.
	h.gate.Lock()
	defer h.gate.Unlock()

	if _, err := h.describeKeys(ctx, table); err != nil {
		return reply{}, err
	}

	h.mu.Lock()
	defer h.mu.Unlock()

	cur := h.ttl[table]

	switch {
	case *spec.Enabled && cur.enabled:
		return reply{}, validationError("TimeToLive is already enabled")
	case !*spec.Enabled && !cur.enabled:
		return reply{}, validationError("TimeToLive is already disabled")
	case !*spec.Enabled && cur.attr != spec.AttributeName:
		return reply{}, validationError("TimeToLive is enabled on attribute %q, not %q", cur.attr, spec.AttributeName)
	}

	h.ttl[table] = ttlSpec{attr: spec.AttributeName, enabled: *spec.Enabled}
	h.tables[table] = struct{}{}

	return jsonReply(map[string]ttlSpecification{
		"TimeToLiveSpecification": {AttributeName: spec.AttributeName, Enabled: *spec.Enabled},
	})
}

// describeTTL answers DescribeTimeToLive from the handler's settings.
func (h *Handler) describeTTL(ctx context.Context, r request) (reply, error) {
	table, err := r.str("TableName")
	if err != nil {
		return reply{}, err
	}

	h.gate.Lock()
	_, err = h.describeKeys(ctx, table)
	h.gate.Unlock()

	if err != nil {
		return reply{}, err
	}

	h.mu.Lock()
	spec := h.ttl[table]
	h.mu.Unlock()

	type description struct {
		TimeToLiveStatus string `json:"TimeToLiveStatus"`
		AttributeName    string `json:"AttributeName,omitempty"`
	}

	desc := description{TimeToLiveStatus: "DISABLED"}
	if spec.enabled {
		desc = description{TimeToLiveStatus: "ENABLED", AttributeName: spec.attr}
	}

	return jsonReply(map[string]description{"TimeToLiveDescription": desc})
}

// Sweep deletes every item whose TTL attribute, on a table with TTL
// enabled, holds a Number of epoch seconds earlier than now. It returns how
// many items it deleted. DynamoDB deletes expired items lazily (within
// days) and keeps returning them until then; Sweep makes that deletion
// happen at a moment tests control. Unlike DynamoDB it does not skip
// timestamps more than five years old.
func (h *Handler) Sweep(ctx context.Context) (int, error) {
	h.mu.Lock()
	tables := make([]string, 0, len(h.ttl))
	attrs := make(map[string]string, len(h.ttl))

	for table, spec := range h.ttl {
		if spec.enabled {
			tables = append(tables, table)
			attrs[table] = spec.attr
		}
	}
	h.mu.Unlock()

	slices.Sort(tables)

	var (
		total int
		errs  []error
	)

	for _, table := range tables {
		if err := ctx.Err(); err != nil {
			return total, err
		}

		n, err := h.sweepTable(ctx, table, attrs[table])
		total += n

		if err != nil {
			errs = append(errs, fmt.Errorf("dynamolocal: sweep %s: %w", table, err))
		}
	}

	return total, errors.Join(errs...)
}

// sweepTable scans one table and deletes its expired items. It holds the
// gate exclusively, so no write can refresh an item between the scan and
// its deletion; the store is in memory, so the pause is short.
func (h *Handler) sweepTable(ctx context.Context, table, attr string) (int, error) {
	h.gate.Lock()
	defer h.gate.Unlock()

	keys, err := h.describeKeys(ctx, table)
	if err != nil {
		var apiErr *apiError
		if errors.As(err, &apiErr) && apiErr.code == "ResourceNotFoundException" {
			// Deleted behind the handler's back (e.g. minidyn Reset).
			return 0, nil
		}

		return 0, err
	}

	items, err := h.scanAll(ctx, map[string]any{"TableName": table})
	if err != nil {
		return 0, err
	}

	now := h.now()
	deleted := 0

	for _, item := range items {
		if !expired(item[attr], now) {
			continue
		}

		if err := h.invoke(ctx, "DeleteItem", map[string]any{"TableName": table, "Key": keys.key(item)}, nil); err != nil {
			return deleted, err
		}

		deleted++
	}

	return deleted, nil
}

// expired reports whether a TTL attribute value lies before now. Like
// DynamoDB, anything but a Number (or a missing attribute) never expires.
func expired(raw json.RawMessage, now time.Time) bool {
	if raw == nil {
		return false
	}

	var v struct{ N *string }
	if json.Unmarshal(raw, &v) != nil || v.N == nil {
		return false
	}

	secs, err := strconv.ParseFloat(*v.N, 64)
	if err != nil {
		return false
	}

	return secs < float64(now.UnixNano())/float64(time.Second)
}
