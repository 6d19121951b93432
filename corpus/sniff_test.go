package corpus

import (
	"bytes"
	"testing"

	"github.com/subproc/subproc"
)

// utf16le encodes ASCII-and-Latin-1 s as UTF-16LE without a byte-order mark.
func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// utf16be encodes ASCII-and-Latin-1 s as UTF-16BE without a byte-order mark.
func utf16be(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}

func TestSniff(t *testing.T) {
	text := []byte("Underdatabehandlere\n\nVi benytter følgende underdatabehandlere.\n")
	tests := []struct {
		name string
		head []byte
		want subproc.Format
	}{
		{"list.txt", text, subproc.FormatText},
		{"LIST.TXT", text, subproc.FormatText},
		{"list.text", text, subproc.FormatText},
		{"list.md", []byte("# Sub-processors\n\n| Name | Country |\n"), subproc.FormatMarkdown},
		{"list.markdown", text, subproc.FormatMarkdown},
		{"list.rst", []byte("Sub-processors\n==============\n"), subproc.FormatRST},
		{"README", text, subproc.FormatText},
		{"README", nil, ""},
		{"list.csv", text, ""},
		{"list.docx", []byte("PK\x03\x04\x14\x00\x06\x00"), ""},
		{"list.txt", []byte("PK\x03\x04\x14\x00\x06\x00"), ""},

		// PDF by content, wherever the name points.
		{"dpa.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), subproc.FormatPDF},
		{"dpa.txt", []byte("%PDF-1.4\n1 0 obj\x00\x00\x00\x00"), subproc.FormatPDF},
		{"download", []byte("\xEF\xBB\xBF%PDF-1.5\n"), subproc.FormatPDF},
		{"dpa.pdf", append(bytes.Repeat([]byte("Content-Type: application/pdf\r\n"), 10), "\r\n%PDF-1.6\n"...), subproc.FormatPDF},
		{"dpa.pdf", append(bytes.Repeat([]byte{0x00, 0x17, 0xA3}, 300), "%PDF-1.6\n"...), subproc.FormatPDF},
		{"dpa.pdf", append(bytes.Repeat([]byte("x"), 1100), "\n%PDF-1.6\n"...), subproc.FormatPDF}, // by extension: header too late
		{"notes.txt", []byte("The file starts with %PDF-1.7, the PDF magic.\n"), subproc.FormatText},
		{"notes.txt", append(bytes.Repeat([]byte("x"), 1100), "\n%PDF-1.6\n"...), subproc.FormatText},
		{"empty.pdf", nil, subproc.FormatPDF},

		// HTML by content.
		{"page", []byte("<!DOCTYPE html>\n<html lang=da>"), subproc.FormatHTML},
		{"page.txt", []byte("\xEF\xBB\xBF  <!doctype HTML><html>"), subproc.FormatHTML},
		{"page.md", []byte("<html>\n<body>"), subproc.FormatHTML},
		{"page", []byte("<?xml version=\"1.0\"?>\n<!-- saved -->\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"), subproc.FormatHTML},
		{"page", append([]byte{0xFF, 0xFE}, utf16le("<!DOCTYPE html><html>")...), subproc.FormatHTML},
		{"page.htm", []byte("<div>fragment</div>"), subproc.FormatHTML},
		{"page.html", []byte("<div>fragment</div>"), subproc.FormatHTML},
		{"notes.md", []byte("# Notes\n\n<html> tags are used in\n"), subproc.FormatMarkdown},
		{"notes.md", []byte("<htmlish>"), subproc.FormatMarkdown},

		// UTF-16 is text, not binary.
		{"list.txt", append([]byte{0xFF, 0xFE}, utf16le("Underleverandører")...), subproc.FormatText},
		{"list.txt", utf16le("Underleverandører og databehandlere"), subproc.FormatText},
		{"list", utf16be("Underleverandører og databehandlere"), subproc.FormatText},

		// Binary and near-binary.
		{"junk.txt", []byte("abc\x00\x00\x00\x00def"), ""},
		{"junk", []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, ""},
		{"ctrl.txt", bytes.Repeat([]byte("ab\x01\x02"), 100), ""},
		{"stray.txt", append(bytes.Repeat([]byte("Tekst med en enkelt NUL. "), 20), 0), subproc.FormatText},
		{"dos.txt", []byte("Tekst\r\nmed DOS-slut\r\n\x1A"), subproc.FormatText},
		{"latin1.txt", []byte("Underleverand\xf8rer i \xc5rhus"), subproc.FormatText},
	}
	for _, tt := range tests {
		if got := Sniff(tt.name, tt.head); got != tt.want {
			t.Errorf("Sniff(%q, %.30q) = %q, want %q", tt.name, tt.head, got, tt.want)
		}
	}
}

func TestFormatKeepsClaimedTextForBinary(t *testing.T) {
	junk := []byte("\x00\x01\x02\x03\x00\x00\x00\x00binary")
	if got := format("notes.txt", junk); got != subproc.FormatText {
		t.Errorf("format(notes.txt, binary) = %q, want %q so Decode reports it", got, subproc.FormatText)
	}
	if got := format("image.png", junk); got != "" {
		t.Errorf("format(image.png, binary) = %q, want \"\"", got)
	}
}

func TestUTF16Order(t *testing.T) {
	tests := []struct {
		b    []byte
		want string
	}{
		{utf16le("Hello, underdatabehandler"), "le"},
		{utf16be("Hello, underdatabehandler"), "be"},
		{[]byte("Hello, underdatabehandler"), ""},
		{[]byte("ab"), ""},
		{[]byte{0, 0, 0, 0, 0, 0, 0, 0}, ""},
	}
	for _, tt := range tests {
		if got := utf16Order(tt.b); got != tt.want {
			t.Errorf("utf16Order(%q) = %q, want %q", tt.b, got, tt.want)
		}
	}
}

func FuzzSniff(f *testing.F) {
	f.Add("a.txt", []byte("plain text\n"))
	f.Add("a.pdf", []byte("%PDF-1.7\n"))
	f.Add("a", []byte("<!-- x --><!DOCTYPE html>"))
	f.Add("a.md", []byte("<?xml"))
	f.Add("b.txt", append([]byte{0xFF, 0xFE}, utf16le("hi")...))
	f.Add("c.rst", []byte("\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		got := Sniff(name, head)
		switch got {
		case "", subproc.FormatText, subproc.FormatMarkdown, subproc.FormatRST,
			subproc.FormatHTML, subproc.FormatPDF:
		default:
			t.Fatalf("Sniff returned unknown format %q", got)
		}
		if len(head) > SniffLen && Sniff(name, head[:SniffLen]) != got {
			t.Fatalf("Sniff looked past SniffLen bytes")
		}
	})
}
