package console

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// skipped are the folders of dir that are outputs, not sources, when deciding whether the build is stale.
var skipped = map[string]bool{"node_modules": true, "dist": true, "test-artifacts": true}

// Stale reports whether dir/dist needs building: it is missing, or a source (anything under dir but node_modules,
// dist, test artifacts and dot folders) was changed, added or deleted after dist/index.html was written. The
// reason is for people.
func Stale(dir string) (bool, string, error) {
	built, err := os.Stat(filepath.Join(dir, "dist", "index.html"))
	if errors.Is(err, fs.ErrNotExist) {
		return true, "dist/index.html is missing", nil
	}
	if err != nil {
		return false, "", err
	}
	var newer string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p == dir {
			return nil // the root changes as outputs come and go
		}
		if d.IsDir() && (skipped[d.Name()] || d.Name()[0] == '.') {
			return filepath.SkipDir
		}
		// A folder's own time changes when a file in it is added, renamed or deleted.
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.ModTime().After(built.ModTime()) {
			newer, _ = filepath.Rel(dir, p)
			return filepath.SkipAll
		}
		return nil
	})
	if err != nil {
		return false, "", fmt.Errorf("check console sources: %w", err)
	}
	if newer != "" {
		return true, newer + " changed since the last build", nil
	}
	return false, "", nil
}

// ErrNoSources is returned by Build when the folder holds no console sources (no package.json).
var ErrNoSources = errors.New("no console sources")

// needsInstall reports whether npm ci must run: node_modules is missing or older than the lockfile.
func needsInstall(dir string) bool {
	installed, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json"))
	if err != nil {
		return true
	}
	lock, err := os.Stat(filepath.Join(dir, "package-lock.json"))
	return err != nil || lock.ModTime().After(installed.ModTime())
}

// Build brings dir/dist up to date: `npm ci` when the dependencies are missing or out of date, then
// `npm run build` when the build is stale. It reports progress and npm's own output to out, and does nothing
// when the build is current. It fails with ErrNoSources when dir holds no package.json, and with a message
// saying what to install when npm is not on the PATH.
func Build(ctx context.Context, dir string, out io.Writer) error {
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return fmt.Errorf("%w in %s: %v", ErrNoSources, dir, err)
	}
	stale, reason, err := Stale(dir)
	if err != nil || !stale {
		return err
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("the console needs building (%s) but npm is not on the PATH: install Node.js with npm "+
			"(see the README), or run hearth dev --no-console to serve the API only", reason)
	}
	fmt.Fprintf(out, "console: building %s (%s)\n", dir, reason)
	steps := [][]string{{"run", "build"}}
	if needsInstall(dir) {
		steps = append([][]string{{"ci", "--no-audit", "--no-fund"}}, steps...)
	}
	for _, args := range steps {
		start := time.Now()
		fmt.Fprintf(out, "console: npm %s ...\n", strings.Join(args, " "))
		cmd := exec.CommandContext(ctx, npm, args...)
		cmd.Dir, cmd.Stdout, cmd.Stderr = dir, out, out
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("console: npm %s in %s failed: %w (its output is above; hearth dev --no-console serves the API only)", args[0], dir, err)
		}
		fmt.Fprintf(out, "console: npm %s done in %s\n", strings.Join(args, " "), time.Since(start).Round(100*time.Millisecond))
	}
	return nil
}
