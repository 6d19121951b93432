package corpus

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/subproc/subproc"
)

// SniffLen is how many leading bytes Sniff looks at; more are ignored.
const SniffLen = 8 << 10

// pdfWindow is how far into a file a PDF header may start: PDF readers accept
// junk (a BOM, mail headers, a previous upload's bytes) before it.
const pdfWindow = 1 << 10

// extFormats maps lower-case file extensions to the format they claim.
var extFormats = map[string]subproc.Format{
	".txt":      subproc.FormatText,
	".text":     subproc.FormatText,
	".md":       subproc.FormatMarkdown,
	".markdown": subproc.FormatMarkdown,
	".rst":      subproc.FormatRST,
	".html":     subproc.FormatHTML,
	".htm":      subproc.FormatHTML,
	".pdf":      subproc.FormatPDF,
}

// Sniff decides the format of a file from its name and its first bytes
// (up to SniffLen of them). Content comes first: a PDF header in the first
// KiB (at a line start, after a BOM or junk), then binary content (returns
// ""), then an HTML doctype or <html> tag at the start (after a BOM,
// whitespace, an XML declaration or comments). Then the extension decides;
// a file without an extension whose content is text is text. Anything else
// is "": not a format subproc knows.
func Sniff(name string, head []byte) subproc.Format {
	if len(head) > SniffLen {
		head = head[:SniffLen]
	}
	if isPDF(head) {
		return subproc.FormatPDF
	}
	if isBinary(head) {
		return ""
	}
	if isHTML(head) {
		return subproc.FormatHTML
	}
	ext := strings.ToLower(filepath.Ext(name))
	if f, ok := extFormats[ext]; ok {
		return f
	}
	if ext == "" && len(head) > 0 {
		return subproc.FormatText
	}
	return ""
}

// claimed is the format a file's name claims, "" for an unknown extension.
func claimed(name string) subproc.Format {
	return extFormats[strings.ToLower(filepath.Ext(name))]
}

// format is the format corpus gives a file: Sniff's answer, except that a
// file named as a text document whose content is binary keeps the format its
// name claims, so that Decode says what is wrong with it instead of the run
// passing over it as unsupported.
func format(name string, head []byte) subproc.Format {
	f := Sniff(name, head)
	if f == "" && decodable[claimed(name)] && len(head) > 0 {
		return claimed(name)
	}
	return f
}

func isPDF(head []byte) bool {
	w := head[:min(len(head), pdfWindow)]
	for off := 0; ; {
		i := bytes.Index(w[off:], []byte("%PDF-"))
		if i < 0 {
			return false
		}
		i += off
		// Only at a line start or after non-text junk: a text file that
		// mentions "%PDF-1.7" in a sentence is not a PDF.
		if i == 0 || w[i-1] == '\n' || w[i-1] == '\r' || w[i-1] < 0x20 || w[i-1] >= 0x80 {
			return true
		}
		off = i + 1
	}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func isHTML(head []byte) bool {
	if order := utf16Kind(head); order != "" {
		head = utf16ASCII(head, order)
	}
	s := bytes.TrimPrefix(head, utf8BOM)
	for {
		s = bytes.TrimLeft(s, " \t\r\n\f")
		switch {
		case hasPrefixFold(s, "<!--"):
			end := bytes.Index(s, []byte("-->"))
			if end < 0 {
				return false
			}
			s = s[end+3:]
		case hasPrefixFold(s, "<?xml"):
			end := bytes.Index(s, []byte("?>"))
			if end < 0 {
				return false
			}
			s = s[end+2:]
		default:
			return hasPrefixFold(s, "<!doctype html") ||
				(hasPrefixFold(s, "<html") && len(s) > 5 && (s[5] == '>' || s[5] == ' ' || s[5] == '\t' || s[5] == '\r' || s[5] == '\n'))
		}
	}
}

func hasPrefixFold(s []byte, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(string(s[:len(prefix)]), prefix)
}

// binaryMagic are the starts of common binary files a corpus folder may hold
// next to its documents (office files, images, archives).
var binaryMagic = [][]byte{
	[]byte("PK\x03\x04"),         // zip: docx, xlsx, odt
	[]byte("\xD0\xCF\x11\xE0"),   // OLE: doc, xls, msg
	[]byte("\x1F\x8B"),           // gzip
	[]byte("\x89PNG\r\n\x1A\n"),  // png
	[]byte("\xFF\xD8\xFF"),       // jpeg
	[]byte("GIF8"),               // gif
	[]byte("\x7FELF"),            // executable
	[]byte("7z\xBC\xAF\x27\x1C"), // 7-zip
}

// isBinary reports whether head looks like binary data rather than text in
// some encoding. A known binary magic makes it binary; UTF-16 text is not
// binary. Otherwise
// NUL bytes beyond a stray few (more than 1 in 100 bytes, or a run of four),
// or more than 1 in 20 bytes being other control characters make it binary.
// A few stray NULs are left for Decode to remove.
func isBinary(head []byte) bool {
	if len(head) > SniffLen {
		head = head[:SniffLen]
	}
	if bytes.HasPrefix(head, utf16LEBOM) || bytes.HasPrefix(head, utf16BEBOM) {
		return false
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head, m) {
			return true
		}
	}
	if utf16Order(head) != "" {
		return false
	}
	nuls, controls := 0, 0
	for _, c := range head {
		switch {
		case c == 0:
			nuls++
		case c < 0x20 && !isTextControl(c):
			controls++
		}
	}
	return nuls*100 > len(head) || bytes.Contains(head, []byte{0, 0, 0, 0}) ||
		controls*20 > len(head)
}

// isTextControl reports whether c is a control byte that plain text files
// carry: tab, line ends, form and vertical feed, escape and the DOS end-of-file
// mark (Ctrl-Z).
func isTextControl(c byte) bool {
	switch c {
	case '\t', '\n', '\r', '\f', '\v', 0x1B, 0x1A:
		return true
	}
	return false
}

// utf16Kind says whether b is UTF-16, from its byte-order mark or else from
// the pattern of its NUL bytes: "le", "be" or "" (not UTF-16).
func utf16Kind(b []byte) string {
	switch {
	case bytes.HasPrefix(b, utf16LEBOM):
		return "le"
	case bytes.HasPrefix(b, utf16BEBOM):
		return "be"
	}
	return utf16Order(b)
}

var (
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// utf16Order guesses whether b is UTF-16 without a byte-order mark from where
// its NUL bytes fall: text in Latin scripts has a NUL high byte in most code
// units, so NULs crowd the odd offsets (little endian) or the even ones (big
// endian), and whole NUL code units are rare. It returns "le", "be" or "".
func utf16Order(b []byte) string {
	n := min(len(b), SniffLen) &^ 1
	if n < 4 {
		return ""
	}
	even, odd, null := 0, 0, 0
	for i := 0; i < n; i += 2 {
		switch {
		case b[i] == 0 && b[i+1] == 0:
			null++
		case b[i] == 0:
			even++
		case b[i+1] == 0:
			odd++
		}
	}
	units := n / 2
	switch {
	case null*100 > units: // U+0000 is not text: binary data with NULs in it
		return ""
	case odd*10 >= units*4 && even*20 <= units:
		return "le"
	case even*10 >= units*4 && odd*20 <= units:
		return "be"
	}
	return ""
}

// utf16ASCII keeps the low byte of each UTF-16 code unit of b: enough to look
// for ASCII markup, not a decoder.
func utf16ASCII(b []byte, order string) []byte {
	b = bytes.TrimPrefix(bytes.TrimPrefix(b, utf16LEBOM), utf16BEBOM)
	out := make([]byte, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if order == "le" {
			out = append(out, b[i])
		} else {
			out = append(out, b[i+1])
		}
	}
	return out
}
