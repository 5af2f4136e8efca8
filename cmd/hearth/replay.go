package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/shared/intake"
)

// replayCmd re-delivers archived messages of a source and date range to the ingest endpoint, signed anew. The
// archive holds messages as received (card numbers redacted), and ingestion is idempotent, so replaying a day
// that was already processed changes nothing; replaying after a mapping fix reprocesses it.
func replayCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("hearth replay", flag.ContinueOnError)
	fset.SetOutput(stderr)
	archive := fset.String("archive", ".hearth/s3/archive", "the archive bucket's folder (hearth dev), or a local copy of the S3 bucket")
	source := fset.String("source", "", "the source whose messages to replay")
	from := fset.String("from", "", "first day to replay, YYYY-MM-DD (UTC, as archived)")
	until := fset.String("until", "", "last day to replay, YYYY-MM-DD (default: --from)")
	secret := fset.String("secret", os.Getenv("HEARTH_SOURCE_SECRET"), "the source's signing secret (default $HEARTH_SOURCE_SECRET)")
	to := fset.String("to", "http://localhost:8080", "Hearth's base URL")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *source == "" || *from == "" || *secret == "" {
		return errors.New("replay needs --source, --from and --secret (or HEARTH_SOURCE_SECRET)")
	}
	if *until == "" {
		*until = *from
	}
	first, err := time.Parse(time.DateOnly, *from)
	if err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	last, err := time.Parse(time.DateOnly, *until)
	if err != nil || last.Before(first) {
		return fmt.Errorf("--until must be a day on or after --from")
	}
	var files []string
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		dir := filepath.Join(*archive, "raw", *source, d.Format("2006/01/02"))
		err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	sort.Strings(files) // archive names are ULIDs: sorted is received order
	sent, failed := 0, 0
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		path, ok := replayPath(*source, f)
		if !ok {
			continue // CSV import chunks are replayed with hearth import
		}
		status, err := postSigned(ctx, *to+path, *secret, body)
		switch {
		case err != nil:
			return err
		case status >= 300:
			failed++
			fmt.Fprintf(stdout, "  %s: HTTP %d\n", f, status)
		default:
			sent++
		}
	}
	fmt.Fprintf(stdout, "%d archived messages replayed, %d refused\n", sent, failed)
	return nil
}

// replayPath is the ingest route an archived message came through: XML went to /ingest/<source>; JSON names its
// kind in the archive only through its shape, so JSON is replayed as the kind recorded in its file name.
func replayPath(source, file string) (string, bool) {
	base := filepath.Base(file)
	switch {
	case strings.HasSuffix(base, ".xml"):
		return "/ingest/" + source, true
	case strings.HasSuffix(base, ".json"):
		parts := strings.Split(strings.TrimSuffix(base, ".json"), ".")
		if len(parts) == 2 {
			return "/ingest/" + source + "/" + parts[1], true
		}
	}
	return "", false
}

func postSigned(ctx context.Context, url, secret string, body []byte) (int, error) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("X-Hearth-Timestamp", ts)
	req.Header.Set("X-Hearth-Signature", "v1="+hex.EncodeToString(intake.Sign([]byte(secret), ts, body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}
