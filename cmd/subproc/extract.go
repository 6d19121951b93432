package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/corpus"
	"github.com/subproc/subproc/pipeline"
)

// ExtractCommand prints the extraction of documents as JSON, without a database.
type ExtractCommand struct {
	*Main
	OutDir  string // write DIR/<base name>.json per document instead of stdout
	Workers int
	Quiet   bool
}

const extractUsage = `Usage: subproc extract [-o DIR] [--workers N] [--quiet] FILE...

Extract finds the sub-processor list of each FILE (a folder is walked as by
ingest) and prints the result as JSON in the form of the gold files
(testdata/GOLD-SCHEMA.md): a JSON array with one object per document on
stdout, or with -o one file per document, DIR/<base name>.json
(a.txt -> DIR/a.txt.json). No database is read or written. A document
without a sub-processor list has an empty "subprocessors" array; a document
that fails is reported on stderr and left out.

For each document, stderr gets one line with its language, its number of
rows and how many rows have each field filled.

Flags:

	-o DIR         write one file per document into DIR (created if missing)
	--workers N    documents processed at once (default 0: one per CPU)
	--quiet        print nothing on stderr but errors

Exit codes:

	0    every document was extracted (with or without a sub-processor list)
	1    fatal: bad flags or arguments, an output file cannot be written
	3    some documents failed; the others were extracted
	130  interrupted (Ctrl-C)
`

// Run parses the flags in args and extracts.
func (c *ExtractCommand) Run(ctx context.Context, args []string) error {
	fs := flags("extract")
	fs.StringVar(&c.OutDir, "o", "", "")
	fs.IntVar(&c.Workers, "workers", 0, "")
	fs.BoolVar(&c.Quiet, "quiet", false, "")
	paths, err := parse(fs, args, extractUsage, c.Stdout)
	if err != nil {
		return err
	}
	switch {
	case len(paths) == 0:
		return usageErrorf("extract", "no files given")
	case c.Workers < 0:
		return usageErrorf("extract", "--workers must be 0 or more, not %d", c.Workers)
	}

	listing, err := corpus.Walk(paths)
	if err != nil {
		return &Error{Msg: "list documents", Err: err}
	}
	if c.OutDir != "" {
		if err := c.prepareOutDir(listing.Files); err != nil {
			return err
		}
	}
	det, err := newDetector()
	if err != nil {
		return err
	}

	for _, pr := range listing.Problems {
		reason, hint := reasonHint(pr.Err)
		fmt.Fprintln(c.Stderr, errorLine(pr.Path, "list", reason, hint))
	}
	if !c.Quiet {
		var skipped []string
		if listing.Hidden > 0 {
			skipped = append(skipped, plural(listing.Hidden, "hidden file"))
		}
		if listing.Unsupported > 0 {
			skipped = append(skipped, plural(listing.Unsupported, "file")+" in a format subproc cannot read yet")
		}
		if skipped != nil {
			fmt.Fprintf(c.Stderr, "skipped %s\n", strings.Join(skipped, " and "))
		}
	}
	var (
		out      []*subproc.Extraction
		failed   = len(listing.Problems)
		writeErr error
	)
	pdfs := newPDFPool(c.Workers)
	defer pdfs.Close()
	chain := &pipeline.Chain{Detector: det, Decoder: corpus.Decoder{PDF: pdfs}}
	runner := &pipeline.Runner{Chain: chain, Options: pipeline.Options{
		Workers: c.Workers,
		OnDone: func(o pipeline.Outcome) {
			switch o.Status {
			case subproc.StatusFailed:
				failed++
				fmt.Fprintln(c.Stderr, errorLine(o.Doc.Path, string(o.Stage), o.Reason(), o.Hint()))
				return
			case subproc.StatusUnsupported:
				if !c.Quiet {
					fmt.Fprintf(c.Stderr, "skipped: %s: %s\n", o.Doc.Path, o.Reason())
				}
				return
			}
			e := o.Extraction()
			if !c.Quiet {
				fmt.Fprintln(c.Stderr, fillLine(e.Document, e.Language, e.Subprocessors))
			}
			if c.OutDir == "" {
				out = append(out, e)
			} else if writeErr == nil {
				writeErr = writeJSON(filepath.Join(c.OutDir, e.Document+".json"), e)
			}
		},
	}}
	if _, err := runner.Run(ctx, listing.Files); err != nil {
		return err
	}
	if writeErr != nil {
		return writeErr
	}
	if c.OutDir == "" {
		if out == nil {
			out = []*subproc.Extraction{}
		}
		if err := encodeJSON(c.Stdout, out); err != nil {
			return &Error{Msg: "write the extractions", Err: err}
		}
	}
	return failures(failed)
}

// prepareOutDir creates the output folder and refuses inputs whose output
// files would have the same name.
func (c *ExtractCommand) prepareOutDir(files []corpus.File) error {
	seen := make(map[string]string)
	for _, f := range files {
		base := filepath.Base(f.Path)
		if other, ok := seen[base]; ok {
			return usageErrorf("extract", "%s and %s would both be written to %s",
				other, f.Path, filepath.Join(c.OutDir, base+".json"))
		}
		seen[base] = f.Path
	}
	if err := os.MkdirAll(c.OutDir, 0o755); err != nil {
		return &Error{Msg: "create output folder " + c.OutDir, Err: err}
	}
	return nil
}

// fillLine is the one compact line on a document that extract prints and
// ingest --verbose too: its language, its rows, and how many rows have each
// field filled (subproc.CountFields, which ingest --json reports as "fields").
func fillLine(name, language string, recs []subproc.Record) string {
	if len(recs) == 0 {
		return fmt.Sprintf("%s: %s, no sub-processor list found", name, language)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s, %s:", name, language, plural(len(recs), "row"))
	counts := subproc.CountFields(recs)
	for _, f := range subproc.Fields {
		fmt.Fprintf(&b, " %s %d", f, counts[f])
	}
	return b.String()
}

// writeJSON writes v as indented JSON to the file at path.
func writeJSON(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return &Error{Msg: "create " + path, Err: err}
	}
	err = encodeJSON(f, v)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &Error{Msg: "write " + path, Err: err}
	}
	return nil
}

// encodeJSON writes v as JSON indented by two spaces, without escaping
// "<", ">" and "&", so names like "R&D" read as the document writes them.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
