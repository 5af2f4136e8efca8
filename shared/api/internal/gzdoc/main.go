// Command gzdoc writes a file gzipped the same way every time (no name, no time, best compression), so the
// compressed OpenAPI document the api function embeds only changes when the document does.
//
//	go run ./internal/gzdoc openapi.json openapi.json.gz
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gzdoc IN OUT")
		os.Exit(2)
	}
	in, err := os.ReadFile(os.Args[1])
	if err == nil {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		if _, err = zw.Write(in); err == nil {
			err = zw.Close()
		}
		if err == nil {
			err = os.WriteFile(os.Args[2], b.Bytes(), 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gzdoc:", err)
		os.Exit(1)
	}
}
