package app

import (
	"log"

	"context"
	"fmt"
	"github.com/aws/aws-lambda-go/lambda"
	"log/slog"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/cloud"
	"github.com/hearthcrm/hearth/shared/consumer"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/store"
)

// ConfigFromEnv reads the function configuration the CDK stack sets.
func ConfigFromEnv() Config {
	cfg := Config{GroupID: os.Getenv("HEARTH_GROUP_ID")}
	if cfg.GroupID == "" {
		cfg.GroupID = hierarchy.DemoGroupID
	}
	return cfg
}

// NewFromEnv builds the application for a Lambda function: AWS adapters configured by the standard SDK chain
// (AWS_ENDPOINT_URL and per-service overrides included) and resource names from HEARTH_* variables.
func NewFromEnv(ctx context.Context) (*App, error) {
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS config: %w", err)
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	cfg := ConfigFromEnv()
	// Each function reads only the secrets the topology gives it.
	for name, dst := range map[string]*[]byte{topology.SecretUnsubscribe: &cfg.UnsubscribeKey, topology.SecretIdentity: &cfg.IdentityKey} {
		if os.Getenv(topology.EnvName(topology.EnvSecret, name)) == "" {
			continue
		}
		if *dst, err = cloud.Secret(ctx, awsCfg, name); err != nil {
			return nil, err
		}
	}
	var queue intake.Queue
	if os.Getenv(topology.EnvName(topology.EnvQueue, topology.QueueIngest)) != "" {
		if queue, err = cloud.NewQueue(awsCfg, topology.QueueIngest); err != nil {
			return nil, err
		}
	}
	cfg.PhoneRegion = os.Getenv("HEARTH_PHONE_REGION")
	return New(cfg, Deps{
		IngestQueue: queue,
		DB:          store.New(awsCfg, store.Options{}),
		Bus:         cloud.NewBus(awsCfg, os.Getenv("HEARTH_BUS")),
		Workflows:   cloud.NewWorkflows(awsCfg),
		Blobs:       cloud.NewBuckets(awsCfg),
		Log:         log,
	})
}

// ServeQueue runs a queue consumer function: build the app from the environment, then hand Lambda the SQS handler
// (partial batch failures) around the consumer pick chooses.
func ServeQueue(pick func(*App) consumer.Handler) {
	a, err := NewFromEnv(context.Background())
	if err != nil {
		log.Fatalf("start: %v", err)
	}
	lambda.Start(consumer.SQSHandler(pick(a), slog.New(slog.NewJSONHandler(os.Stdout, nil))))
}
