// Command match resolves each ingested message's guest (SQS FIFO consumer with partial batch failures).
package main

import (
	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/consumer"
)

func main() { app.ServeQueue(func(a *app.App) consumer.Handler { return a.Match }) }
