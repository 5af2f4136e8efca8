// Package store is the DynamoDB edge of Hearth: one guregu/dynamo client with a call counter, table creation from
// the topology, and one adapter per table. Domain packages never import it; they declare the ports it satisfies.
package store

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"
	"github.com/guregu/dynamo/v2"

	"github.com/hearthcrm/hearth/infra/topology"
)

// DB is the store's connection: the guregu client, the physical table names and the call counter.
type DB struct {
	dynamo *dynamo.DB
	names  map[string]string
	prefix string
	Calls  *CallCounter
}

// Options configures Open.
type Options struct {
	// Endpoint overrides the DynamoDB endpoint (the embedded server in tests and `hearth dev`). Empty means the
	// standard SDK settings decide (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, or AWS itself).
	Endpoint string
	// TableNames maps topology table names to physical names; missing ones come from HEARTH_TABLE_<NAME>, then
	// Prefix+name.
	TableNames map[string]string
	Prefix     string
	// StaticCredentials skips the credential chain (local servers accept anything).
	StaticCredentials bool
	// APIOptions are added to the client's middleware stack: tests inject faults with them.
	APIOptions []func(*middleware.Stack) error
}

// Open connects using the standard SDK configuration chain, so the same binary runs against AWS, LocalStack or
// the embedded server.
func Open(ctx context.Context, opts Options) (*DB, error) {
	var loadOpts []func(*config.LoadOptions) error
	if opts.StaticCredentials {
		loadOpts = append(loadOpts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("local", "local", "")))
		if os.Getenv("AWS_REGION") == "" && os.Getenv("AWS_DEFAULT_REGION") == "" {
			loadOpts = append(loadOpts, config.WithRegion("us-east-1"))
		}
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("load AWS config: %w", err)
	}
	return New(cfg, opts), nil
}

// New builds a DB from an AWS config.
func New(cfg aws.Config, opts Options) *DB {
	calls := NewCallCounter()
	cfg.APIOptions = append(append(cfg.APIOptions, calls.Middleware), opts.APIOptions...)
	var clientOpts []func(*dynamodb.Options)
	if opts.Endpoint != "" {
		clientOpts = append(clientOpts, func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(opts.Endpoint) })
	}
	names := map[string]string{}
	for k, v := range opts.TableNames {
		names[k] = v
	}
	return &DB{dynamo: dynamo.New(cfg, clientOpts...), names: names, prefix: opts.Prefix, Calls: calls}
}

// TableName returns the physical name of a topology table.
func (db *DB) TableName(logical string) string {
	if n, ok := db.names[logical]; ok {
		return n
	}
	if n := os.Getenv(topology.EnvName(topology.EnvTable, logical)); n != "" {
		return n
	}
	return db.prefix + logical
}

// Table returns the guregu table for a topology table.
func (db *DB) Table(logical string) dynamo.Table { return db.dynamo.Table(db.TableName(logical)) }

// Dynamo exposes the guregu client for transactions across tables.
func (db *DB) Dynamo() *dynamo.DB { return db.dynamo }
