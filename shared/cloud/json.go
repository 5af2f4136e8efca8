package cloud

import (
	"encoding/json"

	"github.com/hearthcrm/hearth/events"
)

func envJSON(env events.Envelope) (string, error) {
	b, err := json.Marshal(env)
	return string(b), err
}
