// Command loyalty awards members points for their stays and checks (SQS consumer with partial batch failures).
package main

import (
	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/consumer"
)

func main() { app.ServeQueue(func(a *app.App) consumer.Handler { return a.Rewards.Handle }) }
