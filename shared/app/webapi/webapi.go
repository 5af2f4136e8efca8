// Package webapi is the api function's entry point: the console and partner HTTP API over the application.
package webapi

import (
	"net/http"

	"github.com/hearthcrm/hearth/shared/api"
	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/auth"
	"github.com/hearthcrm/hearth/shared/store"
	"github.com/hearthcrm/hearth/shared/store/sourcestore"
)

// Handler returns the API; identify authenticates callers and ops is nil outside the local runtime.
func Handler(a *app.App, identify func(*http.Request) (auth.Actor, error), ops api.Operations) (http.Handler, error) {
	d := a.Deps()
	if err := a.Need("api", map[string]bool{"bus": d.Bus != nil, "workflow": d.Workflows != nil, "blob": d.Blobs != nil}); err != nil {
		return nil, err
	}
	matcher, err := a.Matcher()
	if err != nil {
		return nil, err
	}
	rw, err := a.Rewards()
	if err != nil {
		return nil, err
	}
	rec, err := a.Reconciler()
	if err != nil {
		return nil, err
	}
	certs, err := a.Certificates()
	if err != nil {
		return nil, err
	}
	return api.New(api.Deps{
		GroupID: a.Config().GroupID, Retention: a.Retention(), Sources: sourcestore.New(d.DB), Health: a.Health(),
		Visits: a.Visits(), Matcher: matcher, ReviewStore: store.NewMatchStore(d.DB), Preferences: store.NewPreferenceStore(d.DB), Dashboards: store.NewDashboardStore(d.DB), Rewards: rw, Ledger: a.Ledger(), Hierarchy: a.Hierarchy(),
		Journal: a.JournalStore(), Approvals: a.Approvals(), Audit: a.Audit(), Consent: a.Consent(), Profiles: a.Profiles(),
		Eraser: a.Eraser(), Reconcile: rec, Dossier: a.Dossier, Search: store.NewSearchStore(d.DB), Accounts: a.Accounts(), GiftCards: a.GiftCards(), Certificates: certs, Bus: d.Bus, Blobs: d.Blobs, Ops: ops, Identify: identify, Log: d.Log, Now: d.Now,
	}), nil
}
