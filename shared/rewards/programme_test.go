package rewards_test

import (
	"testing"

	"github.com/hearthcrm/hearth/shared/loyalty"
	"github.com/hearthcrm/hearth/shared/rewards"
)

func TestDemoProgrammeIsValid(t *testing.T) {
	t.Parallel()
	if _, err := loyalty.NewEngine(rewards.DemoProgramme()); err != nil {
		t.Fatal(err)
	}
}
