package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/corpus"
	"github.com/subproc/subproc/pipeline"
)

// statusInterval is how often a run whose stderr is not a terminal prints a
// status line.
const statusInterval = 3 * time.Second

// mode is how a run reports progress.
type mode int

const (
	modeLines mode = iota // stderr is not a terminal: a status line every statusInterval
	modeBar               // stderr is a terminal: a progress bar
	modeQuiet             // --quiet: errors only
	modeJSON              // --json: one event per line on stdout, errors on stderr
)

// progress is the sink of an ingest run: it gets the runner's callbacks and
// shows them in its mode. Errors are printed in every mode, one line each.
type progress struct {
	mode           mode
	verbose        bool // a line per document with its fields (--verbose)
	stdout, stderr io.Writer
	json           *json.Encoder
	bar            *progressbar.ProgressBar

	mu        sync.Mutex // the runner's callbacks against the status ticker
	start     time.Time
	total     int   // documents listed
	bytes     int64 // their size
	done      int
	doneBytes int64
	rows      int
	failed    int
	current   string // the file a worker started last
	stop      chan struct{}
	stopped   chan struct{}
}

func newProgress(m *Main, md mode) *progress {
	p := &progress{mode: md, stdout: m.Stdout, stderr: m.Stderr}
	if md == modeJSON {
		p.json = json.NewEncoder(m.Stdout)
		p.json.SetEscapeHTML(false)
	}
	return p
}

// Start is called once the walk listed the documents: l is the pre-pass that
// gives the bar its total.
func (p *progress) Start(l *corpus.Listing, db string, workers int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.start, p.total, p.bytes = time.Now(), len(l.Files), l.Bytes
	switch p.mode {
	case modeJSON:
		p.event(startEvent{Event: "start", DB: db, Documents: p.total, Bytes: p.bytes,
			Hidden: l.Hidden, Unsupported: l.Unsupported, Workers: workers})
	case modeLines:
		fmt.Fprintf(p.stderr, "ingest: %s (%s) into %s\n", plural(p.total, "document"), byteSize(p.bytes), db)
		p.stop, p.stopped = make(chan struct{}), make(chan struct{})
		go p.tick()
	case modeBar:
		p.bar = progressbar.NewOptions64(max(p.bytes, 1),
			progressbar.OptionSetWriter(p.stderr),
			progressbar.OptionSetDescription(p.describe()),
			progressbar.OptionShowCount(),
			progressbar.OptionShowBytes(true),
			progressbar.OptionShowTotalBytes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetWidth(24),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetRenderBlankState(true),
		)
	}
}

// Problem reports a path the walk could not list: a failure.
func (p *progress) Problem(pr corpus.Problem) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failed++
	reason, hint := reasonHint(pr.Err)
	p.errorLine(pr.Path, "list", reason, hint)
	if p.mode == modeJSON {
		p.event(docEvent{Event: "document", Path: pr.Path, Status: subproc.StatusFailed, Stage: "list",
			Error: reason, Hint: hint})
	}
}

// OnStart is the runner's OnStart.
func (p *progress) OnStart(f pipeline.File) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = f.Path
}

// OnDone is the runner's OnDone.
func (p *progress) OnDone(o pipeline.Outcome) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.doneBytes += o.Doc.Size
	if o.Status == subproc.StatusOK {
		p.rows += len(o.Records)
	}
	switch o.Status {
	case subproc.StatusFailed:
		p.failed++
		p.errorLine(o.Doc.Path, string(o.Stage), o.Reason(), o.Hint())
	case subproc.StatusUnsupported:
		if p.mode != modeQuiet {
			p.println(fmt.Sprintf("skipped: %s: %s", shown(o.Doc.Path), o.Reason()))
		}
	case subproc.StatusOK, subproc.StatusNoList:
		if p.verbose {
			p.println(fillLine(shown(o.Doc.Path), o.Doc.Language, o.Records))
		}
	case subproc.StatusUnchanged:
		if p.verbose {
			p.println(fmt.Sprintf("%s: %s (version %d)", shown(o.Doc.Path), o.Status.Text(), o.Version))
		}
	}
	switch p.mode {
	case modeJSON:
		p.event(documentEvent(o))
	case modeBar:
		p.bar.Describe(p.describe())
		p.bar.Add64(o.Doc.Size)
	}
}

// Finish stops the bar or the status lines and prints the summary.
func (p *progress) Finish(s summary) {
	if p.stop != nil {
		close(p.stop)
		<-p.stopped
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish() // cleared on finish: the summary replaces it
		p.bar.Exit()
	}
	switch p.mode {
	case modeJSON:
		p.event(summaryEvent{Event: "summary", DB: s.db, Documents: s.Documents,
			Ingested: s.OK, NoList: s.NoList, Unchanged: s.Unchanged, Failed: s.failed(),
			Hidden: s.hidden, Unsupported: s.unsupported(), Rows: s.Rows, Entities: s.Entities,
			Bytes: s.Bytes, ElapsedMS: s.Elapsed.Milliseconds(), Commits: s.Commits, PeakRSS: peakRSS(),
			StageMS: stageMS{Read: s.Timing.Read.Milliseconds(), Decode: s.Timing.Decode.Milliseconds(),
				Detect: s.Timing.Detect.Milliseconds(), Extract: s.Timing.Extract.Milliseconds(),
				Normalise: s.Timing.Normalise.Milliseconds(), Store: s.Writing.Milliseconds()},
			Interrupted: s.interrupted})
	case modeLines, modeBar:
		s.write(p.stdout)
	}
}

// tick prints a status line every statusInterval until Finish.
func (p *progress) tick() {
	defer close(p.stopped)
	t := time.NewTicker(statusInterval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			line := fmt.Sprintf("ingest: %s, %s elapsed", p.describe(), round(time.Since(p.start)))
			if left := p.eta(); left > 0 {
				line += fmt.Sprintf(", about %s left", round(left))
			}
			if p.current != "" && p.done < p.total {
				line += ", at " + shown(p.current)
			}
			fmt.Fprintln(p.stderr, line)
			p.mu.Unlock()
		}
	}
}

// describe is the counts: documents done of total, rows, failures.
func (p *progress) describe() string {
	return fmt.Sprintf("%d/%d documents, %d rows, %d failed", p.done, p.total, p.rows, p.failed)
}

// eta estimates the time left from the bytes done so far; 0 when unknown.
func (p *progress) eta() time.Duration {
	if p.doneBytes == 0 || p.bytes <= p.doneBytes {
		return 0
	}
	el := time.Since(p.start)
	return time.Duration(float64(el) * float64(p.bytes-p.doneBytes) / float64(p.doneBytes))
}

// errorLine prints one document's failure.
func (p *progress) errorLine(path, stage, reason, hint string) {
	p.println(errorLine(shown(path), stage, reason, hint))
}

// println prints a line on stderr, around the bar if there is one.
func (p *progress) println(line string) {
	if p.bar != nil {
		p.bar.Clear()
	}
	fmt.Fprintln(p.stderr, line)
	if p.bar != nil {
		p.bar.RenderBlank()
	}
}

func (p *progress) event(v any) {
	if err := p.json.Encode(v); err != nil {
		fmt.Fprintf(p.stderr, "subproc: write event: %v\n", err)
	}
}

// Events of --json, one per line.
type (
	startEvent struct {
		Event       string `json:"event"` // "start"
		DB          string `json:"db"`
		Documents   int    `json:"documents"`
		Bytes       int64  `json:"bytes"`
		Hidden      int    `json:"hidden"`
		Unsupported int    `json:"unsupported"`
		Workers     int    `json:"workers"`
	}
	docEvent struct {
		Event      string              `json:"event"` // "document"
		Path       string              `json:"path"`
		Status     subproc.Status      `json:"status"`
		Version    int                 `json:"version,omitempty"`
		SHA256     string              `json:"sha256,omitempty"`
		Language   string              `json:"language,omitempty"`
		Confidence float64             `json:"language_confidence,omitempty"`
		Publisher  string              `json:"publisher,omitempty"`
		Rows       int                 `json:"rows"`
		Fields     subproc.FieldCounts `json:"fields,omitempty"` // rows with each field filled; documents processed only
		Stage      string              `json:"stage,omitempty"`
		Error      string              `json:"error,omitempty"`
		Hint       string              `json:"hint,omitempty"`
		ElapsedMS  int64               `json:"elapsed_ms"`
	}
	summaryEvent struct {
		Event       string  `json:"event"` // "summary"
		DB          string  `json:"db"`
		Documents   int     `json:"documents"`
		Ingested    int     `json:"ingested"`
		NoList      int     `json:"no_list"`
		Unchanged   int     `json:"unchanged"`
		Failed      int     `json:"failed"`
		Hidden      int     `json:"hidden"`
		Unsupported int     `json:"unsupported"`
		Rows        int     `json:"rows"`
		Entities    int     `json:"entities"` // sub-processor entities in the database after the run
		Bytes       int64   `json:"bytes"`    // bytes read
		ElapsedMS   int64   `json:"elapsed_ms"`
		StageMS     stageMS `json:"stage_ms"`                 // time spent in each stage, summed over the documents
		Commits     int     `json:"commits"`                  // database transactions for documents (several documents each when the writer was behind)
		PeakRSS     int64   `json:"peak_rss_bytes,omitempty"` // the most memory this process had resident (Linux); PDF workers not counted
		Interrupted bool    `json:"interrupted"`
	}
	// stageMS is the time spent in each stage, summed over a run's documents
	// (so with N workers the stages before store can add up to N times the
	// run's time); store is the single writer's time in transactions.
	stageMS struct {
		Read      int64 `json:"read"` // with the look-up of the stored version
		Decode    int64 `json:"decode"`
		Detect    int64 `json:"detect"`
		Extract   int64 `json:"extract"`
		Normalise int64 `json:"normalise"`
		Store     int64 `json:"store"`
	}
)

func documentEvent(o pipeline.Outcome) docEvent {
	ev := docEvent{Event: "document", Path: o.Doc.Path, Status: o.Status,
		Version: o.Version, SHA256: o.Doc.SHA256, Language: o.Doc.Language,
		Confidence: o.Doc.LanguageConfidence, Publisher: o.Doc.Publisher, Rows: len(o.Records),
		Stage: string(o.Stage), Error: o.Reason(), Hint: o.Hint(), ElapsedMS: o.Elapsed.Milliseconds()}
	if o.Status == subproc.StatusOK || o.Status == subproc.StatusNoList {
		ev.Fields = subproc.CountFields(o.Records)
	}
	return ev
}

// summary is what an ingest run did.
type summary struct {
	pipeline.Stats
	db          string
	hidden      int  // hidden files skipped by the walk
	listed      int  // documents the walk listed
	unlisted    int  // files the walk skipped as unsupported
	problems    int  // paths the walk could not list
	interrupted bool // the run was cancelled
}

func (s summary) failed() int      { return s.Failed + s.problems }
func (s summary) unsupported() int { return s.unlisted + s.Unsupported }

// write prints the summary for a person.
func (s summary) write(w io.Writer) {
	head := fmt.Sprintf("ingest: %s in %s, %s written to %s", plural(s.Documents, "document"),
		round(s.Elapsed), plural(s.Rows, "row"), s.db)
	if s.interrupted {
		head = fmt.Sprintf("ingest: interrupted after %d of %s in %s, %s written to %s",
			s.Documents, plural(s.listed, "document"), round(s.Elapsed), plural(s.Rows, "row"), s.db)
	}
	fmt.Fprintln(w, head)
	fmt.Fprintf(w, "  ingested                      %d\n", s.OK)
	fmt.Fprintf(w, "  no sub-processor list found   %d\n", s.NoList)
	fmt.Fprintf(w, "  unchanged                     %d\n", s.Unchanged)
	fmt.Fprintf(w, "  failed                        %d\n", s.failed())
	fmt.Fprintf(w, "  skipped                       %d hidden, %d unsupported\n", s.hidden, s.unsupported())
}

// errorLine is the one line that reports a document's failure: file, stage,
// reason and hint.
func errorLine(path, stage, reason, hint string) string {
	line := fmt.Sprintf("error: %s: %s: %s", path, stage, reason)
	if hint != "" {
		line += " (" + hint + ")"
	}
	return line
}

// reasonHint splits a corpus error into its cause, without the path and
// stage it repeats, and its hint.
func reasonHint(err error) (reason, hint string) {
	var ce *corpus.Error
	if errors.As(err, &ce) && ce.Err != nil {
		return ce.Err.Error(), ce.Hint
	}
	return err.Error(), ""
}

// shown is path as a person wants to read it: relative to the working
// directory when it lies below it.
func shown(path string) string {
	if !filepath.IsAbs(path) {
		return path
	}
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return path
	}
	return rel
}

// round rounds d for display: milliseconds under a second, else tenths.
func round(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}

// plural is n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// byteSize is n in B, kB, MB or GB.
func byteSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f, i := float64(n)/unit, 0
	for f >= unit && i < 2 {
		f /= unit
		i++
	}
	return fmt.Sprintf("%.1f %cB", f, "kMG"[i])
}
