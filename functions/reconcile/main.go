// Command reconcile reconciles each hotel's previous business day: PMS folio revenue against the spend Guest 360
// filed and the points loyalty posted, by reservation (SQS consumer with partial batch failures).
package main

import "github.com/hearthcrm/hearth/shared/app"

func main() { app.ServeQueue(app.NoAdapters, (*app.App).ReconcileHandler) }
