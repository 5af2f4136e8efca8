package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/hearthcrm/hearth/shared/ingest"
	"github.com/hearthcrm/hearth/shared/intake"
)

// importCmd sends a CSV file to a source, with a progress bar, and reports the rejected rows by their line in the
// file. A small file is streamed in signed chunks of whole rows; a large one (or any, with --upload) is uploaded
// whole to a presigned URL and imported by Hearth's import workflow while the command follows its progress.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hearth import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kind := fs.String("kind", "", "what the rows are: stays, guests, pos (or reservations, checkins)")
	source := fs.String("source", "", "the registered source id the rows come from")
	secret := fs.String("secret", os.Getenv("HEARTH_SOURCE_SECRET"), "the source's signing secret (default $HEARTH_SOURCE_SECRET)")
	to := fs.String("to", "http://localhost:8080", "Hearth's base URL (hearth dev, or the deployed API)")
	rows := fs.Int("chunk", 2000, "rows per signed request")
	quiet := fs.Bool("q", false, "no progress bar")
	uploadFlag := fs.Bool("upload", false, fmt.Sprintf("upload the file whole to a presigned URL and follow the import workflow (default for files over %d MiB)", uploadAbove>>20))
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: hearth import FILE.csv --kind KIND --source ID [flags]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fs.Usage()
		return nil
	}
	path := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if _, err := ingest.ParseKind(*kind); err != nil {
		return err
	}
	if *source == "" || *secret == "" || *rows < 1 {
		return errors.New("import needs --source and --secret (or HEARTH_SOURCE_SECRET), and a positive --chunk")
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, _ := f.Stat()
	upload := info.Size() > uploadAbove
	fs.Visit(func(fl *flag.Flag) {
		if fl.Name == "upload" {
			upload = *uploadFlag
		}
	})
	if upload {
		return uploadFile(ctx, uploadArgs{base: *to, source: *source, kind: *kind, secret: *secret, quiet: *quiet}, f, info.Size(), stdout, stderr)
	}
	bar := progressbar.DefaultBytesSilent(info.Size(), "importing")
	if !*quiet {
		bar = progressbar.DefaultBytes(info.Size(), "importing")
		bar.ChangeMax64(info.Size())
	}
	counted := &countingReader{r: f, bar: bar}
	r := csv.NewReader(counted)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: header: %w", path, err)
	}
	total := ingest.CSVSummary{}
	send := func(buf *bytes.Buffer, first int) error {
		sum, err := postChunk(ctx, *to, *source, *kind, *secret, intake.Chunk{Header: header, FirstLine: first, Rows: buf.Bytes()})
		if err != nil {
			return fmt.Errorf("rows from line %d: %w", first, err)
		}
		total.Rows += sum.Rows
		total.Accepted += sum.Accepted
		total.Rejected += sum.Rejected
		total.Warnings += sum.Warnings
		total.Errors = append(total.Errors, sum.Errors...)
		buf.Reset()
		return nil
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	n, first := 0, 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			total.Rows++
			total.Rejected++
			total.Errors = append(total.Errors, ingest.RowError{Line: line, Errors: ingest.FieldErrors{{Field: "row", Reason: err.Error()}}})
			continue
		}
		if n == 0 {
			first = line
		}
		_ = w.Write(rec)
		n++
		if n == *rows {
			w.Flush()
			if err := send(&buf, first); err != nil {
				return err
			}
			n = 0
		}
	}
	w.Flush()
	if n > 0 {
		if err := send(&buf, first); err != nil {
			return err
		}
	}
	_ = bar.Finish()
	fmt.Fprintf(stdout, "\n%d rows: %d accepted, %d rejected, %d with warnings\n", total.Rows, total.Accepted, total.Rejected, total.Warnings)
	for _, e := range total.Errors {
		fmt.Fprintf(stdout, "  line %d: %s\n", e.Line, e.Errors.Error())
	}
	if total.Rejected > len(total.Errors) {
		fmt.Fprintf(stdout, "  (%d more rejected rows not listed)\n", total.Rejected-len(total.Errors))
	}
	return nil
}

// postChunk signs and sends one chunk.
func postChunk(ctx context.Context, base, source, kind, secret string, c intake.Chunk) (ingest.CSVSummary, error) {
	body := intake.EncodeChunk(c)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	url := fmt.Sprintf("%s/ingest/%s/%s/csv?firstLine=%d", base, source, kind, c.FirstLine)
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return ingest.CSVSummary{}, err
		}
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("X-Hearth-Timestamp", ts)
		req.Header.Set("X-Hearth-Signature", "v1="+hex.EncodeToString(intake.Sign([]byte(secret), ts, body)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return ingest.CSVSummary{}, err
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusAccepted:
			var sum ingest.CSVSummary
			return sum, json.Unmarshal(raw, &sum)
		case resp.StatusCode >= 500 && attempt < 3: // transient: the archive and FIFO dedup make a resend safe
			time.Sleep(time.Duration(attempt+1) * time.Second)
			ts = strconv.FormatInt(time.Now().Unix(), 10)
			continue
		}
		return ingest.CSVSummary{}, fmt.Errorf("%s: %s", resp.Status, bytes.TrimSpace(raw))
	}
}

type countingReader struct {
	r   io.Reader
	bar *progressbar.ProgressBar
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	_ = c.bar.Add(n)
	return n, err
}
