package corpus

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/subproc/subproc"
	"github.com/subproc/subproc/corpus/layout"
	"github.com/subproc/subproc/corpus/pdf"
)

// fakePDF answers every document with its pages or its error.
type fakePDF struct {
	pages []layout.Page
	err   error
}

func (f fakePDF) Pages(ctx context.Context, data []byte) ([]layout.Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return f.pages, f.err
}

func TestDecoderPDF(t *testing.T) {
	page := layout.Page{Number: 1, Width: 595, Height: 842, Runs: []layout.Run{
		{Text: "Underleverandører", X: 72, Y: 760, W: 130, Size: 12, Font: "Helvetica"},
		{Text: "Søren Frichs Vej 44D, 8230 Åbyhøj", X: 72, Y: 700, W: 220, Size: 12, Font: "Helvetica"},
	}}
	tests := []struct {
		name     string
		reader   PDFReader
		want     string // in the text, or in the error
		wantKind error  // the error wraps it
		unsuppor bool
	}{
		{name: "text", reader: fakePDF{pages: []layout.Page{page}}, want: "Åbyhøj"},
		{name: "no reader", want: "PDF decoding is not set up", wantKind: ErrUnsupported, unsuppor: true},
		{name: "encrypted", reader: fakePDF{err: &pdf.Error{Kind: pdf.ErrEncrypted, Reason: "the document needs a password to open"}},
			want: "decode dpa.pdf: encrypted: the document needs a password (remove the password", wantKind: pdf.ErrEncrypted},
		{name: "encryption unknown", reader: fakePDF{err: &pdf.Error{Kind: pdf.ErrEncrypted, Reason: "AES-512"}},
			want: "encrypted: the document needs a password or an encryption subproc cannot open (AES-512)", wantKind: pdf.ErrEncrypted},
		{name: "scan", reader: fakePDF{err: &pdf.Error{Kind: pdf.ErrNoText}},
			want: "decode dpa.pdf: no text layer (scanned document; OCR not supported) (run OCR", wantKind: pdf.ErrNoText},
		{name: "font", reader: fakePDF{err: &pdf.Error{Kind: pdf.ErrFontEncoding, Hint: "print it again"}},
			want: "decode dpa.pdf: unreadable font encoding: the fonts have no Unicode mapping (print it again)", wantKind: pdf.ErrFontEncoding},
		{name: "malformed", reader: fakePDF{err: &pdf.Error{Kind: pdf.ErrMalformed, Reason: "broken xref"}},
			want: "decode dpa.pdf: malformed PDF: broken xref (the file may be damaged", wantKind: pdf.ErrMalformed},
		{name: "worker", reader: fakePDF{err: &pdf.WorkerError{Reader: "PDF reader", Kind: pdf.FailTimeout, After: 30 * time.Second}},
			want: "decode dpa.pdf: PDF reader timed out after 30s: the file may be malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &subproc.Document{Path: "dpa.pdf", Format: subproc.FormatPDF, Raw: []byte("%PDF-1.7\n")}
			err := Decoder{PDF: tt.reader}.Decode(doc)
			if tt.wantKind == nil && !strings.HasPrefix(tt.want, "decode") {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				if !strings.Contains(doc.Text, tt.want) || doc.Encoding != EncodingPDF {
					t.Errorf("Text = %q, Encoding = %q; want %q in the text, %q", doc.Text, doc.Encoding, tt.want, EncodingPDF)
				}
				lines := strings.Count(strings.TrimSuffix(doc.Text, "\n"), "\n") + 1
				if len(doc.Boxes) != lines {
					t.Errorf("%d boxes for %d lines", len(doc.Boxes), lines)
				}
				return
			}
			if err == nil {
				t.Fatalf("Decode gave %q, want an error", doc.Text)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
			if tt.wantKind != nil && !errors.Is(err, tt.wantKind) {
				t.Errorf("error %v does not wrap %v", err, tt.wantKind)
			}
			if got := errors.Is(err, ErrUnsupported); got != tt.unsuppor {
				t.Errorf("errors.Is(err, ErrUnsupported) = %v, want %v", got, tt.unsuppor)
			}
		})
	}
}

func TestDecoderCancelAndOtherFormats(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	doc := &subproc.Document{Path: "dpa.pdf", Format: subproc.FormatPDF, Raw: []byte("%PDF-1.7\n")}
	if err := (Decoder{PDF: fakePDF{}}).DecodeContext(ctx, doc); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error = %v, want context.Canceled", err)
	}
	txt := &subproc.Document{Path: "a.txt", Format: subproc.FormatText, Raw: []byte("Åbyhøj\r\n")}
	if err := (Decoder{PDF: fakePDF{err: errors.New("not called")}}).Decode(txt); err != nil || txt.Text != "Åbyhøj\n" {
		t.Errorf("text document: Text %q, error %v", txt.Text, err)
	}
}
