package stack

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/shared/access"
)

// consoleIDs are the logical ids of the console's resources.
type consoleIDs struct{ bucket, cdn, client, pool, api string }

func (s *synthesis) consoleIDs() consoleIDs {
	return consoleIDs{
		bucket: s.logicalID(s.h.consoleBucket.BucketArn()),
		cdn:    s.logicalID(s.h.consoleCDN.DistributionId()),
		client: s.logicalID(s.h.userPoolApp.UserPoolClientId()),
		pool:   s.logicalID(s.h.userPool.UserPoolId()),
		api:    s.logicalID(s.h.api.ApiId()),
	}
}

// distributionURL is the template's value for https://<distribution domain><path>.
func distributionURL(cdn, path string) obj {
	parts := []any{"https://", getAtt(cdn, "DomainName")}
	if path != "" {
		parts = append(parts, path)
	}
	return obj{"Fn::Join": []any{"", parts}}
}

func TestConsoleBucketIsPrivateAndReadOnlyByTheDistribution(t *testing.T) {
	s := synth(t)
	ids := s.consoleIDs()
	p := props(s.resource(t, ids.bucket))
	assertJSONEqual(t, "public access block", p["PublicAccessBlockConfiguration"], obj{
		"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
	})
	assertJSONEqual(t, "encryption", p["BucketEncryption"], obj{
		"ServerSideEncryptionConfiguration": []any{obj{"ServerSideEncryptionByDefault": obj{"SSEAlgorithm": "AES256"}}},
	})
	if p["WebsiteConfiguration"] != nil {
		t.Error("the console bucket is a website: CloudFront must read it through OAC, not the website endpoint")
	}
	var policy map[string]any
	for _, r := range s.resources("AWS::S3::BucketPolicy") {
		if ids := refs(props(r)["Bucket"]); len(ids) == 1 && ids[0] == s.consoleIDs().bucket {
			policy = props(r)["PolicyDocument"].(map[string]any)
		}
	}
	if policy == nil {
		t.Fatal("the console bucket has no bucket policy")
	}
	var sts []struct {
		Effect    string
		Action    any
		Principal any
		Condition map[string]map[string]any
	}
	remarshal(policy["Statement"], &sts)
	var denyHTTP, cloudfrontOnly bool
	for _, st := range sts {
		switch st.Effect {
		case "Deny":
			denyHTTP = denyHTTP || st.Condition["Bool"]["aws:SecureTransport"] == "false"
		case "Allow":
			// The only reader: CloudFront's service principal, for this distribution (OAC), objects only.
			assertJSONEqual(t, "allowed principal", st.Principal, obj{"Service": "cloudfront.amazonaws.com"})
			assertJSONEqual(t, "allowed actions", st.Action, "s3:GetObject")
			if ids := refs(st.Condition["StringEquals"]["AWS:SourceArn"]); !slices.Contains(ids, s.consoleIDs().cdn) {
				t.Errorf("read access is not limited to the console distribution: %v", st.Condition)
			}
			cloudfrontOnly = true
		}
	}
	if !denyHTTP {
		t.Error("the console bucket does not deny plain HTTP")
	}
	if !cloudfrontOnly {
		t.Error("the console bucket policy lets CloudFront read nothing")
	}
}

func TestConsoleDistribution(t *testing.T) {
	s := synth(t)
	ids := s.consoleIDs()
	cfg := props(s.resource(t, ids.cdn))["DistributionConfig"].(map[string]any)
	if cfg["DefaultRootObject"] != "index.html" {
		t.Errorf("default root object %v", cfg["DefaultRootObject"])
	}
	assertJSONEqual(t, "SPA fallback: a deep link is the app shell with 200", cfg["CustomErrorResponses"], []any{
		obj{"ErrorCachingMinTTL": 0, "ErrorCode": 403, "ResponseCode": 200, "ResponsePagePath": "/index.html"},
		obj{"ErrorCachingMinTTL": 0, "ErrorCode": 404, "ResponseCode": 200, "ResponsePagePath": "/index.html"},
	})
	behavior := cfg["DefaultCacheBehavior"].(map[string]any)
	if behavior["ViewerProtocolPolicy"] != "redirect-to-https" {
		t.Errorf("viewer protocol policy %v: want HTTPS only", behavior["ViewerProtocolPolicy"])
	}
	assertJSONEqual(t, "methods", behavior["AllowedMethods"], []any{"GET", "HEAD"})
	headersID := refs(behavior["ResponseHeadersPolicyId"])
	if len(headersID) != 1 || s.resource(t, headersID[0])["Type"] != "AWS::CloudFront::ResponseHeadersPolicy" {
		t.Fatalf("no response headers policy on the default behavior: %v", behavior["ResponseHeadersPolicyId"])
	}

	origins := cfg["Origins"].([]any)
	if len(origins) != 1 {
		t.Fatalf("%d origins, want the console bucket only", len(origins))
	}
	origin := origins[0].(map[string]any)
	assertJSONEqual(t, "origin", origin["DomainName"], getAtt(ids.bucket, "RegionalDomainName"))
	if oai := origin["S3OriginConfig"].(map[string]any)["OriginAccessIdentity"]; oai != "" {
		t.Errorf("origin uses the legacy origin access identity %v", oai)
	}
	oac := refs(origin["OriginAccessControlId"])
	if len(oac) != 1 {
		t.Fatalf("origin has no origin access control: %v", origin)
	}
	assertJSONEqual(t, "origin access control", props(s.resource(t, oac[0]))["OriginAccessControlConfig"].(map[string]any)["SigningBehavior"], "always")
}

func TestConsoleSecurityHeaders(t *testing.T) {
	s := synth(t)
	policies := s.resources("AWS::CloudFront::ResponseHeadersPolicy")
	if len(policies) != 1 {
		t.Fatalf("%d response headers policies, want 1", len(policies))
	}
	var h struct {
		ResponseHeadersPolicyConfig struct {
			SecurityHeadersConfig struct {
				ContentSecurityPolicy   struct{ ContentSecurityPolicy string }
				ContentTypeOptions      struct{ Override bool }
				FrameOptions            struct{ FrameOption string }
				ReferrerPolicy          struct{ ReferrerPolicy string }
				StrictTransportSecurity struct {
					AccessControlMaxAgeSec float64
					IncludeSubdomains      bool
				}
			}
		}
	}
	for _, r := range policies {
		remarshal(props(r), &h)
	}
	sec := h.ResponseHeadersPolicyConfig.SecurityHeadersConfig
	if sec.StrictTransportSecurity.AccessControlMaxAgeSec < 180*24*3600 || !sec.StrictTransportSecurity.IncludeSubdomains {
		t.Errorf("HSTS %+v: want at least half a year, subdomains included", sec.StrictTransportSecurity)
	}
	if sec.FrameOptions.FrameOption != "DENY" || !sec.ContentTypeOptions.Override || sec.ReferrerPolicy.ReferrerPolicy != "no-referrer" {
		t.Errorf("frame, content type or referrer header missing: %+v", sec)
	}
	csp := map[string]string{}
	for _, d := range strings.Split(sec.ContentSecurityPolicy.ContentSecurityPolicy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		csp[name] = value
	}
	want := map[string]string{
		"default-src":     "'self'",
		"script-src":      "'self'",
		"object-src":      "'none'",
		"frame-ancestors": "'none'",
		"connect-src":     "'self' https://hearth-test-123456789012.auth.eu-west-1.amazoncognito.com https://*.execute-api.eu-west-1.amazonaws.com",
	}
	for name, value := range want {
		if csp[name] != value {
			t.Errorf("CSP %s = %q, want %q (policy: %s)", name, csp[name], value, sec.ContentSecurityPolicy.ContentSecurityPolicy)
		}
	}
}

func TestConsoleAppClientSignsInWithCodeAndPKCEOnly(t *testing.T) {
	s := synth(t)
	ids := s.consoleIDs()
	p := props(s.resource(t, ids.client))
	assertJSONEqual(t, "OAuth flows: authorization code only (no implicit, no client credentials)", p["AllowedOAuthFlows"], []any{"code"})
	if p["AllowedOAuthFlowsUserPoolClient"] != true {
		t.Error("the client may not use the hosted login")
	}
	if p["GenerateSecret"] != false {
		t.Errorf("GenerateSecret %v: a browser app is a public client, PKCE instead of a secret", p["GenerateSecret"])
	}
	assertJSONEqual(t, "scopes", p["AllowedOAuthScopes"], []any{"openid", "email", "profile"})
	assertJSONEqual(t, "callback URL is the distribution", p["CallbackURLs"], []any{distributionURL(ids.cdn, "/callback")})
	assertJSONEqual(t, "logout URL is the distribution", p["LogoutURLs"], []any{distributionURL(ids.cdn, "/")})
	assertJSONEqual(t, "identity providers", p["SupportedIdentityProviders"], []any{"COGNITO"})
	assertJSONEqual(t, "explicit auth flows", p["ExplicitAuthFlows"], []any{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"})
	if p["EnableTokenRevocation"] != true {
		t.Error("refresh tokens cannot be revoked at sign-out")
	}
	if p["IdTokenValidity"] != float64(60) || p["RefreshTokenValidity"] != float64(720) {
		t.Errorf("token validity: ID %v min, refresh %v min; want 60 and 720", p["IdTokenValidity"], p["RefreshTokenValidity"])
	}

	check(t, "hosted login domain of the stage and account", func() {
		s.template.HasResourceProperties(jsii.String("AWS::Cognito::UserPoolDomain"), like(obj{
			"Domain": "hearth-test-123456789012", "UserPoolId": ref(ids.pool),
		}))
	})
	check(t, "the authorizer's audience is the console's client", func() {
		s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Authorizer"), like(obj{
			"JwtConfiguration": like(obj{"Audience": []any{ref(ids.client)}}),
		}))
	})
}

func TestRoleGroupsParseAsGrants(t *testing.T) {
	s := synth(t)
	var names []string
	for _, r := range s.resources("AWS::Cognito::UserPoolGroup") {
		name := props(r)["GroupName"].(string)
		if _, err := access.ParseGrant(name); err != nil {
			t.Errorf("group %s is no grant the API understands: %v", name, err)
		}
		names = append(names, name)
	}
	for _, role := range access.Roles() {
		if !slices.Contains(names, role+"/group") {
			t.Errorf("no group %s/group", role)
		}
	}
}

func TestAPIAnswersTheConsoleOrigin(t *testing.T) {
	s := synth(t)
	ids := s.consoleIDs()
	var cors struct{ AllowOrigins, AllowHeaders []any }
	remarshal(props(s.resource(t, ids.api))["CorsConfiguration"], &cors)
	assertJSONEqual(t, "CORS origins", cors.AllowOrigins, []any{distributionURL(ids.cdn, "")})
	assertJSONEqual(t, "CORS headers", cors.AllowHeaders, []any{"Authorization", "Content-Type"})
	check(t, "preflights are not behind the authorizer", func() {
		s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), like(obj{
			"RouteKey": "OPTIONS /{proxy+}", "AuthorizationType": "NONE", "AuthorizerId": absent(),
		}))
	})
}

func TestConsoleDeployment(t *testing.T) {
	s := synth(t)
	ids := s.consoleIDs()
	deployments := s.resources("Custom::CDKBucketDeployment")
	if len(deployments) != 2 {
		t.Fatalf("%d bucket deployments, want 2 (assets, then index.html and config.json)", len(deployments))
	}
	var shell map[string]any
	for id, r := range deployments {
		p := props(r)
		assertJSONEqual(t, id+" destination", p["DestinationBucketName"], ref(ids.bucket))
		if p["Prune"] != false {
			t.Errorf("%s prunes: it would delete the other deployment's files and chunks open pages still load", id)
		}
		if p["DistributionId"] != nil {
			shell = p
		}
	}
	if shell == nil {
		t.Fatal("no deployment invalidates the distribution")
	}
	assertJSONEqual(t, "shell files", shell["Include"], []any{"index.html", "config.json"})
	assertJSONEqual(t, "invalidated paths", shell["DistributionPaths"], []any{"/index.html", "/config.json"})
	assertJSONEqual(t, "shell caching", shell["SystemMetadata"], obj{"cache-control": "no-cache"})

	// config.json: what the console needs to sign in and call the API, filled in at deploy time.
	raw, _ := json.Marshal(shell["SourceMarkers"])
	for _, id := range []string{ids.api, ids.client, ids.pool, ids.cdn} {
		if !strings.Contains(string(raw), `"`+id+`"`) {
			t.Errorf("config.json does not name %s: %s", id, raw)
		}
	}
	cfg := s.h.consoleConfig()
	cognito := cfg["cognito"].(map[string]any)
	if cfg["auth"] != "cognito" || cognito["domain"] != "https://hearth-test-123456789012.auth.eu-west-1.amazoncognito.com" {
		t.Errorf("config.json: %v", cfg)
	}

	// The deployment's handler runs as its own role (no managed policies, see TestNoWildcardActionsOrManagedFullAccess).
	roleID := s.logicalID(s.h.consoleDeployRole.RoleArn())
	n := 0
	for _, r := range s.resources("AWS::Lambda::Function") {
		if ids := refs(props(r)["Role"]); len(ids) == 1 && ids[0] == roleID {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d functions run as the console deployment role, want its one handler", n)
	}
	check(t, "output: the console URL", func() {
		s.template.HasOutput(jsii.String("ConsoleUrl"), like(obj{"Value": distributionURL(ids.cdn, "")}))
	})
}

// TestConsoleOrigins needs no synthesis: a developer stage adds npm run dev's origin, others do not.
func TestConsoleOrigins(t *testing.T) {
	t.Parallel()
	h := &hearth{consoleURL: "https://d1.cloudfront.net"}
	if got := h.consoleOrigins(); !slices.Equal(got, []string{"https://d1.cloudfront.net"}) {
		t.Errorf("origins %v", got)
	}
	h.props.LocalhostLogin = true
	if got := h.consoleOrigins(); !slices.Equal(got, []string{"https://d1.cloudfront.net", "http://localhost:5173"}) {
		t.Errorf("origins with LocalhostLogin %v", got)
	}
}
