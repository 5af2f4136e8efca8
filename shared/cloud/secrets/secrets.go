// Package secrets reads the stack's Secrets Manager secrets.
package secrets

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/hearthcrm/hearth/infra/topology"
)

// Read reads a topology secret whose ARN the stack put in HEARTH_SECRET_<NAME>. Functions read secrets once at
// start, so a cold start pays one call and warm invocations none.
func Read(ctx context.Context, cfg aws.Config, name string) ([]byte, error) {
	arn := os.Getenv(topology.EnvName(topology.EnvSecret, name))
	if arn == "" {
		return nil, fmt.Errorf("secret %s: %s is not set", name, topology.EnvName(topology.EnvSecret, name))
	}
	out, err := secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn)})
	if err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	return []byte(aws.ToString(out.SecretString)), nil
}
