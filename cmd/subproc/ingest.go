package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"github.com/subproc/subproc/corpus"
	"github.com/subproc/subproc/corpus/pdf"
	"github.com/subproc/subproc/extract/lang"
	"github.com/subproc/subproc/pipeline"
	"github.com/subproc/subproc/rules"
	"github.com/subproc/subproc/store"
)

// DefaultDB is the database ingest writes when --db is not given.
const DefaultDB = "subproc.db"

// IngestCommand extracts documents and stores them and their sub-processors
// in a database.
type IngestCommand struct {
	*Main
	DB      string // database file
	Workers int    // documents processed at once; 0: GOMAXPROCS
	Quiet   bool   // print errors only
	JSON    bool   // print JSON events on stdout
}

const ingestUsage = `Usage: subproc ingest [--db FILE] [--workers N] [--quiet | --json] PATH...

Ingest reads the documents at each PATH (a file, or a folder walked
recursively), finds their sub-processor lists and stores every document and
row in a SQLite database, created on first use.

Hidden files and folders (names starting with ".") and files in formats
subproc cannot read yet are skipped and counted. A document is known by its
absolute path: when its content (SHA-256) did not change since it was last
ingested it is not processed again and nothing is written; when it changed,
it is stored as a new version and the old versions are kept.

Flags:

	--db FILE      the database (default ./subproc.db)
	--workers N    documents processed at once (default 0: one per CPU);
	               the database is the same whatever N is
	--quiet        print nothing but errors
	--json         print one JSON object per line on stdout: a "start"
	               event, a "document" event per document, a "summary"

Progress goes to stderr: a bar when it is a terminal, else a status line every
few seconds. Each document that fails is reported on stderr on one line: file,
stage, reason and hint. The summary (documents ingested, with no
sub-processor list, unchanged, failed, skipped; rows written; time) goes to
stdout.

Exit codes:

	0    every document was ingested, unchanged or had no sub-processor list
	1    fatal: bad flags or arguments, database unusable
	3    some documents failed; they are stored with status failed and the
	     reason, and every other document was ingested
	130  interrupted (Ctrl-C): the documents stored are complete, the others
	     were not written; run the same command again to go on
`

// Run parses the flags in args and ingests.
func (c *IngestCommand) Run(ctx context.Context, args []string) error {
	fs := flags("ingest")
	fs.StringVar(&c.DB, "db", DefaultDB, "")
	fs.IntVar(&c.Workers, "workers", 0, "")
	fs.BoolVar(&c.Quiet, "quiet", false, "")
	fs.BoolVar(&c.JSON, "json", false, "")
	paths, err := parse(fs, args, ingestUsage, c.Stdout)
	if err != nil {
		return err
	}
	switch {
	case len(paths) == 0:
		return usageErrorf("ingest", "no files or folders given")
	case c.Quiet && c.JSON:
		return usageErrorf("ingest", "--quiet and --json cannot be used together")
	case c.Workers < 0:
		return usageErrorf("ingest", "--workers must be 0 or more, not %d", c.Workers)
	}

	db, err := store.Open(c.DB)
	if err != nil {
		return err
	}
	defer db.Close()

	// A document's identity in the store is its absolute path, so that a
	// folder ingested from anywhere is recognised.
	for i, p := range paths {
		if paths[i], err = filepath.Abs(p); err != nil {
			return &Error{Msg: "resolve " + p, Err: err}
		}
	}
	listing, err := corpus.Walk(paths)
	if err != nil {
		return &Error{Msg: "list documents", Err: err}
	}
	det, err := newDetector()
	if err != nil {
		return err
	}

	p := newProgress(c.Main, c.mode())
	workers := c.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	p.Start(listing, c.DB, workers)
	for _, pr := range listing.Problems {
		p.Problem(pr)
	}
	pdfs := newPDFPool(workers)
	defer pdfs.Close()
	runner := &pipeline.Runner{
		Chain:   &pipeline.Chain{Detector: det, Decoder: corpus.Decoder{PDF: pdfs}},
		Store:   db,
		Options: pipeline.Options{Workers: workers, OnStart: p.OnStart, OnDone: p.OnDone},
	}
	stats, err := runner.Run(ctx, listing.Files)
	s := summary{Stats: stats, db: c.DB, hidden: listing.Hidden, listed: len(listing.Files),
		unlisted: listing.Unsupported, problems: len(listing.Problems),
		interrupted: ctx.Err() != nil && errors.Is(err, context.Canceled)}
	p.Finish(s)
	if err != nil {
		return err
	}
	return failures(s.failed())
}

func (c *IngestCommand) mode() mode {
	switch {
	case c.JSON:
		return modeJSON
	case c.Quiet:
		return modeQuiet
	case c.Terminal:
		return modeBar
	}
	return modeLines
}

// newDetector builds the language detector for the languages subproc has
// rules for. It takes about 0.1 s and 50 MB: build it once per process.
func newDetector() (*lang.Detector, error) {
	d, err := lang.New(rules.Languages())
	if err != nil {
		return nil, &Error{Msg: "build the language detector", Err: err}
	}
	return d, nil
}

// newPDFPool returns the worker processes that read the PDFs of a run, one
// per document in flight; none starts before the first PDF. The pdfium
// fallback keeps its compiled code in the user's cache folder, which makes
// its start 0.2 s instead of 3 s. Close the pool when the run ends.
func newPDFPool(workers int) *pdf.Pool {
	opt := pdf.PoolOptions{Workers: workers}
	if dir, err := os.UserCacheDir(); err == nil {
		opt.CacheDir = filepath.Join(dir, "subproc", "pdfium")
	}
	return pdf.NewPool(opt)
}
