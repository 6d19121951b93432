package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

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
	Verbose bool   // print a line per document: its rows and fields filled
	Sources string // sources file: vendor, URL or path, language hint per entry

	FetchTimeout  time.Duration // a whole fetch
	FetchMaxSize  string        // largest body fetched: "32MiB", "500KiB", bytes
	MaxSize       string        // largest file read: "64MiB" (corpus.DefaultMaxSize), "500KiB", bytes
	FetchInterval time.Duration // time between two requests to one host; 0: no limit
}

const ingestUsage = `Usage: subproc ingest [--db FILE] [--workers N] [--quiet | --json | -v]
                      [--sources FILE] [--fetch-* ...] PATH|URL...

Ingest reads the documents at each PATH (a file, or a folder walked
recursively) and each http(s) URL, finds their sub-processor lists and stores
every document and row in a SQLite database, created on first use.

Hidden files and folders (names starting with ".") and files in formats
subproc cannot read yet are skipped and counted. A document is known by its
absolute path or its URL: when its content (SHA-256) did not change since it
was last ingested it is not processed again and nothing is written; when it
changed, it is stored as a new version and the old versions are kept.

A URL is fetched with a User-Agent naming subproc, at most one request per
host per --fetch-interval, following up to 5 redirects. When it was fetched
before, the request is conditional (If-None-Match, If-Modified-Since): a 304
Not Modified answer makes the document unchanged at the cost of a request.
Every fetch (URL, time, status, redirects, final URL, SHA-256 of the body,
ETag, Last-Modified) is stored in the fetches table with the version it
produced or confirmed. A page's charset comes from its Content-Type.

The sources file lists documents with their vendor and, optionally, a
language hint that replaces detection: CSV with the header
"vendor,url_or_path,language", or one entry per line, "vendor URL-or-path
[language]" ("#" starts a comment). Relative paths are read from the sources
file's folder. The vendor is stored as the document's publisher when the
document does not name one.

Flags:

	--db FILE      the database (default ./subproc.db)
	--workers N    documents processed at once (default 0: one per CPU);
	               the database is the same whatever N is
	--quiet        print nothing but errors
	--json         print one JSON object per line on stdout: a "start"
	               event, a "document" event per document (with "fields":
	               how many rows have each field filled), a "summary"
	               (counts, bytes read, time per stage summed over the
	               documents, database commits, peak memory)
	-v, --verbose  print a line per document on stderr: its language, its
	               rows and how many rows have each field filled
	--sources FILE ingest the documents the file lists too (see above)
	--fetch-timeout D
	               time a whole fetch may take (default 60s)
	--max-size N   largest file read: 64MiB (the default), 500KiB, or a
	               number of bytes; a larger file fails with its size
	--fetch-max-size N
	               largest document fetched: 32MiB (the default), 500KiB,
	               or a number of bytes
	--fetch-interval D
	               time between two requests to one host (default 1s;
	               0: no limit)

Progress goes to stderr: a bar when it is a terminal, else a status line every
few seconds. Each document that fails is reported on stderr on one line: file,
stage, reason and hint. The summary (documents ingested, with no
sub-processor list, unchanged, failed, skipped; rows written; time) goes to
stdout.

Every run that is not interrupted ends by grouping the rows of the newest
version of every document into sub-processor entities, across documents
(tables entities, entity_members and entity_links; see the README).

Exit codes:

	0    every document was ingested, unchanged or had no sub-processor list
	1    fatal: bad flags or arguments, sources file unreadable, database
	     unusable (read-only, locked, or its disk full: the documents
	     stored before are complete; fix it and run the same command again)
	3    some documents failed (a URL that answered 404 or timed out too);
	     they are stored with status failed and the reason, and every other
	     document was ingested
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
	fs.BoolVar(&c.Verbose, "verbose", false, "")
	fs.BoolVar(&c.Verbose, "v", false, "")
	fs.StringVar(&c.Sources, "sources", "", "")
	fs.DurationVar(&c.FetchTimeout, "fetch-timeout", corpus.DefaultFetchTimeout, "")
	fs.StringVar(&c.FetchMaxSize, "fetch-max-size", "32MiB", "")
	fs.StringVar(&c.MaxSize, "max-size", "64MiB", "")
	fs.DurationVar(&c.FetchInterval, "fetch-interval", corpus.DefaultHostInterval, "")
	paths, err := parse(fs, args, ingestUsage, c.Stdout)
	if err != nil {
		return err
	}
	maxSize, sizeErr := parseSize(c.FetchMaxSize)
	fileMax, fileErr := parseSize(c.MaxSize)
	switch {
	case len(paths) == 0 && c.Sources == "":
		return usageErrorf("ingest", "no files or folders (or URLs) given")
	case c.Quiet && c.JSON:
		return usageErrorf("ingest", "--quiet and --json cannot be used together")
	case c.Verbose && (c.Quiet || c.JSON):
		return usageErrorf("ingest", "--verbose cannot be used with --quiet or --json (--json reports the fields of every document)")
	case c.Workers < 0:
		return usageErrorf("ingest", "--workers must be 0 or more, not %d", c.Workers)
	case c.FetchTimeout <= 0:
		return usageErrorf("ingest", "--fetch-timeout must be more than 0, not %s", c.FetchTimeout)
	case sizeErr != nil:
		return usageErrorf("ingest", "--fetch-max-size: %v", sizeErr)
	case fileErr != nil:
		return usageErrorf("ingest", "--max-size: %v", fileErr)
	case c.FetchInterval < 0:
		return usageErrorf("ingest", "--fetch-interval must be 0 or more, not %s", c.FetchInterval)
	}
	// A document's identity in the store is its absolute path or its URL,
	// so that a folder ingested from anywhere is recognised.
	for i, p := range paths {
		if paths[i], err = location(p); err != nil {
			return usageErrorf("ingest", "%v", err)
		}
	}
	var sources []corpus.Source
	if c.Sources != "" {
		if sources, err = readSources(c.Sources); err != nil {
			return err
		}
		for _, s := range sources {
			paths = append(paths, s.Location)
		}
	}

	db, err := store.Open(c.DB)
	if err != nil {
		return err
	}
	defer db.Close()

	listing, err := corpus.List(paths)
	if err != nil {
		return &Error{Msg: "list documents", Err: err}
	}
	det, err := newDetector()
	if err != nil {
		return err
	}

	p := newProgress(c.Main, c.mode())
	p.verbose = c.Verbose
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
	interval := c.FetchInterval
	if interval == 0 {
		interval = -1 // no limit
	}
	fetcher := corpus.NewFetcher(corpus.FetchOptions{Timeout: c.FetchTimeout, MaxSize: maxSize,
		HostInterval: interval, UserAgent: corpus.UserAgent(versionString()), History: db})
	defer fetcher.Close()
	reader := &corpus.Reader{Fetcher: fetcher, Sources: sources, Files: corpus.ReadOptions{MaxSize: fileMax}}
	runner := &pipeline.Runner{
		Chain:   &pipeline.Chain{Reader: reader, Detector: det, Decoder: corpus.Decoder{PDF: pdfs}},
		Store:   db,
		Options: pipeline.Options{Workers: workers, OnStart: p.OnStart, OnDone: p.OnDone, ResolveEntities: true},
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

// location is an argument in the form that identifies its document: a
// URL in corpus.CanonicalURL's form, else an absolute path.
func location(arg string) (string, error) {
	if corpus.IsURL(arg) || strings.Contains(arg, "://") {
		return corpus.CanonicalURL(arg) // refuses ftp:// and the like
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", arg, err)
	}
	return abs, nil
}

// readSources reads the sources file at path; relative paths in it are
// read from its folder, and each language hint must be one subproc has
// rules for.
func readSources(path string) ([]corpus.Source, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &Error{Msg: "resolve sources file " + path, Err: err}
	}
	f, err := os.Open(abs)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the message names the file already
		}
		return nil, &Error{Msg: "read sources file " + path, Err: err, Hint: "check the --sources path"}
	}
	defer f.Close()
	sources, err := corpus.ParseSources(f, filepath.Dir(abs))
	if err != nil {
		return nil, &Error{Msg: "read sources file " + path, Err: err,
			Hint: `write CSV with the header "vendor,url_or_path,language", or one "vendor URL-or-path [language]" per line`}
	}
	langs := rules.Languages()
	for _, s := range sources {
		if s.Language != "" && !slices.Contains(langs, s.Language) {
			return nil, &Error{Msg: fmt.Sprintf("read sources file %s: line %d: no rules for language %q", path, s.Line, s.Language),
				Hint: "use one of " + strings.Join(langs, ", ") + ", or leave the language out to detect it"}
		}
	}
	if len(sources) == 0 {
		return nil, &Error{Msg: "read sources file " + path + ": no entries", Hint: "list one document per line"}
	}
	return sources, nil
}

// parseSize reads a size in bytes: a number, optionally followed by B,
// KiB, MiB or GiB (KB, MB and GB mean the same, powers of 1024).
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is not a size such as 32MiB, 500KiB or 1048576", s)
	}
	return n * mult, nil
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
