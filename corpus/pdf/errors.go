package pdf

import (
	"errors"
	"fmt"
)

// The kinds of failure a user must read. Test with errors.Is; the *Error that
// wraps them says which document page and why.
var (
	// ErrEncrypted: the file is encrypted and cannot be opened without a
	// password, or with an encryption the PDF library does not implement.
	ErrEncrypted = errors.New("encrypted")
	// ErrNoText: the pages carry no text layer, only images (a scan). A
	// file whose content cannot be decoded, or whose pages draw nothing at
	// all, is ErrMalformed instead: OCR would not help.
	ErrNoText = errors.New("no text layer (scanned document; OCR not supported)")
	// ErrFontEncoding: most glyphs have no Unicode mapping (for example a
	// Type0 font without /ToUnicode), so the text would be garbage.
	ErrFontEncoding = errors.New("unreadable font encoding")
	// ErrMalformed: anything else that stops the file from being read.
	ErrMalformed = errors.New("malformed PDF")
)

// Error is a PDF that could not be read. Kind is one of ErrEncrypted,
// ErrNoText, ErrFontEncoding and ErrMalformed; Reason is what the file or
// the library said; Hint is what the user can do ("" when nothing).
type Error struct {
	Kind   error
	Page   int // 1-based page where it happened; 0 for the whole document
	Reason string
	Hint   string
	// Limit names the field of Options whose bound the file passed
	// ("MaxStreamBytes"), "" when none did. Another reader would spend
	// the same without a bound, so a Pool does not fall back on such a file.
	Limit string
}

// Error reads like "malformed PDF: page 3: unknown filter LZW (try ...)".
func (e *Error) Error() string {
	msg := e.Kind.Error()
	if e.Page > 0 {
		msg += fmt.Sprintf(": page %d", e.Page)
	}
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

// Unwrap lets errors.Is match the Kind.
func (e *Error) Unwrap() error { return e.Kind }

// andMore returns e with "(and n more pages)" after its reason when n > 0.
func (e *Error) andMore(n int) *Error {
	if n <= 0 {
		return e
	}
	c := *e
	c.Reason += fmt.Sprintf(" (and %s)", plural(n, "more page"))
	return &c
}

// Hints shown with each kind.
const (
	hintEncrypted    = "remove the password (for example qpdf --decrypt) and try again"
	hintNoText       = "run OCR on the file first, or ask the vendor for a text PDF"
	hintFontEncoding = "the fonts carry no Unicode mapping; print the document to a new PDF or ask the vendor for another copy"
)

// limited returns the malformed-PDF error of a page that passed the bound
// of the Options field named.
func limited(page int, field, format string, args ...any) *Error {
	e := malformed(page, format, args...)
	e.Limit = field
	return e
}

func malformed(page int, format string, args ...any) *Error {
	return &Error{Kind: ErrMalformed, Page: page, Reason: fmt.Sprintf(format, args...)}
}
