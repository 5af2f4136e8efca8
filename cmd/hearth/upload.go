package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/hearthcrm/hearth/shared/intake"
)

// uploadAbove is the file size above which hearth import uploads the file whole instead of sending chunks.
const uploadAbove = 8 << 20

// pollEvery is how often an upload's status is asked for.
var pollEvery = time.Second

type uploadArgs struct {
	base, source, kind, secret string
	quiet                      bool
}

// uploadFile asks for an upload URL, PUTs the file with a byte progress bar, follows the import with a row
// progress bar, and prints the summary with every rejected line. A failed upload is an error.
func uploadFile(ctx context.Context, a uploadArgs, file io.Reader, size int64, stdout, stderr io.Writer) error {
	var ticket intake.UploadTicket
	if err := signedJSON(ctx, a, http.MethodPost, fmt.Sprintf("/ingest/%s/%s/uploads", a.source, a.kind), http.StatusCreated, &ticket); err != nil {
		return fmt.Errorf("request an upload URL: %w", err)
	}
	bar := newBar(a.quiet, size, "uploading", true, stderr)
	req, err := http.NewRequestWithContext(ctx, ticket.Method, ticket.URL, io.TeeReader(file, bar))
	if err != nil {
		return err
	}
	req.ContentLength = size // S3 refuses a presigned PUT without a length
	for k, v := range ticket.Headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("upload: %s: %s", resp.Status, bytes.TrimSpace(raw))
	}
	_ = bar.Finish()
	fmt.Fprintf(stderr, "\nuploaded; upload %s is being imported\n", ticket.UploadID)

	path := fmt.Sprintf("/ingest/%s/uploads/%s", a.source, url.PathEscape(ticket.UploadID))
	var st intake.UploadStatus
	rows := newBar(a.quiet, -1, "importing", false, stderr)
	for {
		if err := signedJSON(ctx, a, http.MethodGet, path, http.StatusOK, &st); err != nil {
			return fmt.Errorf("upload %s: %w", ticket.UploadID, err)
		}
		if st.TotalRows > 0 {
			rows.ChangeMax(st.TotalRows)
		}
		_ = rows.Set(st.Rows)
		if st.State == "done" || st.State == "failed" {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pollEvery):
		}
	}
	_ = rows.Finish()
	if st.State == "failed" {
		return fmt.Errorf("upload %s failed: %s", ticket.UploadID, st.Error)
	}
	fmt.Fprintf(stdout, "\n%d rows: %d accepted, %d rejected, %d with warnings (upload %s)\n", st.Rows, st.Accepted, st.Rejected, st.Warnings, ticket.UploadID)
	for {
		for _, r := range st.Rejects {
			fmt.Fprintf(stdout, "  line %d: %s\n", r.Line, r.Errors.Error())
		}
		if st.NextCursor == nil {
			return nil
		}
		next := path + "?limit=1000&cursor=" + url.QueryEscape(*st.NextCursor)
		st = intake.UploadStatus{}
		if err := signedJSON(ctx, a, http.MethodGet, next, http.StatusOK, &st); err != nil {
			return fmt.Errorf("rejected rows of upload %s: %w", ticket.UploadID, err)
		}
	}
}

// signedJSON sends a signed request with no body (a POST signs its empty body, a GET its path and query) and
// decodes the answer, retrying a few times when Hearth asks to.
func signedJSON(ctx context.Context, a uploadArgs, method, path string, want int, out any) error {
	for attempt := 0; ; attempt++ {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		signed := []byte(nil)
		if method == http.MethodGet {
			signed = []byte(path)
		}
		req, err := http.NewRequestWithContext(ctx, method, a.base+path, nil)
		if err != nil {
			return err
		}
		req.Header.Set("X-Hearth-Timestamp", ts)
		req.Header.Set("X-Hearth-Signature", "v1="+hex.EncodeToString(intake.Sign([]byte(a.secret), ts, signed)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case resp.StatusCode == want:
			return json.Unmarshal(raw, out)
		case (resp.StatusCode >= 500 || resp.StatusCode == http.StatusConflict) && attempt < 3:
			time.Sleep(time.Duration(attempt+1) * time.Second) // a new second signs anew
			continue
		}
		return errors.New(resp.Status + ": " + string(bytes.TrimSpace(raw)))
	}
}

// newBar is a progress bar on stderr, or a silent one.
func newBar(quiet bool, max int64, what string, bytes bool, w io.Writer) *progressbar.ProgressBar {
	opts := []progressbar.Option{progressbar.OptionSetDescription(what), progressbar.OptionSetWriter(w), progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionShowCount(), progressbar.OptionSetVisibility(!quiet)}
	if bytes {
		opts = append(opts, progressbar.OptionShowBytes(true))
	}
	return progressbar.NewOptions64(max, opts...)
}
