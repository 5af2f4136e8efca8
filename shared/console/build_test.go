package console_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hearthcrm/hearth/shared/console"
)

func write(t *testing.T, p, body string, at time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, at, at); err != nil {
		t.Fatal(err)
	}
}

func TestStaleWhenDistIsMissingOrOlderThanASource(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	then := time.Now().Add(-time.Hour)
	write(t, filepath.Join(dir, "package.json"), "{}", then)
	write(t, filepath.Join(dir, "src", "main.tsx"), "", then)
	if stale, reason, err := console.Stale(dir); err != nil || !stale || !strings.Contains(reason, "missing") {
		t.Fatalf("no dist: stale %v %q %v", stale, reason, err)
	}
	write(t, filepath.Join(dir, "dist", "index.html"), "", then.Add(time.Minute))
	write(t, filepath.Join(dir, "node_modules", "x", "index.js"), "", time.Now()) // outputs never make it stale
	if err := os.Chtimes(filepath.Join(dir, "src"), then, then); err != nil {
		t.Fatal(err)
	}
	if stale, reason, err := console.Stale(dir); err != nil || stale {
		t.Fatalf("fresh dist: stale %v %q %v", stale, reason, err)
	}
	write(t, filepath.Join(dir, "src", "old.tsx"), "", then)
	if err := os.Remove(filepath.Join(dir, "src", "old.tsx")); err != nil { // a deleted source
		t.Fatal(err)
	}
	if stale, reason, err := console.Stale(dir); err != nil || !stale || reason != "src changed since the last build" {
		t.Fatalf("deleted source: stale %v %q %v", stale, reason, err)
	}
	if err := os.Chtimes(filepath.Join(dir, "src"), then, then); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "src", "main.tsx"), "changed", time.Now())
	if stale, reason, err := console.Stale(dir); err != nil || !stale || !strings.Contains(reason, filepath.Join("src", "main.tsx")) {
		t.Fatalf("edited source: stale %v %q %v", stale, reason, err)
	}
}

func TestBuildExplainsAMissingNPM(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "package.json"), "{}", time.Now())
	t.Setenv("PATH", t.TempDir()) // no npm here
	err := console.Build(context.Background(), dir, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "npm is not on the PATH") || !strings.Contains(err.Error(), "--no-console") {
		t.Fatalf("Build without npm = %v", err)
	}
	if err := console.Build(context.Background(), t.TempDir(), io.Discard); !errors.Is(err, console.ErrNoSources) {
		t.Fatalf("Build without sources = %v", err)
	}
}
