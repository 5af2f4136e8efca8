package stack

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/shared/access"
)

// addAPI creates the Cognito user pool the console signs in with (its hosted login, the console's app client, a
// group per group-wide role) and the HTTP API in front of the API function: every path behind a JWT authorizer
// that trusts the pool and its app client, except the topology's public routes. Roles (Cognito groups) and
// brand/property scoping are enforced in the API layer.
func (h *hearth) addAPI() {
	h.userPool = awscognito.NewUserPool(h.stack, jsii.String("UserPool"), &awscognito.UserPoolProps{
		SignInAliases:       &awscognito.SignInAliases{Email: jsii.Bool(true)},
		AutoVerify:          &awscognito.AutoVerifiedAttrs{Email: jsii.Bool(true)},
		SelfSignUpEnabled:   jsii.Bool(false),
		AccountRecovery:     awscognito.AccountRecovery_EMAIL_ONLY,
		SignInCaseSensitive: jsii.Bool(false),
		RemovalPolicy:       awscdk.RemovalPolicy_RETAIN,
	})
	h.userPoolDomain = h.userPool.AddDomain(jsii.String("LoginDomain"), &awscognito.UserPoolDomainOptions{
		CognitoDomain: &awscognito.CognitoDomainOptions{DomainPrefix: jsii.String(h.loginDomainPrefix())},
	})
	var callbacks, logouts []string
	for _, o := range h.consoleOrigins() {
		callbacks = append(callbacks, o+callbackPath)
		logouts = append(logouts, o+signedOutURI)
	}
	// A public client (no secret: it runs in the browser) that signs in only through the hosted login with the
	// authorization code grant; the console adds PKCE. The ID token is what the console sends to the API: it
	// carries the email and cognito:groups the API reads, and its audience is this client.
	h.userPoolApp = h.userPool.AddClient(jsii.String("ConsoleClient"), &awscognito.UserPoolClientOptions{
		AuthFlows:                  &awscognito.AuthFlow{UserSrp: jsii.Bool(true)},
		GenerateSecret:             jsii.Bool(false),
		PreventUserExistenceErrors: jsii.Bool(true),
		SupportedIdentityProviders: &[]awscognito.UserPoolClientIdentityProvider{awscognito.UserPoolClientIdentityProvider_COGNITO()},
		OAuth: &awscognito.OAuthSettings{
			Flows:        &awscognito.OAuthFlows{AuthorizationCodeGrant: jsii.Bool(true), ImplicitCodeGrant: jsii.Bool(false), ClientCredentials: jsii.Bool(false)},
			Scopes:       &[]awscognito.OAuthScope{awscognito.OAuthScope_OPENID(), awscognito.OAuthScope_EMAIL(), awscognito.OAuthScope_PROFILE()},
			CallbackUrls: strs(callbacks...),
			LogoutUrls:   strs(logouts...),
		},
		// An hour's ID token, refreshed by the console while a working day's refresh token lasts; sign-out revokes it.
		IdTokenValidity:       awscdk.Duration_Hours(jsii.Number(1)),
		AccessTokenValidity:   awscdk.Duration_Hours(jsii.Number(1)),
		RefreshTokenValidity:  awscdk.Duration_Hours(jsii.Number(12)),
		AuthSessionValidity:   awscdk.Duration_Minutes(jsii.Number(5)),
		EnableTokenRevocation: jsii.Bool(true),
	})
	// Grants are Cognito groups named as access.ParseGrant reads them. The group-wide ones exist for every role;
	// brand and property groups ("marketer/brand/lantern") follow the hotel group's hierarchy and are created by
	// an administrator (README: users and roles).
	for _, role := range access.Roles() {
		h.userPool.AddGroup(jsii.String("Group"+pascal(role)), &awscognito.UserPoolGroupOptions{
			GroupName:   jsii.String(role + "/" + access.ScopeGroup),
			Description: jsii.String("Hearth role " + role + " on the whole hotel group"),
		})
	}

	authorizer := awsapigatewayv2authorizers.NewHttpJwtAuthorizer(jsii.String("CognitoJwt"), jsii.String(h.issuer()),
		&awsapigatewayv2authorizers.HttpJwtAuthorizerProps{
			JwtAudience: &[]*string{h.userPoolApp.UserPoolClientId()},
		})
	integration := awsapigatewayv2integrations.NewHttpLambdaIntegration(jsii.String("ApiFunction"),
		h.functions[h.topo.API.Function], nil)

	h.api = awsapigatewayv2.NewHttpApi(h.stack, jsii.String("HttpApi"), &awsapigatewayv2.HttpApiProps{
		ApiName:     jsii.String("hearth-" + h.props.Stage),
		Description: jsii.String("Hearth console and partner API"),
		// The console calls from its CloudFront origin with a bearer token: no cookies, so no credentials.
		CorsPreflight: &awsapigatewayv2.CorsPreflightOptions{
			AllowOrigins: strs(h.consoleOrigins()...),
			AllowMethods: &[]awsapigatewayv2.CorsHttpMethod{
				awsapigatewayv2.CorsHttpMethod_GET, awsapigatewayv2.CorsHttpMethod_HEAD, awsapigatewayv2.CorsHttpMethod_POST,
				awsapigatewayv2.CorsHttpMethod_PUT, awsapigatewayv2.CorsHttpMethod_PATCH, awsapigatewayv2.CorsHttpMethod_DELETE,
			},
			AllowHeaders:  strs("Authorization", "Content-Type"),
			ExposeHeaders: strs("X-Request-Id", "Content-Disposition"),
			MaxAge:        awscdk.Duration_Hours(jsii.Number(1)),
		},
	})
	h.api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
		Path:        jsii.String("/{proxy+}"),
		Methods:     &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_ANY},
		Integration: integration,
		Authorizer:  authorizer,
	})
	// Browsers send CORS preflights without the token: the ANY route's authorizer would refuse them, so OPTIONS
	// has its own route without one, which API Gateway answers from the CORS configuration.
	h.api.AddRoutes(&awsapigatewayv2.AddRoutesOptions{
		Path:        jsii.String("/{proxy+}"),
		Methods:     &[]awsapigatewayv2.HttpMethod{awsapigatewayv2.HttpMethod_OPTIONS},
		Integration: integration,
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

// issuer is the user pool's token issuer, which the authorizer and the console check ID tokens against.
func (h *hearth) issuer() string {
	return fmt.Sprintf("https://cognito-idp.%s.amazonaws.com/%s", *h.stack.Region(), *h.userPool.UserPoolId())
}
