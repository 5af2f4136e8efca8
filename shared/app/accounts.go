package app

import (
	"context"
	"errors"

	"github.com/hearthcrm/hearth/shared/accounts"
	"github.com/hearthcrm/hearth/shared/store"
)

// Accounts runs the group's company, agency and household accounts; a household's history is its members' Guest
// 360 stays.
func (a *App) Accounts() *accounts.Service {
	return accounts.NewService(store.NewAccountStore(a.deps.DB), a.Visits(), a.deps.Now)
}

// mergeLinks shows a merged guest's account links under the survivor, as its visits are; a merge undone before it
// got here changes nothing.
func (a *App) mergeLinks(ctx context.Context, survivorID, mergedID, mergeID string) error {
	_, err := store.NewAccountStore(a.deps.DB).Merge(ctx, survivorID, mergedID, mergeID)
	if errors.Is(err, store.ErrMergeUndone) {
		return nil
	}
	return err
}

// unmergeLinks gives a restored guest its account links back.
func (a *App) unmergeLinks(ctx context.Context, survivorID, restoredID string) error {
	_, err := store.NewAccountStore(a.deps.DB).Unmerge(ctx, survivorID, restoredID)
	return err
}
