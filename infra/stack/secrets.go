package stack

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"
)

// addSecrets creates one generated secret per topology secret; functions read it at start (GetSecretValue on that
// secret only).
func (h *hearth) addSecrets() {
	for _, s := range h.topo.Secrets {
		h.secrets[s.Name] = awssecretsmanager.NewSecret(h.stack, jsii.String("Secret"+pascal(s.Name)), &awssecretsmanager.SecretProps{
			Description: jsii.String(s.Purpose),
			GenerateSecretString: &awssecretsmanager.SecretStringGenerator{
				PasswordLength:     jsii.Number(64),
				ExcludePunctuation: jsii.Bool(true),
			},
			RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
		})
	}
}
