package api_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/api"
)

// The routes the API serves without a login must be exactly those API Gateway lets through without the JWT
// authorizer: a mismatch either locks guests out of unsubscribe links or exposes a route.
func TestPublicRoutesMatchTheTopology(t *testing.T) {
	t.Parallel()
	var served []string
	for _, r := range api.Routes() {
		if r.Public {
			served = append(served, r.Method+" "+r.Path)
		}
	}
	declared := append([]string{}, topology.Hearth().API.PublicRoutes...)
	sort.Strings(served)
	sort.Strings(declared)
	if strings.Join(served, ",") != strings.Join(declared, ",") {
		t.Fatalf("public routes served %v, declared to API Gateway %v", served, declared)
	}
}
