package blob_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hearthcrm/hearth/shared/blob"
)

func TestDirPutAndKeyEscape(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	d := blob.Dir{Root: root}
	ctx := context.Background()
	if err := d.Put(ctx, "exports", "partners/acme/2026-11.csv", []byte("a,b\n"), "text/csv"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, "exports", "partners", "acme", "2026-11.csv"))
	if err != nil || string(got) != "a,b\n" {
		t.Fatalf("object = %q, %v", got, err)
	}
	for _, key := range []string{"../archive/x", "/etc/passwd", ""} {
		if err := d.Put(ctx, "exports", key, nil, ""); err == nil {
			t.Errorf("key %q accepted", key)
		}
	}
}
