package devstack

import (
	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/app/webhooks"
	"github.com/hearthcrm/hearth/shared/consumer"
	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/local"
)

// runtimeHandlers returns every function's entry point by topology name, as each Lambda main builds it.
func runtimeHandlers(a *app.App, ingest intake.Queue, uploads webhooks.Uploads) (local.Handlers, error) {
	consumers := map[string]func() (consumer.Handler, error){
		topology.FunctionJournal: a.JournalHandler, topology.FunctionPrivacy: a.PrivacyHandler,
		topology.FunctionMatch: a.MatchHandler, topology.FunctionLoyalty: a.LoyaltyHandler,
		topology.FunctionGuest360: a.Guest360Handler, topology.FunctionReconcile: a.ReconcileHandler,
	}
	h := local.Handlers{Consumers: map[string]consumer.Handler{}, Tasks: map[string]local.TaskHandler{topology.FunctionApprovals: a.ApprovalTask}}
	importStep, err := webhooks.ImportStep(a, ingest, uploads)
	if err != nil {
		return local.Handlers{}, err
	}
	h.Functions = map[string]local.InvokeHandler{topology.FunctionImport: importStep}
	for name, build := range consumers {
		c, err := build()
		if err != nil {
			return local.Handlers{}, err
		}
		h.Consumers[name] = c
	}
	return h, nil
}
