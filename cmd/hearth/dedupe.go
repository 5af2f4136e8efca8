package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/hearthcrm/hearth/shared/identity"
)

// progressFrom is the input size from which hearth dedupe reports progress on stderr (unless -q).
const progressFrom = 10_000

func dedupe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("hearth dedupe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := identity.DefaultConfig()
	in := fs.String("in", "", "input CSV with a header and an id column (- for stdin)")
	out := fs.String("out", "", "output CSV id,guest_id, one row per input row (- for stdout)")
	rules := fs.String("rules", "probabilistic", "rule set: probabilistic or pms")
	review := fs.String("review", "", "also write the pairs to review to this CSV")
	region := fs.String("region", def.Region, "ISO 3166 region of national phone numbers")
	switchboards := fs.String("switchboards", "", "comma-separated hotel switchboard numbers to ignore on guest records")
	upper := fs.Float64("upper", def.Upper, "auto-merge threshold, bits of log2 odds (probabilistic)")
	lower := fs.Float64("lower", def.Lower, "review threshold, bits of log2 odds (probabilistic)")
	maxBlock := fs.Int("max-block", def.MaxBlock, "ignore blocking keys shared by more records than this")
	quiet := fs.Bool("q", false, "no progress on stderr")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: hearth dedupe --in FILE.csv --out FILE.csv [flags]

Finds the records that are the same guest. The input has a header row; recognised columns are id (required),
first_name, last_name, email, phone, date_of_birth (YYYYMMDD or ISO), address_1, address_2, city, postcode, state,
country, loyalty_number, card_hash and id_number; other columns are ignored and any value may be empty. The output
has the header id,guest_id and one row per input row; guest_id is the id of the guest's first record in the file.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *in == "" || *out == "" {
		fs.Usage()
		return errors.New("dedupe needs --in and --out")
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("dedupe: unexpected argument %q", fs.Arg(0))
	}
	cfg := def
	var err error
	if cfg.Rules, err = identity.ParseRules(*rules); err != nil {
		return err
	}
	if !identity.KnownRegion(*region) {
		return fmt.Errorf("unknown phone region %q", *region)
	}
	cfg.Region, cfg.Upper, cfg.Lower, cfg.MaxBlock = strings.ToUpper(*region), *upper, *lower, *maxBlock
	for _, s := range strings.Split(*switchboards, ",") {
		if s = strings.TrimSpace(s); s != "" {
			cfg.Switchboards = append(cfg.Switchboards, s)
		}
	}

	start := time.Now()
	records, err := readRecords(*in)
	if err != nil {
		return err
	}
	if !*quiet && len(records) >= progressFrom {
		cfg.Progress = progressPrinter(stderr)
		fmt.Fprintf(stderr, "dedupe: read %d records in %s\n", len(records), time.Since(start).Round(time.Millisecond))
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	res, err := identity.Dedupe(records, cfg)
	if err != nil {
		return fmt.Errorf("dedupe %s: %w", *in, err)
	}
	if err := writeFile(*out, stdout, func(w io.Writer) error { return identity.WriteGuestIDs(w, records, res) }); err != nil {
		return err
	}
	if *review != "" {
		if err := writeFile(*review, stdout, func(w io.Writer) error { return identity.WriteReviews(w, res.Reviews) }); err != nil {
			return err
		}
	}
	if !*quiet {
		st := res.Stats
		fmt.Fprintf(stderr, "dedupe: %d records → %d guests, %d pairs to review (%d candidate pairs, %d keys too common to use) in %s\n",
			st.Records, st.Guests, len(res.Reviews), st.Candidates, st.DroppedBlocks, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// readRecords reads the input file (or stdin for "-"), naming the file in errors.
func readRecords(path string) ([]identity.Record, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	records, err := identity.ReadRecords(bufio.NewReaderSize(r, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return records, nil
}

// writeFile writes through write to path (or stdout for "-"), reporting the close error.
func writeFile(path string, stdout io.Writer, write func(io.Writer) error) (err error) {
	w := stdout
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("write %s: %w", path, cerr)
			}
		}()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := write(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// progressPrinter prints a line per stage and at most one a second within a stage.
func progressPrinter(w io.Writer) func(identity.Progress) {
	var stage string
	var last time.Time
	return func(p identity.Progress) {
		now := time.Now()
		if p.Stage == stage && p.Done < p.Total && now.Sub(last) < time.Second {
			return
		}
		stage, last = p.Stage, now
		pct := 100
		if p.Total > 0 {
			pct = p.Done * 100 / p.Total
		}
		fmt.Fprintf(w, "dedupe: %-9s %3d%% (%d/%d)\n", p.Stage, pct, p.Done, p.Total)
	}
}
