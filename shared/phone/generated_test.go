package phone

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedFileIsCurrent regenerates the metadata and compares it with metadata_gen.go, so that upgrading
// phonenumbers without running go generate fails here.
func TestGeneratedFileIsCurrent(t *testing.T) {
	goTool := goTool(t)
	out := filepath.Join(t.TempDir(), "metadata_gen.go")
	cmd := exec.Command(goTool, "run", "./internal/gen", "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./internal/gen: %v\n%s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("metadata_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("metadata_gen.go is stale: run go generate ./shared/phone")
	}
}

func goTool(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	return path
}
