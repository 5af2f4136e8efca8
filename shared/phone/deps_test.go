package phone

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoPhonenumbersDependency keeps the package free of phonenumbers and protobuf, which are why it exists: protobuf
// disables the linker's dead-method elimination. Only the tests and the generator may import them.
func TestNoPhonenumbersDependency(t *testing.T) {
	out, err := exec.Command(goTool(t), "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/nyaruka/phonenumbers", "google.golang.org/protobuf"} {
			if dep == banned || strings.HasPrefix(dep, banned+"/") {
				t.Errorf("package phone depends on %s", dep)
			}
		}
	}
}
