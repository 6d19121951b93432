package corpus

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/corpus/layout"
	"github.com/subproc/subproc/corpus/pdf"
)

// EncodingPDF is the Document.Encoding of a decoded PDF: its text came from
// the fonts' Unicode mappings, not from a charset.
const EncodingPDF = "pdf"

// PDFReader reads the positioned text of a PDF's pages: *pdf.Pool, which
// reads in guarded worker processes so that no file can hang or crash the
// run.
type PDFReader interface {
	Pages(ctx context.Context, data []byte) ([]layout.Page, error)
}

// Decoder is Decode with the readers that need resources of their own,
// which the program creates once and closes at exit. The zero Decoder is
// Decode, which finds PDFs unsupported.
type Decoder struct {
	PDF PDFReader // reads PDFs; nil: PDFs are unsupported
}

// Decode is DecodeContext without a deadline.
func (d Decoder) Decode(doc *subproc.Document) error {
	return d.DecodeContext(context.Background(), doc)
}

// DecodeContext decodes doc like Decode, and a PDF with d.PDF: its pages go
// through layout.Render, which gives doc.Text in the text form and
// doc.Boxes, the page box of each line. When ctx ends, the PDF being read
// is abandoned (its worker killed) and the error wraps ctx.Err().
//
// A PDF that cannot be read fails with an *Error whose reason says why in
// words a user can act on: "encrypted: the document needs a password",
// "no text layer (scanned document; OCR not supported)", "unreadable font
// encoding", or what made the file unreadable (malformed, or a reader that
// crashed or timed out on it).
func (d Decoder) DecodeContext(ctx context.Context, doc *subproc.Document) error {
	if doc.Format != subproc.FormatPDF {
		return Decode(doc)
	}
	return d.decodePDF(ctx, doc)
}

func (d Decoder) decodePDF(ctx context.Context, doc *subproc.Document) error {
	fail := func(err error, hint string) error {
		return &Error{Path: doc.Path, Stage: "decode", Err: err, Hint: hint}
	}
	switch {
	case d.PDF == nil:
		return fail(fmt.Errorf("%w: PDF decoding is not set up in this program", ErrUnsupported),
			"convert it to plain text and ingest the .txt")
	case len(doc.Raw) == 0:
		return fail(errors.New("empty file"), "the file has no bytes; was it saved or downloaded completely?")
	}
	pages, err := d.PDF.Pages(ctx, doc.Raw)
	if err != nil {
		return fail(pdfFailure(err))
	}
	res := layout.Render(pages, layout.Options{})
	doc.Text, doc.Boxes, doc.Encoding = res.Text, res.Boxes, EncodingPDF
	return nil
}

// pdfFailure words the error of a PDF reader for the user, with a hint.
func pdfFailure(err error) (error, string) {
	var reason, hint string
	var pe *pdf.Error
	if errors.As(err, &pe) {
		reason, hint = pe.Reason, pe.Hint
	}
	status := func(msg string) error { return &statusError{msg: msg, err: err} }
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return err, ""
	case errors.Is(err, pdf.ErrEncrypted):
		msg := "encrypted: the document needs a password"
		if reason != "" && !strings.Contains(reason, "password") {
			msg += " or an encryption subproc cannot open (" + reason + ")"
		}
		return status(msg), orHint(hint, "remove the password (for example qpdf --decrypt) and try again")
	case errors.Is(err, pdf.ErrNoText):
		return status("no text layer (scanned document; OCR not supported)"),
			orHint(hint, "run OCR on the file first, or ask the vendor for a text PDF")
	case errors.Is(err, pdf.ErrFontEncoding):
		return status("unreadable font encoding: the fonts have no Unicode mapping"),
			orHint(hint, "print the document to a new PDF or ask the vendor for another copy")
	}
	return err, orHint(hint, "the file may be damaged: open it and print it to a new PDF, or convert it to text")
}

func orHint(hint, fallback string) string {
	if hint != "" {
		return hint
	}
	return fallback
}

// statusError is a PDF failure in the words of its status; the reader's own
// error stays reachable with errors.Is and errors.As.
type statusError struct {
	msg string
	err error
}

func (e *statusError) Error() string { return e.msg }
func (e *statusError) Unwrap() error { return e.err }
