// Command gencorpus writes a synthetic corpus of sub-processor documents and
// their gold files (package corpus/gen), deterministically from a seed, in
// the layout shared/tools/score.py reads: DIR/docs/NAME and DIR/gold/NAME.json.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/subproc/subproc/corpus/gen"
)

const usage = `usage: gencorpus -o DIR [-n N] [-seed S] [-formats LIST] [-languages LIST] [-layouts LIST] [-force]

Writes N synthetic documents (data processing agreements, privacy policies and
sub-processor pages with invented companies) to DIR/docs/ and the gold file of
each, its correct extraction in the gold schema, to DIR/gold/NAME.json. The same
seed and flags give the same bytes, and the first documents of a run do not
depend on N. Languages, formats and layouts cycle: every combination of them
appears in the first %d documents (with all of them selected), and every
twelfth document has no sub-processor list.

Score an extraction of the corpus with
  python3 shared/tools/score.py DIR/gold PRED_DIR

flags:
`

const exitHelp = `
exit codes: 0 done, 1 bad flags or the output could not be written.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000, "number of documents")
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("o", "", "output folder (required); gets docs/ and gold/")
	formats := fs.String("formats", strings.Join(gen.Formats, ","), "comma-separated formats to write")
	languages := fs.String("languages", strings.Join(gen.Languages, ","), "comma-separated languages (ISO 639-1)")
	layouts := fs.String("layouts", strings.Join(gen.Layouts, ","), "comma-separated list layouts")
	force := fs.Bool("force", false, "write into a non-empty folder: its docs/ and gold/ are replaced, nothing else is touched")
	quiet := fs.Bool("q", false, "print nothing but errors")
	fs.Usage = func() {
		fmt.Fprintf(stderr, usage, gen.CoverAll(gen.Options{}))
		fs.PrintDefaults()
		fmt.Fprint(stderr, exitHelp)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 1
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "gencorpus: "+format+"\n", a...)
		return 1
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q: the output folder is given with -o DIR", fs.Arg(0))
	}
	if *out == "" {
		return fail("missing -o DIR: say which folder to write the corpus to (see gencorpus -h)")
	}
	if *n < 0 {
		return fail("-n %d: the number of documents cannot be negative", *n)
	}
	opt := gen.Options{N: *n, Seed: *seed, Formats: split(*formats), Languages: split(*languages), Layouts: split(*layouts)}
	if _, err := gen.One(opt, 0); err != nil {
		flagName := "-formats"
		switch {
		case strings.Contains(err.Error(), "language"):
			flagName = "-languages"
		case strings.Contains(err.Error(), "layout"):
			flagName = "-layouts"
		}
		return fail("%s: %v", flagName, err)
	}
	if err := prepare(*out, *force); err != nil {
		return fail("%v", err)
	}
	docsDir, goldDir := filepath.Join(*out, "docs"), filepath.Join(*out, "gold")
	for _, d := range []string{docsDir, goldDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fail("create %s: %v", d, err)
		}
	}
	start := time.Now()
	var bytes int64
	var noList int
	perFormat := map[string]int{}
	err := gen.Generate(opt, func(d gen.Doc) error {
		if err := os.WriteFile(filepath.Join(docsDir, d.Name), d.Data, 0o644); err != nil {
			return err
		}
		g, err := d.GoldJSON()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(goldDir, d.Name+".json"), g, 0o644); err != nil {
			return err
		}
		bytes += int64(len(d.Data))
		perFormat[d.Format]++
		if d.Layout == gen.LayoutNone {
			noList++
		}
		return nil
	})
	if err != nil {
		return fail("%v", err)
	}
	if !*quiet {
		took := time.Since(start)
		var counts []string
		for _, f := range gen.Formats {
			if perFormat[f] > 0 {
				counts = append(counts, fmt.Sprintf("%s %d", f, perFormat[f]))
			}
		}
		fmt.Fprintf(stdout, "wrote %d documents (%d without a list), %.1f MB in %.1fs to %s: %s\n",
			*n, noList, float64(bytes)/1e6, took.Seconds(), *out, strings.Join(counts, ", "))
	}
	return 0
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// prepare checks that dir is empty or missing; with force it removes the
// docs/ and gold/ folders of a previous corpus instead.
func prepare(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("read output folder: %w", err)
	case len(entries) == 0:
		return nil
	case !force:
		return fmt.Errorf("output folder %s is not empty: choose another -o, or add -force to replace its docs/ and gold/", dir)
	}
	for _, sub := range []string{"docs", "gold"} {
		if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
			return fmt.Errorf("clear %s: %w", filepath.Join(dir, sub), err)
		}
	}
	return nil
}
