package matching_test

import (
	"testing"

	"github.com/hearthcrm/hearth/shared/matching"
	"github.com/hearthcrm/hearth/shared/matching/matchingtest"
)

func TestMemoryStoreContract(t *testing.T) {
	t.Parallel()
	matchingtest.StoreContract(t, func(*testing.T) matching.Store { return matchingtest.NewMemory() })
}
