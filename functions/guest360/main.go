// Command guest360 keeps each guest's stays and checks across properties (SQS consumer, partial batch failures).
package main

import (
	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/consumer"
)

func main() { app.ServeQueue(func(a *app.App) consumer.Handler { return a.Visit }) }
