package corpus

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/subproc/subproc"
)

func TestDecode(t *testing.T) {
	const nordic = "Underleverandører: Åbyhøj, Malmö, Ærø\n"
	tests := []struct {
		name     string
		raw      []byte
		format   subproc.Format
		want     string
		wantEnc  string
		wantErr  string
		unsuppor bool
	}{
		{name: "utf-8", raw: []byte(nordic), want: nordic, wantEnc: EncodingUTF8},
		{name: "utf-8 with BOM", raw: append([]byte{0xEF, 0xBB, 0xBF}, nordic...), want: nordic, wantEnc: EncodingUTF8},
		{name: "utf-16le with BOM", raw: append([]byte{0xFF, 0xFE}, utf16le(nordic)...), want: nordic, wantEnc: EncodingUTF16LE},
		{name: "utf-16be with BOM", raw: append([]byte{0xFE, 0xFF}, utf16be(nordic)...), want: nordic, wantEnc: EncodingUTF16BE},
		{name: "utf-16le without BOM", raw: utf16le(nordic), want: nordic, wantEnc: EncodingUTF16LE},
		{name: "utf-16be without BOM", raw: utf16be(nordic), want: nordic, wantEnc: EncodingUTF16BE},
		{name: "utf-16le CRLF", raw: append([]byte{0xFF, 0xFE}, utf16le("a\r\nb\r\n")...), want: "a\nb\n", wantEnc: EncodingUTF16LE},
		{name: "windows-1252 æøå", raw: []byte("Underleverand\xf8rer i \xc5rhus og \xe6bler \x80 \x93x\x94"),
			want: "Underleverandører i Århus og æbler € “x”", wantEnc: EncodingWindows1252},
		{name: "windows-1252 unassigned byte", raw: []byte("a\x81b"), want: "a\uFFFDb", wantEnc: EncodingWindows1252},
		{name: "utf-8 with a stray legacy byte", raw: []byte("Åbyhøj, Ærø og \xe6bler på Fyn"),
			want: "Åbyhøj, Ærø og æbler på Fyn", wantEnc: EncodingUTF8},
		{name: "CRLF", raw: []byte("a\r\nb\r\n\r\nc"), want: "a\nb\n\nc", wantEnc: EncodingUTF8},
		{name: "lone CR", raw: []byte("a\rb\r\rc\r"), want: "a\nb\n\nc\n", wantEnc: EncodingUTF8},
		{name: "controls", raw: []byte("a\tb\x01c\x1bd\x7fe\ff\vg\x1a" + strings.Repeat(" text", 20)),
			want: "a\tbcd\x7fe\nf\ng" + strings.Repeat(" text", 20), wantEnc: EncodingUTF8},
		{name: "stray NULs", raw: append(bytes.Repeat([]byte("tekst "), 40), "slut\x00\x00"...),
			want: strings.Repeat("tekst ", 40) + "slut", wantEnc: EncodingUTF8},
		{name: "NULs past the sniffed head", raw: append(bytes.Repeat([]byte("x"), SniffLen), "\x00\x00\x00\x00\x00y"...),
			want: strings.Repeat("x", SniffLen) + "y", wantEnc: EncodingUTF8},
		{name: "NBSP kept", raw: []byte("a\u00a0b"), want: "a\u00a0b", wantEnc: EncodingUTF8},
		{name: "markdown", raw: []byte("# x\r\n"), format: subproc.FormatMarkdown, want: "# x\n", wantEnc: EncodingUTF8},
		{name: "rst", raw: []byte("x\n=\n"), format: subproc.FormatRST, want: "x\n=\n", wantEnc: EncodingUTF8},
		{name: "unknown format, text content", raw: []byte("x"), format: "", want: "x", wantEnc: EncodingUTF8},

		{name: "empty", raw: nil, wantErr: "decode f.txt: empty file ("},
		{name: "binary", raw: []byte("\x00\x01\x02\x03\x00\x00\x00\x00\xff\xfe\x00"),
			wantErr: "decode f.txt: binary content, not text (is this really a text document?)"},
		{name: "binary zip named .txt", raw: []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00"), wantErr: "binary content, not text"},
		{name: "pdf", raw: []byte("%PDF-1.7\n"), format: subproc.FormatPDF,
			wantErr: "decode f.txt: unsupported format: PDF decoding is not set up in this program", unsuppor: true},
		{name: "html", raw: []byte("<!DOCTYPE html><title>x</title><h1>Underleverand\xf8rer</h1><p>\xc5rhus<br>\xc6r\xf8</p>"),
			format: subproc.FormatHTML, want: "# Underleverandører\n\nÅrhus\nÆrø\n", wantEnc: EncodingWindows1252},
		{name: "html with BOM", raw: append([]byte{0xEF, 0xBB, 0xBF}, "<html><script>x()</script><p>Åbyhøj</p>"...),
			format: subproc.FormatHTML, want: "Åbyhøj\n", wantEnc: EncodingUTF8},
		{name: "html, utf-16le", raw: append([]byte{0xFF, 0xFE}, utf16le("<html><p>Åbyhøj</p>")...),
			format: subproc.FormatHTML, want: "Åbyhøj\n", wantEnc: EncodingUTF16LE},
		{name: "html without text", raw: []byte("<html>"), format: subproc.FormatHTML, want: "", wantEnc: EncodingUTF8},
		{name: "html, binary", raw: []byte("\x00\x01\x02\x03\x00\x00\x00\x00\xff\xfe\x00"), format: subproc.FormatHTML,
			wantErr: "decode f.txt: binary content, not text (is this really an HTML page?)"},
		{name: "html too large", raw: bytes.Repeat([]byte("<b>"), 2<<20+1), format: subproc.FormatHTML,
			wantErr: "decode f.txt: html: page too large: more than 2097152 tags (split the page"},
		{name: "other format", raw: []byte("x"), format: "docx", wantErr: `unsupported format: "docx"`, unsuppor: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			format := tt.format
			if format == "" && tt.name != "unknown format, text content" {
				format = subproc.FormatText
			}
			doc := &subproc.Document{Path: "f.txt", Format: format, Raw: tt.raw}
			err := Decode(doc)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Decode error = %v, want one containing %q", err, tt.wantErr)
				}
				var e *Error
				if !errors.As(err, &e) || e.Stage != "decode" {
					t.Errorf("Decode error %v is not a decode *Error", err)
				}
				if got := errors.Is(err, ErrUnsupported); got != tt.unsuppor {
					t.Errorf("errors.Is(err, ErrUnsupported) = %v, want %v", got, tt.unsuppor)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if doc.Text != tt.want {
				t.Errorf("Text = %q, want %q", doc.Text, tt.want)
			}
			if doc.Encoding != tt.wantEnc {
				t.Errorf("Encoding = %q, want %q", doc.Encoding, tt.wantEnc)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	err := error(&Error{Path: "notes.txt", Stage: "decode", Err: errors.New("binary content, not text"), Hint: "is this really a text document?"})
	if got, want := err.Error(), "decode notes.txt: binary content, not text (is this really a text document?)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	err = &Error{Path: "a.txt", Stage: "read", Err: errors.New("boom")}
	if got, want := err.Error(), "read a.txt: boom"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("Underleverandører\r\nÅbyhøj\r"), "text")
	f.Add([]byte("\xEF\xBB\xBFbom"), "markdown")
	f.Add(append([]byte{0xFF, 0xFE}, utf16le("utf-16 æøå")...), "text")
	f.Add(append([]byte{0xFE, 0xFF}, utf16be("utf-16 æøå")...), "rst")
	f.Add(utf16le("no bom here, but NULs"), "text")
	f.Add([]byte("Underleverand\xf8rer \x80\x81"), "text")
	f.Add([]byte("\x00\x01\x02binary\x00\x00\x00\x00"), "text")
	f.Add([]byte("%PDF-1.7"), "pdf")
	f.Add([]byte{0xFF, 0xFE, 0x00, 0xD8, 'a'}, "text")
	f.Add([]byte{}, "")
	f.Fuzz(func(t *testing.T, raw []byte, format string) {
		doc := &subproc.Document{Path: "fuzz", Format: subproc.Format(format), Raw: raw}
		if err := Decode(doc); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Decode error %v is not an *Error", err)
			}
			return
		}
		if !utf8.ValidString(doc.Text) {
			t.Fatalf("Text is not valid UTF-8: %q", doc.Text)
		}
		for _, c := range []byte(doc.Text) {
			if c < 0x20 && c != '\t' && c != '\n' {
				t.Fatalf("Text keeps control byte %#x: %q", c, doc.Text)
			}
		}
		if doc.Encoding == "" {
			t.Fatalf("Encoding not set")
		}
	})
}
