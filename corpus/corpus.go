// Package corpus finds, reads, sniffs, hashes and decodes the source documents
// a run ingests: it turns paths on the command line into subproc.Documents with
// UTF-8 text, and says plainly why a file cannot be one.
package corpus

import (
	"errors"
	"fmt"

	"github.com/subproc/subproc"
)

// ErrUnsupported is wrapped by the error Decode returns for a document whose
// format subproc recognises but cannot turn into text in this release.
// Test for it with errors.Is.
var ErrUnsupported = errors.New("unsupported format")

// decodable is the set of formats Decode turns into text. Walk lists only these:
// adding a format here turns it on for Walk, once Decode has a case that
// decodes it. PDFs need a Decoder with a PDF reader.
var decodable = map[subproc.Format]bool{
	subproc.FormatText:     true,
	subproc.FormatMarkdown: true,
	subproc.FormatRST:      true,
	subproc.FormatHTML:     true,
	subproc.FormatPDF:      true,
}

// Decodable reports whether Decode can turn documents of format f into text.
func Decodable(f subproc.Format) bool { return decodable[f] }

// Error is a failure a user must read: which file, at which stage, what went
// wrong and, when there is one, what to do about it. Err is the cause; it
// unwraps, so errors.Is(err, fs.ErrNotExist) and errors.Is(err, ErrUnsupported)
// work through it.
type Error struct {
	Path  string // the file as given
	Stage string // "list" (Walk), "read" or "decode"
	Err   error
	Hint  string // what the user can do, "" when there is nothing to suggest
}

// Error reads like "decode notes.txt: binary content, not text (is this really
// a text document?)".
func (e *Error) Error() string {
	msg := fmt.Sprintf("%s %s: %v", e.Stage, e.Path, e.Err)
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }
