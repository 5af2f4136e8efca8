package app

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/consumer"
	"github.com/hearthcrm/hearth/shared/hierarchy"
	"github.com/hearthcrm/hearth/shared/store"
)

// ConfigFromEnv reads the function configuration the CDK stack sets.
func ConfigFromEnv() Config {
	cfg := Config{GroupID: os.Getenv("HEARTH_GROUP_ID"), PhoneRegion: os.Getenv("HEARTH_PHONE_REGION")}
	if cfg.GroupID == "" {
		cfg.GroupID = hierarchy.DemoGroupID
	}
	return cfg
}

// Env is a Lambda function's environment: the AWS configuration from the standard SDK chain (AWS_ENDPOINT_URL and
// per-service overrides included), the store, and the function's configuration. Each main adds the adapters its
// entry point needs, and only those are linked into its binary.
type Env struct {
	AWS    aws.Config
	Config Config
	Log    *slog.Logger
	DB     *store.DB
}

// LoadEnv reads the environment of a Lambda function.
func LoadEnv(ctx context.Context) (*Env, error) {
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS config: %w", err)
	}
	return &Env{AWS: awsCfg, Config: ConfigFromEnv(), Log: slog.New(slog.NewJSONHandler(os.Stdout, nil)), DB: store.New(awsCfg, store.Options{})}, nil
}

// SecretReader reads one topology secret (package cloud/secrets); mains pass it in so that functions without
// secrets do not link the Secrets Manager client.
type SecretReader func(ctx context.Context, cfg aws.Config, name string) ([]byte, error)

// LoadSecrets reads the secrets the topology gives this function (their ARNs are in HEARTH_SECRET_*) once, at start.
func (e *Env) LoadSecrets(ctx context.Context, read SecretReader) error {
	for name, dst := range map[string]*[]byte{topology.SecretUnsubscribe: &e.Config.UnsubscribeKey, topology.SecretIdentity: &e.Config.IdentityKey} {
		if os.Getenv(topology.EnvName(topology.EnvSecret, name)) == "" {
			continue
		}
		v, err := read(ctx, e.AWS, name)
		if err != nil {
			return err
		}
		*dst = v
	}
	return nil
}

// Adapters returns the adapters a function's entry point needs, built from its environment.
type Adapters func(ctx context.Context, env *Env) (Deps, error)

// NoAdapters is for functions that need only the store.
func NoAdapters(context.Context, *Env) (Deps, error) { return Deps{}, nil }

// Build loads the environment, builds the application over the store and the function's adapters and returns its
// entry point; any error ends the process, so a failed cold start shows in the function's logs and Lambda retries
// the init.
func Build[T any](adapters Adapters, entry func(*App) (T, error)) T {
	v, err := build(adapters, entry)
	if err != nil {
		log.Fatalf("start: %v", err)
	}
	return v
}

func build[T any](adapters Adapters, entry func(*App) (T, error)) (T, error) {
	var zero T
	ctx := context.Background()
	env, err := LoadEnv(ctx)
	if err != nil {
		return zero, err
	}
	d, err := adapters(ctx, env)
	if err != nil {
		return zero, err
	}
	d.DB, d.Log = env.DB, env.Log
	a, err := New(env.Config, d)
	if err != nil {
		return zero, err
	}
	return entry(a)
}

// ServeQueue runs a queue consumer function: Lambda gets the SQS handler (partial batch failures) around the
// consumer entry returns.
func ServeQueue(adapters Adapters, entry func(*App) (consumer.Handler, error)) {
	lambda.Start(consumer.SQSHandler(Build(adapters, entry), slog.New(slog.NewJSONHandler(os.Stdout, nil))))
}
