package blob_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
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

func TestDirRewriteAndErase(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	d := blob.Dir{Root: root}
	ctx := context.Background()
	if err := d.Put(ctx, "archive", "raw/a.csv", []byte("ana,1\nbea,2\n"), "text/csv"); err != nil {
		t.Fatal(err)
	}
	drop := func(b []byte) ([]byte, error) { return []byte(strings.ReplaceAll(string(b), "bea", "[erased]")), nil }
	for i := 0; i < 2; i++ { // a repeated rewrite finds nothing more to do
		if err := d.Rewrite(ctx, "archive", "raw/a.csv", drop); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(root, "archive", "raw", "a.csv")); string(got) != "ana,1\n[erased],2\n" {
		t.Fatalf("rewritten = %q", got)
	}
	if err := d.Rewrite(ctx, "archive", "raw/absent.csv", drop); err != nil {
		t.Fatalf("rewriting an absent object: %v", err)
	}
	for i := 0; i < 2; i++ { // erasing again is not an error
		if err := d.Erase(ctx, "archive", "raw/a.csv"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "archive", "raw", "a.csv")); !os.IsNotExist(err) {
		t.Fatalf("erased object still there: %v", err)
	}
	if err := d.Erase(ctx, "archive", "../exports/x"); err == nil {
		t.Fatal("a key climbing out of its bucket was erased")
	}
}
