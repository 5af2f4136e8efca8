package stack

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/jsii-runtime-go"
)

// pascal turns a topology name ("daily-rollup", "api") into a construct id fragment ("DailyRollup", "Api").
func pascal(name string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// strs converts Go strings to the []*string jsii wants.
func strs(ss ...string) *[]*string {
	out := make([]*string, len(ss))
	for i, s := range ss {
		out[i] = jsii.String(s)
	}
	return &out
}

// parseRoute splits a route key such as "GET /healthz".
func parseRoute(route string) (awsapigatewayv2.HttpMethod, string, error) {
	method, path, ok := strings.Cut(route, " ")
	if !ok || !strings.HasPrefix(path, "/") {
		return "", "", fmt.Errorf("route %q: want \"METHOD /path\"", route)
	}
	switch m := awsapigatewayv2.HttpMethod(strings.ToUpper(method)); m {
	case awsapigatewayv2.HttpMethod_ANY, awsapigatewayv2.HttpMethod_GET, awsapigatewayv2.HttpMethod_POST,
		awsapigatewayv2.HttpMethod_PUT, awsapigatewayv2.HttpMethod_PATCH, awsapigatewayv2.HttpMethod_DELETE,
		awsapigatewayv2.HttpMethod_HEAD, awsapigatewayv2.HttpMethod_OPTIONS:
		return m, path, nil
	}
	return "", "", fmt.Errorf("route %q: unknown method %q", route, method)
}
