package ingest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// countries_gen.go must be what the generator writes from the x/text in go.mod.
func TestCountryTablesAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator")
	}
	out := filepath.Join(t.TempDir(), "countries_gen.go")
	cmd := exec.Command("go", "run", "./internal/gencountries", "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, b)
	}
	want, _ := os.ReadFile(out)
	got, _ := os.ReadFile("countries_gen.go")
	if !bytes.Equal(got, want) {
		t.Fatal("countries_gen.go is stale: run go generate ./shared/ingest")
	}
}

func TestNormaliseCountryTables(t *testing.T) {
	for in, want := range map[string]string{
		"pt": "PT", "PRT": "PT", "620": "PT", "UK": "GB", "826": "GB", "Bosnia & Herzegovina": "BA",
		"bosnia and herzegovina": "BA", "United States": "US", "USA": "US", "Côte d’Ivoire": "CI", "Ivory Coast": "CI",
	} {
		if got, ok := NormaliseCountry(in); !ok || got != want {
			t.Errorf("NormaliseCountry(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"EU", "419", "ZZ", "Atlantis", "001"} {
		if got, ok := NormaliseCountry(in); ok {
			t.Errorf("NormaliseCountry(%q) = %q, want refused", in, got)
		}
	}
}
