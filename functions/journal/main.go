// Command journal keeps every domain event (SQS consumer with partial batch failures).
package main

import (
	"github.com/hearthcrm/hearth/shared/app"
)

func main() { app.ServeQueue(app.NoAdapters, (*app.App).JournalHandler) }
