// Package webhooks is the ingest function's entry point: signed PMS/POS webhooks and imports, archived raw and
// queued for matching.
package webhooks

import (
	"errors"
	"net/http"

	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/app"
	"github.com/hearthcrm/hearth/shared/intake"
	"github.com/hearthcrm/hearth/shared/store/sourcestore"
	"github.com/hearthcrm/hearth/shared/store/uploadstore"
)

// Uploads are the adapters of the upload path: the uploads bucket (S3, or hearth dev's folder) and what signs its
// upload URLs (S3's presigner, or hearth dev's own). The import function presigns nothing.
type Uploads struct {
	Objects   intake.Objects
	Presigner intake.Presigner
	// ChunkBytes overrides the size of an upload's chunks (tests cut small files into many).
	ChunkBytes int64
}

// Service builds the intake service over the FIFO queue to the match function; it needs the blob store (raw
// archive). The queue is not one of app.Deps so that no other function links the ingest parsers' types.
func Service(a *app.App, queue intake.Queue, up Uploads) (*intake.Service, error) {
	d := a.Deps()
	if err := a.Need("ingest", map[string]bool{"queue": queue != nil, "blob": d.Blobs != nil, "uploads bucket": up.Objects != nil}); err != nil {
		return nil, err
	}
	sources := sourcestore.New(d.DB)
	return intake.NewService(sources, d.Blobs, queue, sources, a.Config().IdentityKey, topology.BucketArchive, d.Now).
		WithHealth(a.SourceHealth()).
		WithUploads(intake.UploadConfig{
			Store: uploadstore.New(d.DB), Objects: up.Objects, Presigner: up.Presigner, Bucket: topology.BucketUploads, ChunkBytes: up.ChunkBytes,
		}), nil
}

// Handler is the ingest function's HTTP handler.
func Handler(a *app.App, queue intake.Queue, up Uploads) (http.Handler, error) {
	if up.Presigner == nil {
		return nil, errors.New("app: ingest needs the upload URL presigner")
	}
	in, err := Service(a, queue, up)
	if err != nil {
		return nil, err
	}
	return intake.Handler(in, a.Deps().Log), nil
}
