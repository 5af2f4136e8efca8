package stack

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3deployment"
	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/shared/console"
)

// devConsoleOrigin is where `npm run dev` serves the console; a stage with LocalhostLogin lets it sign in.
const devConsoleOrigin = "http://localhost:5173"

// The console's routes that Cognito sends people back to: after signing in, and after signing out.
const (
	callbackPath = "/callback"
	signedOutURI = "/"
)

// addConsoleHosting creates the console's private bucket and the CloudFront distribution in front of it. It comes
// before the API, whose CORS and app client callback URLs name the distribution's address.
func (h *hearth) addConsoleHosting() {
	h.consoleBucket = awss3.NewBucket(h.stack, jsii.String("ConsoleBucket"), &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		EnforceSSL:        jsii.Bool(true),
		ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		// Kept, as every bucket of the stack: deleting the stack leaves the deployed files, which CloudFormation
		// could not delete the bucket with.
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})

	headers := awscloudfront.NewResponseHeadersPolicy(h.stack, jsii.String("ConsoleHeaders"), &awscloudfront.ResponseHeadersPolicyProps{
		Comment: jsii.String("Hearth console: security headers"),
		SecurityHeadersBehavior: &awscloudfront.ResponseSecurityHeadersBehavior{
			ContentSecurityPolicy: &awscloudfront.ResponseHeadersContentSecurityPolicy{
				ContentSecurityPolicy: jsii.String(h.consoleCSP()),
				Override:              jsii.Bool(true),
			},
			StrictTransportSecurity: &awscloudfront.ResponseHeadersStrictTransportSecurity{
				AccessControlMaxAge: awscdk.Duration_Days(jsii.Number(365)),
				IncludeSubdomains:   jsii.Bool(true),
				Override:            jsii.Bool(true),
			},
			FrameOptions: &awscloudfront.ResponseHeadersFrameOptions{
				FrameOption: awscloudfront.HeadersFrameOption_DENY,
				Override:    jsii.Bool(true),
			},
			ContentTypeOptions: &awscloudfront.ResponseHeadersContentTypeOptions{Override: jsii.Bool(true)},
			ReferrerPolicy: &awscloudfront.ResponseHeadersReferrerPolicy{
				ReferrerPolicy: awscloudfront.HeadersReferrerPolicy_NO_REFERRER,
				Override:       jsii.Bool(true),
			},
		},
	})

	// A deep link (/guests/G-1) is no object in the bucket: S3 answers 403 to CloudFront (OAC may not list the
	// bucket), so both 403 and 404 become the app shell with 200 and the console's router takes over.
	spa := func(status float64) *awscloudfront.ErrorResponse {
		return &awscloudfront.ErrorResponse{
			HttpStatus:         jsii.Number(status),
			ResponseHttpStatus: jsii.Number(200),
			ResponsePagePath:   jsii.String("/index.html"),
			Ttl:                awscdk.Duration_Seconds(jsii.Number(0)),
		}
	}
	h.consoleCDN = awscloudfront.NewDistribution(h.stack, jsii.String("ConsoleDistribution"), &awscloudfront.DistributionProps{
		Comment:           jsii.String("Hearth console (" + h.props.Stage + ")"),
		DefaultRootObject: jsii.String("index.html"),
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:                awscloudfrontorigins.S3BucketOrigin_WithOriginAccessControl(h.consoleBucket, nil),
			ViewerProtocolPolicy:  awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
			AllowedMethods:        awscloudfront.AllowedMethods_ALLOW_GET_HEAD(),
			CachePolicy:           awscloudfront.CachePolicy_CACHING_OPTIMIZED(),
			ResponseHeadersPolicy: headers,
			Compress:              jsii.Bool(true),
		},
		ErrorResponses: &[]*awscloudfront.ErrorResponse{spa(403), spa(404)},
		HttpVersion:    awscloudfront.HttpVersion_HTTP2_AND_3,
		PriceClass:     awscloudfront.PriceClass_PRICE_CLASS_100,
	})
	h.consoleURL = "https://" + *h.consoleCDN.DistributionDomainName()
}

// consoleOrigins are the origins the console runs at: CloudFront, and the developer's `npm run dev` when the
// stage allows it. Cognito redirects only to these and the API answers only their browsers.
func (h *hearth) consoleOrigins() []string {
	origins := []string{h.consoleURL}
	if h.props.LocalhostLogin {
		origins = append(origins, devConsoleOrigin)
	}
	return origins
}

// loginDomain is the hosted login's base URL.
func (h *hearth) loginDomain() string {
	return "https://" + h.loginDomainPrefix() + ".auth." + *h.stack.Region() + ".amazoncognito.com"
}

// loginDomainPrefix is the stage's Cognito domain prefix: unique per region across all AWS accounts, hence the
// account number unless the stage names one.
func (h *hearth) loginDomainPrefix() string {
	if h.props.LoginDomainPrefix != "" {
		return h.props.LoginDomainPrefix
	}
	return "hearth-" + h.props.Stage + "-" + *h.stack.Account()
}

// consoleCSP is the console's Content-Security-Policy (shared/console's, which hearth dev serves too) allowing calls
// to the hosted login's token endpoint and the HTTP API. The API is named by its region's execute-api domain, not
// its id: the API's CORS names the distribution, so the distribution's headers policy cannot name the API without a
// dependency cycle. upgrade-insecure-requests only here: hearth dev is plain HTTP.
func (h *hearth) consoleCSP() string {
	api := "https://*.execute-api." + *h.stack.Region() + ".amazonaws.com"
	return console.ContentSecurityPolicy(h.loginDomain(), api) + "; upgrade-insecure-requests"
}

// consoleConfig is the runtime configuration the console reads at /config.json: one build serves every stage.
func (h *hearth) consoleConfig() map[string]any {
	var redirects, logouts []string
	for _, o := range h.consoleOrigins() {
		redirects = append(redirects, o+callbackPath)
		logouts = append(logouts, o+signedOutURI)
	}
	return map[string]any{
		"auth":    "cognito",
		"apiBase": strings.TrimSuffix(*h.api.Url(), "/"),
		"region":  *h.stack.Region(),
		"cognito": map[string]any{
			"domain":       h.loginDomain(),
			"clientId":     *h.userPoolApp.UserPoolClientId(),
			"issuer":       h.issuer(),
			"scopes":       []string{"openid", "email", "profile"},
			"redirectUris": redirects,
			"logoutUris":   logouts,
		},
	}
}

// deployConsole copies the console's production build to the bucket and writes config.json beside it. Hashed
// assets are immutable and kept across deploys (a browser still on the previous index.html can load its chunks);
// index.html and config.json are revalidated on every load and invalidated at CloudFront on deploy.
func (h *hearth) deployConsole() {
	logs := awslogs.NewLogGroup(h.stack, jsii.String("ConsoleDeployLogs"), &awslogs.LogGroupProps{
		Retention:     awslogs.RetentionDays_ONE_MONTH,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	// An own role: CDK's default one carries the AWSLambdaBasicExecutionRole managed policy, and every grant in
	// this stack is an explicit statement. CDK adds the bucket and invalidation grants to it.
	h.consoleDeployRole = awsiam.NewRole(h.stack, jsii.String("ConsoleDeployRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Hearth console deployment (CDK BucketDeployment)"),
	})
	h.consoleDeployRole.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:   strs("logs:CreateLogStream", "logs:PutLogEvents"),
		Resources: &[]*string{logs.LogGroupArn()},
	}))

	build := awss3deployment.Source_Asset(jsii.String(h.props.ConsoleDir), nil)
	shell := []*string{jsii.String("index.html"), jsii.String("config.json")}
	assets := awss3deployment.NewBucketDeployment(h.stack, jsii.String("ConsoleAssets"), &awss3deployment.BucketDeploymentProps{
		DestinationBucket: h.consoleBucket,
		Sources:           &[]awss3deployment.ISource{build},
		Exclude:           &shell,
		Prune:             jsii.Bool(false),
		CacheControl: &[]awss3deployment.CacheControl{
			awss3deployment.CacheControl_FromString(jsii.String("public, max-age=31536000, immutable")),
		},
		Role:     h.consoleDeployRole,
		LogGroup: logs,
	})
	config := awss3deployment.Source_JsonData(jsii.String("config.json"), h.consoleConfig(), nil)
	page := awss3deployment.NewBucketDeployment(h.stack, jsii.String("ConsoleShell"), &awss3deployment.BucketDeploymentProps{
		DestinationBucket: h.consoleBucket,
		Sources:           &[]awss3deployment.ISource{build, config},
		Exclude:           &[]*string{jsii.String("*")},
		Include:           &shell,
		Prune:             jsii.Bool(false),
		CacheControl: &[]awss3deployment.CacheControl{
			awss3deployment.CacheControl_FromString(jsii.String("no-cache")),
		},
		Distribution:      h.consoleCDN,
		DistributionPaths: &[]*string{jsii.String("/index.html"), jsii.String("/config.json")},
		Role:              h.consoleDeployRole,
		LogGroup:          logs,
	})
	// The new shell must not point at chunks that are not uploaded yet.
	page.Node().AddDependency(assets)
}
