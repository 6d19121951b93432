package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/subproc/subproc/corpus/textenc"
	"strings"

	"golang.org/x/text/encoding/unicode"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/corpus/htmltext"
)

// Encodings Decode reports in Document.Encoding.
const (
	EncodingUTF8        = "utf-8"
	EncodingUTF16LE     = "utf-16le"
	EncodingUTF16BE     = "utf-16be"
	EncodingWindows1252 = "windows-1252"
)

// Decode turns doc.Raw into doc.Text and sets doc.Encoding.
//
// The encoding is decided in this order: a UTF-8 or UTF-16 byte-order mark
// (stripped); UTF-16 without a mark, told by where its NUL bytes fall; valid
// UTF-8; otherwise Windows-1252, the superset of ISO-8859-1 that legacy
// Nordic files are in practice. Bytes that are not valid UTF-8 in an
// otherwise UTF-8 file are read as Windows-1252 one by one, so neither a
// stray legacy "æ" nor the UTF-8 "æ" around it turns into mojibake ("Ã¦").
// Windows-1252's five unassigned bytes become U+FFFD.
//
// The text then gets "\n" line ends (CRLF and lone CR), form and vertical
// feeds become "\n" too, and NUL and the other C0 control characters except
// tab are removed. NBSP and other Unicode spaces are kept for normalisation.
//
// An HTML page is rendered to subproc's text form by htmltext.Render, which
// takes the charset from the page itself (a byte-order mark, the HTTP
// Content-Type of a fetched page, a <meta> declaration, else sniffing) and
// leaves scripts and page chrome out. A fetched text document that is not
// valid UTF-8 is read in the charset its Content-Type names, if any.
//
// Errors are *Error with Stage "decode": an empty file, binary content (see
// Sniff), an HTML page beyond htmltext's limits, and the formats subproc
// recognises but does not decode here (PDF, which needs a Decoder with a PDF
// reader), which wrap ErrUnsupported.
// A document whose Format is "" is decoded as text if its content is text.
func Decode(doc *subproc.Document) error {
	fail := func(err error, hint string) error {
		return &Error{Path: doc.Path, Stage: "decode", Err: err, Hint: hint}
	}
	switch {
	case doc.Format == subproc.FormatPDF:
		// PDFs are read in worker processes, which a Decoder with a PDF reader owns.
		return Decoder{}.decodePDF(context.Background(), doc)
	case doc.Format != "" && !decodable[doc.Format]:
		return fail(fmt.Errorf("%w: %q", ErrUnsupported, doc.Format), "")
	case len(doc.Raw) == 0:
		return fail(errors.New("empty file"), "the file has no bytes; was it saved or downloaded completely?")
	}

	raw := doc.Raw
	var text, enc string
	switch {
	case doc.Format == subproc.FormatHTML:
		return decodeHTML(doc, fail)
	case bytes.HasPrefix(raw, utf8BOM):
		text, enc = decodeUTF8(raw[len(utf8BOM):])
	case isBinary(raw[:min(len(raw), SniffLen)]):
		return fail(errors.New("binary content, not text"), "is this really a text document?")
	case utf16Kind(raw) == "le":
		text, enc = decodeUTF16(raw, unicode.LittleEndian), EncodingUTF16LE
	case utf16Kind(raw) == "be":
		text, enc = decodeUTF16(raw, unicode.BigEndian), EncodingUTF16BE
	default:
		text, enc = decodeText(doc, raw)
	}
	doc.Text = clean(text)
	doc.Encoding = enc
	return nil
}

// decodeHTML renders an HTML page to the text form; binary content fails as
// it does for text, and htmltext's errors keep their hint.
func decodeHTML(doc *subproc.Document, fail func(error, string) error) error {
	if isBinary(doc.Raw[:min(len(doc.Raw), SniffLen)]) {
		return fail(errors.New("binary content, not text"), "is this really an HTML page?")
	}
	text, enc, err := htmltext.Render(doc.Raw, contentType(doc))
	if err != nil {
		hint := ""
		var he *htmltext.Error
		if errors.As(err, &he) {
			hint = he.Hint
		}
		return fail(err, hint)
	}
	doc.Text, doc.Encoding = text, enc
	return nil
}

// decodeUTF16 decodes UTF-16 in the given byte order, dropping a byte-order
// mark. Unpaired surrogates and an odd last byte become U+FFFD.
func decodeUTF16(raw []byte, order unicode.Endianness) string {
	// The decoder only fails on write errors, which a byte slice never has.
	out, _ := unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(raw)
	return strings.TrimPrefix(string(out), "\uFEFF")
}

// decodeUTF8 decodes raw as UTF-8, stray bytes as Windows-1252 (see
// textenc.Lenient), and names the encoding after the majority.
func decodeUTF8(raw []byte) (string, string) {
	text, multi, invalid := textenc.Lenient(raw)
	if invalid == 0 || multi > invalid {
		return text, EncodingUTF8
	}
	return text, EncodingWindows1252
}

// clean gives s "\n" line ends and drops the C0 control characters text
// extraction has no use for; form and vertical feeds become line ends.
func clean(s string) string {
	needs := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' {
			needs = true
			break
		}
	}
	if !needs {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == '\f' || c == '\v':
			b.WriteByte('\n')
		case c < 0x20 && c != '\t' && c != '\n':
			// dropped
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
