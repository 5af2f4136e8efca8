package console

import "strings"

// ContentSecurityPolicy is the console's Content-Security-Policy, one definition for both places that serve it:
// CloudFront's response headers policy (infra/stack, connect naming the hosted login and the API) and hearth dev
// (connect: nothing more than 'self'), so the browser tests run the app under the policy it gets in AWS. Only the
// app's own scripts and styles, images from itself and data: URLs, no plugins, no framing, forms to itself.
func ContentSecurityPolicy(connect ...string) string {
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src 'self' data:",
		"font-src 'self'",
		strings.Join(append([]string{"connect-src 'self'"}, connect...), " "),
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}
