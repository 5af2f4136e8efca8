// Package dynamolocal runs an embedded DynamoDB-compatible server for tests
// and the local dev runtime.
//
// Storage and expression evaluation come from minidyn
// (github.com/truora/minidyn/server). A small compatibility [Handler] sits in
// front of it and closes the gaps our clients hit in minidyn v0.8.2:
//
//   - Query: the legacy KeyConditions parameter (which guregu/dynamo sends)
//     is rewritten into an equivalent KeyConditionExpression. Other legacy
//     parameters minidyn would silently ignore (QueryFilter, ScanFilter,
//     AttributesToGet, Expected, AttributeUpdates, ConditionalOperator) are
//     rejected with a ValidationException instead of giving wrong answers.
//   - CreateTable/UpdateTable/DescribeTable report TableStatus ACTIVE (and
//     GSIs IndexStatus ACTIVE) so SDK waiters finish at once.
//   - UpdateTimeToLive, DescribeTimeToLive and ListTables are answered by the
//     handler. Items whose TTL attribute (a Number of epoch seconds) is in the
//     past are deleted by [Handler.Sweep], which [Server] can also run
//     periodically. As in DynamoDB, reads still return expired items until
//     they are swept.
//   - Scan honours Segment/TotalSegments: each item belongs to exactly one
//     segment (hash of its partition key value), with Limit and
//     ExclusiveStartKey paging working per segment.
//   - Every error, including for malformed or unknown requests, is a
//     DynamoDB JSON error so the SDK reports a typed error.
//
// Known limits, inherited from minidyn: a paginated Query or Scan whose
// LastEvaluatedKey item is deleted before the next page is requested (for
// example by a sweep) ends early, because minidyn can only resume from a
// key that still exists; and Query/Scan report no ScannedCount except for
// segmented scans.
package dynamolocal
