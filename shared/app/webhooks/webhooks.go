// Package webhooks is the ingest function's entry point: signed PMS/POS webhooks and imports, archived raw and
// queued for matching.
package webhooks

import (
	"net/http"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/store/sourcestore"
)

// Service builds the intake service over the FIFO queue to the match function; it needs the blob store (raw
// archive). The queue is not one of app.Deps so that no other function links the ingest parsers' types.
func Service(a *app.App, queue intake.Queue) (*intake.Service, error) {
	d := a.Deps()
	if err := a.Need("ingest", map[string]bool{"queue": queue != nil, "blob": d.Blobs != nil}); err != nil {
		return nil, err
	}
	sources := sourcestore.New(d.DB)
	return intake.NewService(sources, d.Blobs, queue, sources, a.Config().IdentityKey, topology.BucketArchive, d.Now).
		WithHealth(a.SourceHealth()), nil
}

// Handler is the ingest function's HTTP handler.
func Handler(a *app.App, queue intake.Queue) (http.Handler, error) {
	in, err := Service(a, queue)
	if err != nil {
		return nil, err
	}
	return intake.Handler(in, a.Deps().Log), nil
}
