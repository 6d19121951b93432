package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/corpus"
	"github.com/subproc/subproc/corpus/gold"
	"github.com/subproc/subproc/pipeline"
)

// EvalCommand scores extractions against gold files.
type EvalCommand struct {
	*Main
	DocsDir string // extract the gold entries' documents from here instead of reading predictions
	PerDoc  bool   // a line per document before the totals
	JSON    bool   // the totals as JSON
	Workers int    // with DocsDir: documents extracted at once
}

const evalUsage = `Usage: subproc eval [--per-doc] [--json] GOLD_DIR PRED_DIR
       subproc eval --docs DOCS_DIR [--per-doc] [--json] [--workers N] GOLD_DIR

Eval scores extractions against gold files exactly as shared/tools/score.py
does and prints the same report: row precision, recall and F1 (rows matched
by name), per-field accuracy on matched rows, cell precision, recall and F1,
and language accuracy.

GOLD_DIR holds NAME.json gold files (or NAME folders with a gold.json); the
prediction of NAME.json is PRED_DIR/NAME.json, as 'subproc extract -o
PRED_DIR' writes it. A missing prediction counts as no rows.

With --docs, eval extracts the document of every gold file itself,
DOCS_DIR/NAME for NAME.json, and scores the result: no PRED_DIR, no files
written.

Flags may come before or after the folders.

	--docs DOCS_DIR  extract the documents from DOCS_DIR and score them
	--per-doc        print one line per document before the totals
	--json           print the totals as JSON (as score.py --json; --per-doc
	                 is then ignored, as score.py does)
	--workers N      with --docs: documents extracted at once (default 0:
	                 one per CPU)

Exit codes:

	0    scored
	1    fatal: bad flags or arguments, a gold or prediction file unreadable
	3    with --docs: some documents failed to extract (reported on stderr,
	     scored as no rows)
	130  interrupted (Ctrl-C)
`

// Run parses the flags in args and scores.
func (c *EvalCommand) Run(ctx context.Context, args []string) error {
	fs := flags("eval")
	fs.StringVar(&c.DocsDir, "docs", "", "")
	fs.BoolVar(&c.PerDoc, "per-doc", false, "")
	fs.BoolVar(&c.JSON, "json", false, "")
	fs.IntVar(&c.Workers, "workers", 0, "")
	dirs, err := parse(fs, args, evalUsage, c.Stdout)
	if err != nil {
		return err
	}
	want := 2
	if c.DocsDir != "" {
		want = 1
	}
	if len(dirs) != want {
		return usageErrorf("eval", "want %d folders, got %d: %s", want, len(dirs), strings.Join(dirs, " "))
	}
	if c.Workers < 0 {
		return usageErrorf("eval", "--workers must be 0 or more, not %d", c.Workers)
	}

	var res gold.Result
	failed := 0
	for _, d := range append(dirs, c.DocsDir) {
		if fi, err := os.Stat(d); d != "" && (err != nil || !fi.IsDir()) {
			return &Error{Msg: d + " is not a folder", Hint: "run 'subproc eval --help' for usage"}
		}
	}
	if c.DocsDir == "" {
		if res, err = gold.ScoreDirs(dirs[0], dirs[1]); err != nil {
			return &Error{Msg: "score " + dirs[1] + " against " + dirs[0], Err: err}
		}
	} else if res, failed, err = c.extractAndScore(ctx, dirs[0]); err != nil {
		return err
	}

	if c.JSON {
		err = res.WriteJSON(c.Stdout)
	} else {
		err = res.Write(c.Stdout, c.PerDoc)
	}
	if err != nil {
		return &Error{Msg: "print the score", Err: err}
	}
	return failures(failed)
}

// extractAndScore extracts the document of every gold entry of goldDir from
// c.DocsDir and scores the extractions; it returns how many failed.
func (c *EvalCommand) extractAndScore(ctx context.Context, goldDir string) (gold.Result, int, error) {
	entries, err := gold.Dir(goldDir)
	if err != nil {
		return gold.Result{}, 0, &Error{Msg: "read gold folder " + goldDir, Err: err}
	}
	golds := make([]gold.Doc, len(entries))
	files := make([]pipeline.File, len(entries))
	names := make(map[string]string, len(entries)) // document path -> gold entry name
	for i, e := range entries {
		g, err := gold.Load(e.Path)
		if err != nil {
			return gold.Result{}, 0, &Error{Msg: "read gold file " + e.Path, Err: err}
		}
		golds[i] = gold.Doc{Name: e.Name, Gold: g}
		path := filepath.Join(c.DocsDir, strings.TrimSuffix(e.Name, ".json"))
		files[i] = pipeline.File{Path: path}
		names[path] = e.Name
	}

	det, err := newDetector()
	if err != nil {
		return gold.Result{}, 0, err
	}
	preds := make(map[string]*subproc.Extraction, len(entries))
	failed := 0
	pdfs := newPDFPool(c.Workers)
	defer pdfs.Close()
	chain := &pipeline.Chain{Detector: det, Decoder: corpus.Decoder{PDF: pdfs}}
	runner := &pipeline.Runner{Chain: chain, Options: pipeline.Options{
		Workers: c.Workers,
		OnDone: func(o pipeline.Outcome) {
			switch o.Status {
			case subproc.StatusFailed, subproc.StatusUnsupported:
				failed++
				fmt.Fprintln(c.Stderr, errorLine(o.Doc.Path, string(o.Stage), o.Reason(), o.Hint()))
				return
			}
			preds[names[o.Doc.Path]] = o.Extraction()
		},
	}}
	if _, err := runner.Run(ctx, files); err != nil {
		return gold.Result{}, 0, err
	}
	return gold.Score(golds, preds), failed, nil
}
