// Command hearth is Hearth's command line: run the whole stack locally and operate it.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `hearth: guest CRM and loyalty for hotel groups

Usage:
  hearth dev [flags]     run the whole stack in one process with demo data (hearth dev --help)
  hearth dedupe [flags]  find duplicate guests in a CSV file (hearth dedupe --help)
  hearth import FILE     send a CSV of stays, guests or POS checks to a source's import endpoint (hearth import --help)
  hearth replay [flags]  re-deliver a source's archived messages for a date range (hearth replay --help)
  hearth check [flags]   verify every ledger account against its entries and lots (hearth check --help)
  hearth help            show this help
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hearth:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "dev":
		return dev(ctx, args[1:], stdout, stderr)
	case "replay":
		return replayCmd(ctx, args[1:], stdout, stderr)
	case "import":
		return importCmd(ctx, args[1:], stdout, stderr)
	case "check":
		return checkCmd(ctx, args[1:], stdout, stderr)
	case "dedupe":
		return dedupe(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
