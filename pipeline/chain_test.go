package pipeline

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/corpus"
)

// unsupported is a decoder that refuses every document as corpus.Decode
// refuses a PDF.
type unsupported struct{}

func (unsupported) Decode(doc *subproc.Document) error {
	return &corpus.Error{Path: doc.Path, Stage: "decode", Hint: "convert it to text",
		Err: fmt.Errorf("%w: PDF decoding is not available yet", corpus.ErrUnsupported)}
}

func TestChainRun(t *testing.T) {
	fs := files{
		"in/a.txt":     "Header\nrow: alpha\nrow: beta\n",
		"in/none.txt":  "nothing here",
		"in/boom.txt":  "BOOM",
		"in/blank.txt": " \n ",
	}
	tests := []struct {
		path    string
		decoder Decoder
		status  subproc.Status
		stage   Stage
		reason  string
		hint    string
		rows    int
	}{
		{path: "in/a.txt", status: subproc.StatusOK, rows: 2},
		{path: "in/none.txt", status: subproc.StatusNoList},
		{path: "in/missing.txt", status: subproc.StatusFailed, stage: StageRead, reason: "no such file",
			hint: "check that the file exists and is readable"},
		{path: "in/blank.txt", status: subproc.StatusFailed, stage: StageDecode, reason: "the document has no text"},
		{path: "in/boom.txt", status: subproc.StatusFailed, stage: StageExtract, reason: "table cut off"},
		{path: "in/a.txt", decoder: unsupported{}, status: subproc.StatusUnsupported, stage: StageDecode,
			reason: "unsupported format: PDF decoding is not available yet", hint: "convert it to text"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			c := chain(fs, extractor{})
			if tt.decoder != nil {
				c.Decoder = tt.decoder
			}
			o := c.Run(context.Background(), tt.path)
			if o.Status != tt.status || o.Stage != tt.stage || len(o.Records) != tt.rows {
				t.Errorf("got %s at %q with %d rows, want %s at %q with %d", o.Status, o.Stage,
					len(o.Records), tt.status, tt.stage, tt.rows)
			}
			if !strings.Contains(o.Reason(), tt.reason) || (tt.reason == "") != (o.Err == nil) {
				t.Errorf("reason %q, want one with %q", o.Reason(), tt.reason)
			}
			if tt.hint != "" && o.Hint() != tt.hint {
				t.Errorf("hint %q, want %q", o.Hint(), tt.hint)
			}
			if o.Doc == nil || o.Doc.Path != tt.path {
				t.Errorf("outcome document %+v, want one with path %s", o.Doc, tt.path)
			}
		})
	}
}

func TestOutcomeExtraction(t *testing.T) {
	o := chain(files{"some/dir/a.txt": "row: alpha\nrow: beta"}, extractor{}).Run(context.Background(), "some/dir/a.txt")
	got := o.Extraction()
	if got.Document != "a.txt" || got.Language != "da" || got.Publisher != "Publisher of some/dir/a.txt" {
		t.Errorf("got %s %s %q, want a.txt da and the extractor's publisher", got.Document, got.Language, got.Publisher)
	}
	if len(got.Subprocessors) != 2 || got.Subprocessors[1].Name != "BETA" || got.Subprocessors[1].Raw.Name != "beta" ||
		got.Subprocessors[1].Prov.LineStart != 2 {
		t.Errorf("rows %+v, want the normalised rows with raw values and provenance", got.Subprocessors)
	}
}

func TestChainWithoutDetectorKeepsLanguage(t *testing.T) {
	c := chain(files{"a.txt": "row: x"}, extractor{})
	c.Detector = nil
	doc, err := c.Read("a.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc.Language = "sv"
	if o := c.Process(context.Background(), doc); o.Doc.Language != "sv" || o.Status != subproc.StatusOK {
		t.Errorf("got language %q status %s, want sv ok", o.Doc.Language, o.Status)
	}
}

// TestChainTiming: a document's time is split among the stages it went
// through, and a stage it did not reach counts nothing.
func TestChainTiming(t *testing.T) {
	fs := files{"in/a.txt": "Header\nrow: alpha\nrow: beta\n", "in/blank.txt": " \n "}
	c := chain(fs, extractor{})
	o := c.Run(context.Background(), "in/a.txt")
	tm := o.Timing
	if tm.Read <= 0 || tm.Decode <= 0 || tm.Extract <= 0 || tm.Normalise <= 0 {
		t.Errorf("a.txt: timing %+v, want every stage it went through > 0", tm)
	}
	if sum := tm.Read + tm.Decode + tm.Detect + tm.Extract + tm.Normalise; sum > o.Elapsed {
		t.Errorf("a.txt: stages add up to %v, more than the document's %v", sum, o.Elapsed)
	}
	o = c.Run(context.Background(), "in/blank.txt")
	if tm := o.Timing; tm.Decode <= 0 || tm.Detect != 0 || tm.Extract != 0 || tm.Normalise != 0 {
		t.Errorf("blank.txt, failed in decode: timing %+v, want decode only", tm)
	}
}
