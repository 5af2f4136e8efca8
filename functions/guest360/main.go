// Command guest360 keeps each guest's stays and checks across properties (SQS consumer, partial batch failures).
package main

import (
	"github.com/hearthcrm/hearth/shared/app"
)

func main() { app.ServeQueue(app.NoAdapters, (*app.App).Guest360Handler) }
