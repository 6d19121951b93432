// Package pipeline takes documents through subproc's stages: read, decode,
// detect language, extract, normalise and, when ingesting, store. Chain runs
// the stages of one document as plain synchronous code; Runner runs a Chain
// over many documents in parallel and stores the outcomes through one writer.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/audit"
	"github.com/subproc/subproc/corpus"
	"github.com/subproc/subproc/extract"
	"github.com/subproc/subproc/normalize"
	"github.com/subproc/subproc/rules"
)

// Stage names a step of the chain. The strings are stored with failed documents.
type Stage string

// The stages, in the order a document goes through them.
const (
	StageRead      Stage = "read"
	StageDecode    Stage = "decode"
	StageDetect    Stage = "detect"
	StageExtract   Stage = "extract"
	StageNormalise Stage = "normalise"
	StageStore     Stage = "store"
)

// Reader reads a file's bytes and metadata (size, time, hash, format):
// corpus.Read, or a *corpus.Reader, which reads http(s) URLs too. A Reader
// that has a ReadContext method (*corpus.Reader does) is called with the
// run's context instead. A Reader may return the document so far with its
// error: a failed fetch keeps its evidence (Document.Fetch) that way.
type Reader interface {
	Read(path string) (*subproc.Document, error)
}

// contextReader is a Reader whose work the run's context can cancel.
type contextReader interface {
	ReadContext(ctx context.Context, path string) (*subproc.Document, error)
}

// Decoder turns a document's Raw bytes into Text: corpus.Decode, or a
// corpus.Decoder with a PDF reader. A Decoder that has a DecodeContext
// method (corpus.Decoder does) is called with the run's context instead.
type Decoder interface {
	Decode(doc *subproc.Document) error
}

// contextDecoder is a Decoder whose work the run's context can cancel.
type contextDecoder interface {
	DecodeContext(ctx context.Context, doc *subproc.Document) error
}

// Detector names the language a text is written in: *lang.Detector.
type Detector interface {
	Detect(text string) (code string, confidence float64)
}

// Extractor finds a document's raw sub-processor rows: extract.Extract.
type Extractor interface {
	Extract(ctx context.Context, doc *subproc.Document) (*extract.Result, error)
}

// Normaliser turns a raw row into a normalised one: normalize.Record.
type Normaliser interface {
	Normalise(raw subproc.RawRecord, rs *rules.Set) subproc.Record
}

// Chain runs the stages of one document. Nil stages are the real ones
// (corpus, extract, normalize); a nil Detector leaves Document.Language as
// the reader set it, and so does any Detector when the reader set it (a
// sources file's language hint). A Chain is safe for concurrent use when its stages are.
type Chain struct {
	Reader     Reader
	Decoder    Decoder
	Detector   Detector
	Extractor  Extractor
	Normaliser Normaliser
}

// Outcome is how one document ended. A failure is data: Status is
// StatusFailed, Stage says where and Err why; the run goes on. A document in
// a format subproc recognises but cannot decode yet (PDF, HTML) ends with
// StatusUnsupported and the reason in Err; it is skipped, not stored.
type Outcome struct {
	Seq     int               // position of the document in the run's input, from 0
	Doc     *subproc.Document // the document as far as the stages got; never nil
	Status  subproc.Status    // ok, no_list, unchanged, unsupported or failed
	Stage   Stage             // the stage that failed; "" unless Status is failed or unsupported
	Err     error             // why it failed; nil unless Status is failed or unsupported
	Records []subproc.Record  // normalised rows, in document order
	Version int               // version stored, or found unchanged; 0 without a store
	Elapsed time.Duration     // time spent in the stages, not waiting in queues
	Timing  Timing            // the time spent in each stage before the store
	Notice  *audit.Notice     // the notice period the text promises for list changes (set when storing)
}

// Timing is the wall time a document spent in each stage, or the sum over
// many documents (Stats.Timing). A stage not reached counts 0.
type Timing struct {
	Read, Decode, Detect, Extract, Normalise time.Duration
}

// add adds t's times to s's.
func (s *Timing) add(t Timing) {
	s.Read += t.Read
	s.Decode += t.Decode
	s.Detect += t.Detect
	s.Extract += t.Extract
	s.Normalise += t.Normalise
}

// Failed reports whether the document failed in some stage.
func (o Outcome) Failed() bool { return o.Status == subproc.StatusFailed }

// Reason says why the document failed, without the path and stage that a
// corpus error repeats; "" when it did not fail.
func (o Outcome) Reason() string {
	if o.Err == nil {
		return ""
	}
	var ce *corpus.Error
	if errors.As(o.Err, &ce) && ce.Err != nil {
		return ce.Err.Error()
	}
	return o.Err.Error()
}

// Hint says what the user can do about a failure: the hint a stage attached
// to its error, or a general one for the stage.
func (o Outcome) Hint() string {
	if o.Err == nil {
		return ""
	}
	var ce *corpus.Error
	if errors.As(o.Err, &ce) && ce.Hint != "" {
		return ce.Hint
	}
	var pe *panicError
	if errors.As(o.Err, &pe) {
		return "this is a bug in subproc: please report it with the document attached"
	}
	switch o.Stage {
	case StageRead:
		return "check that the file exists and is readable"
	case StageDecode:
		return "save the document as UTF-8 text or check that it is not a binary file"
	case StageDetect:
		return "the document has no text in a language subproc has rules for (" +
			strings.Join(rules.Languages(), ", ") + ")"
	case StageExtract:
		return "this is likely a bug in subproc: please report it with the document attached"
	}
	return ""
}

// Extraction is the outcome in the gold-file form `subproc extract` prints:
// the document's base name, language, publisher and rows.
func (o Outcome) Extraction() *subproc.Extraction {
	return &subproc.Extraction{Document: filepath.Base(o.Doc.Path), Language: o.Doc.Language,
		Publisher: o.Doc.Publisher, Subprocessors: o.Records}
}

// Run reads the file at path and processes it.
func (c *Chain) Run(ctx context.Context, path string) Outcome {
	start := time.Now()
	doc, err := c.ReadContext(ctx, path)
	read := time.Since(start)
	if err != nil {
		if doc == nil {
			doc = &subproc.Document{Path: path}
		}
		return Outcome{Doc: doc, Status: subproc.StatusFailed,
			Stage: StageRead, Err: err, Elapsed: read, Timing: Timing{Read: read}}
	}
	o := c.Process(ctx, doc)
	o.Elapsed = time.Since(start)
	o.Timing.Read = read
	return o
}

// Read runs the read stage: the bytes, size, hash and format of the file.
func (c *Chain) Read(path string) (doc *subproc.Document, err error) {
	return c.ReadContext(context.Background(), path)
}

// ReadContext is Read with the run's context, for readers that fetch. With
// an error it returns the document so far, or nil; that document has Path
// path.
func (c *Chain) ReadContext(ctx context.Context, path string) (doc *subproc.Document, err error) {
	defer catch(&err)
	r := c.Reader
	if r == nil {
		r = corpusStage{}
	}
	if cr, ok := r.(contextReader); ok {
		doc, err = cr.ReadContext(ctx, path)
	} else {
		doc, err = r.Read(path)
	}
	switch {
	case err == nil && doc == nil:
		err = errors.New("reader returned no document")
	case err != nil && doc != nil:
		doc.Path = path
	}
	return doc, err
}

// Process runs decode, detect, extract and normalise on a document that was
// read, and returns its outcome (Status ok, no_list, unsupported or failed).
func (c *Chain) Process(ctx context.Context, doc *subproc.Document) Outcome {
	start := time.Now()
	o := Outcome{Doc: doc}
	stage, err := c.process(ctx, &o)
	if err != nil {
		o.Status, o.Stage, o.Err, o.Records = subproc.StatusFailed, stage, err, nil
		if errors.Is(err, corpus.ErrUnsupported) {
			o.Status = subproc.StatusUnsupported
		}
	}
	o.Elapsed = time.Since(start)
	return o
}

// process runs the stages after read, filling o, and returns the stage that failed.
func (c *Chain) process(ctx context.Context, o *Outcome) (stage Stage, err error) {
	defer catch(&err)
	doc := o.Doc

	t := &o.Timing
	mark := time.Now()
	lap := func(d *time.Duration) { // ends the stage that began at mark
		now := time.Now()
		*d, mark = now.Sub(mark), now
	}

	stage = StageDecode
	dec := c.Decoder
	if dec == nil {
		dec = corpusStage{}
	}
	if cd, ok := dec.(contextDecoder); ok {
		err = cd.DecodeContext(ctx, doc)
	} else {
		err = dec.Decode(doc)
	}
	lap(&t.Decode)
	if err != nil {
		return stage, err
	}
	if strings.TrimSpace(doc.Text) == "" {
		return stage, errors.New("the document has no text")
	}

	stage = StageDetect
	if c.Detector != nil && doc.Language == "" {
		doc.Language, doc.LanguageConfidence = c.Detector.Detect(doc.Text)
		if doc.Language == "" {
			return stage, errors.New("no language detected: the text has no words")
		}
	}
	lap(&t.Detect)

	stage = StageExtract
	ex := c.Extractor
	if ex == nil {
		ex = extractStage{}
	}
	res, err := ex.Extract(ctx, doc)
	lap(&t.Extract)
	if err != nil {
		return stage, err
	}
	if res == nil {
		res = &extract.Result{}
	}
	if res.Publisher != "" {
		doc.Publisher = res.Publisher
	}

	stage = StageNormalise
	norm := c.Normaliser
	if norm == nil {
		norm = normalizeStage{}
	}
	o.Records = make([]subproc.Record, 0, len(res.Records))
	for _, raw := range res.Records {
		rec := norm.Normalise(raw, res.Rules)
		if doc.Boxes != nil {
			placeOnPages(&rec.Prov, doc.Boxes)
			rec.Raw.Prov = rec.Prov
		}
		o.Records = append(o.Records, rec)
	}
	lap(&t.Normalise)
	o.Status = subproc.StatusOK
	if len(o.Records) == 0 {
		o.Status = subproc.StatusNoList
	}
	return "", nil
}

// placeOnPages sets the page, last page and box of a row from the page
// boxes of its lines (boxes[i] is line i+1; blank lines have a zero box):
// the box is the union of the row's line boxes on its first page.
func placeOnPages(p *subproc.Provenance, boxes []subproc.Box) {
	lo, hi := max(p.LineStart-1, 0), min(p.LineEnd, len(boxes))
	if lo >= hi {
		return
	}
	var box *subproc.Box
	for _, b := range boxes[lo:hi] {
		switch {
		case b.Page == 0:
			continue
		case box == nil:
			box = &subproc.Box{Page: b.Page, X0: b.X0, Y0: b.Y0, X1: b.X1, Y1: b.Y1}
			p.Page = b.Page
		case b.Page == box.Page:
			box.X0, box.Y0 = min(box.X0, b.X0), min(box.Y0, b.Y0)
			box.X1, box.Y1 = max(box.X1, b.X1), max(box.Y1, b.Y1)
		}
		if b.Page > p.Page {
			p.PageEnd = b.Page
		}
	}
	if box != nil {
		p.Box = box
	}
}

// panicError is a panic in a stage, turned into the document's failure so
// one bad document cannot end a run of thousands.
type panicError struct {
	value any
	site  string // the function and line that panicked
}

func (e *panicError) Error() string {
	if e.site == "" {
		return fmt.Sprintf("internal error: %v", e.value)
	}
	return fmt.Sprintf("internal error: %v (in %s)", e.value, e.site)
}

// catch turns a panic into *err. Deferred by every stage runner.
func catch(err *error) {
	if v := recover(); v != nil {
		*err = &panicError{value: v, site: panicSite()}
	}
}

// panicSite names the first frame outside the runtime of the panicking
// goroutine's stack, as "extract.(*doc).tables table.go:123". It is called
// from the deferred catch, so the stack still holds the panic's frames.
func panicSite() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if f.Function != "" && !strings.HasPrefix(f.Function, "runtime.") {
			fn := f.Function[strings.LastIndexByte(f.Function, '/')+1:]
			return fmt.Sprintf("%s %s:%d", fn, filepath.Base(f.File), f.Line)
		}
		if !more {
			return ""
		}
	}
}

// corpusStage is the real read and decode stages.
type corpusStage struct{ opt corpus.ReadOptions }

func (s corpusStage) Read(path string) (*subproc.Document, error) { return corpus.Read(path, s.opt) }
func (corpusStage) Decode(doc *subproc.Document) error            { return corpus.Decode(doc) }

// extractStage is the real extract stage.
type extractStage struct{}

func (extractStage) Extract(ctx context.Context, doc *subproc.Document) (*extract.Result, error) {
	return extract.Extract(ctx, doc)
}

// normalizeStage is the real normalise stage.
type normalizeStage struct{}

func (normalizeStage) Normalise(raw subproc.RawRecord, rs *rules.Set) subproc.Record {
	return normalize.Record(raw, rs)
}
