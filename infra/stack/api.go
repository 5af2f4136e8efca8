package stack

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/jsii-runtime-go"
)

// addAPI creates the Cognito user pool the console signs in with and the HTTP API in front of the API function:
// every path behind a JWT authorizer that trusts the pool and its app client, except the topology's public routes.
// Roles (Cognito groups) and brand/property scoping are enforced in the API layer.
func (h *hearth) addAPI() {
	h.userPool = awscognito.NewUserPool(h.stack, jsii.String("UserPool"), &awscognito.UserPoolProps{
		SignInAliases:       &awscognito.SignInAliases{Email: jsii.Bool(true)},
		AutoVerify:          &awscognito.AutoVerifiedAttrs{Email: jsii.Bool(true)},
		SelfSignUpEnabled:   jsii.Bool(false),
		AccountRecovery:     awscognito.AccountRecovery_EMAIL_ONLY,
		SignInCaseSensitive: jsii.Bool(false),
		RemovalPolicy:       awscdk.RemovalPolicy_RETAIN,
	})
	h.userPoolApp = h.userPool.AddClient(jsii.String("ConsoleClient"), &awscognito.UserPoolClientOptions{
		AuthFlows:                  &awscognito.AuthFlow{UserSrp: jsii.Bool(true)},
		GenerateSecret:             jsii.Bool(false),
		PreventUserExistenceErrors: jsii.Bool(true),
	})

	issuer := fmt.Sprintf("https://cognito-idp.%s.amazonaws.com/%s", *h.stack.Region(), *h.userPool.UserPoolId())
	authorizer := awsapigatewayv2authorizers.NewHttpJwtAuthorizer(jsii.String("CognitoJwt"), jsii.String(issuer),
		&awsapigatewayv2authorizers.HttpJwtAuthorizerProps{
			JwtAudience: &[]*string{h.userPoolApp.UserPoolClientId()},
		})
	integration := awsapigatewayv2integrations.NewHttpLambdaIntegration(jsii.String("ApiFunction"),
		h.functions[h.topo.API.Function], nil)

	h.api = awsapigatewayv2.NewHttpApi(h.stack, jsii.String("HttpApi"), &awsapigatewayv2.HttpApiProps{
		ApiName:     jsii.String("hearth-" + h.props.Stage),
		Description: jsii.String("Hearth console and partner API"),
	})
	h.api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
		Path:        jsii.String("/{proxy+}"),
		Methods:     &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_ANY},
		Integration: integration,
		Authorizer:  authorizer,
	})
	for _, route := range h.topo.API.PublicRoutes {
		method, path, _ := parseRoute(route) // validated in validate
		h.api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
			Path:        jsii.String(path),
			Methods:     &[]awsapigatewayv2.HttpMethod{method},
			Integration: integration,
		})
	}
	webhooks := map[string]awsapigatewayv2integrations.HttpLambdaIntegration{}
	for _, wh := range h.topo.API.Webhooks {
		if webhooks[wh.Function] == nil {
			webhooks[wh.Function] = awsapigatewayv2integrations.NewHttpLambdaIntegration(jsii.String("Webhook"+pascal(wh.Function)),
				h.functions[wh.Function], nil)
		}
		method, path, _ := parseRoute(wh.Route)
		h.api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
			Path:        jsii.String(path),
			Methods:     &[]awsapigatewayv2.HttpMethod{method},
			Integration: webhooks[wh.Function],
		})
	}
}
