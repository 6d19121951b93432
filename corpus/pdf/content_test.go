package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/subproc/subproc/corpus/layout"
)

// buildPDF writes a PDF whose objects 1..n have the given bodies; object 1
// must be the catalog.
func buildPDF(objs ...string) []byte {
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, body := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, body)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return []byte(b.String())
}

func stream(dict, data string) string {
	return fmt.Sprintf("<< /Length %d %s >>\nstream\n%s\nendstream", len(data), dict, data)
}

// flateStream is stream("/Filter /FlateDecode", data compressed).
func flateStream(data string) string {
	var b bytes.Buffer
	z := zlib.NewWriter(&b)
	z.Write([]byte(data))
	z.Close()
	return stream("/Filter /FlateDecode", b.String())
}

// Standard fonts for the tests, objects 5 and 6 of onePage.
const (
	helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	// widths 500 for every code from 32: easy arithmetic
	mono = "<< /Type /Font /Subtype /Type1 /BaseFont /Mono /FirstChar 32 /LastChar 255 /Widths [" +
		"500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 " +
		"500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 " +
		"500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 " +
		"500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 " +
		"500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 " +
		"500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 " +
		"500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 500 " +
		"] /Encoding /WinAnsiEncoding >>"
)

// onePage builds a one-page PDF (595×842 unless pageExtra sets a
// MediaBox) drawing content, with /F1 Helvetica, /F2 the 500-unit font, /X1
// and /X2 objects 7 and 8 (from extra).
func onePage(pageExtra, content string, extra ...string) []byte {
	if !strings.Contains(pageExtra, "/MediaBox") {
		pageExtra += " /MediaBox [0 0 595 842]"
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> /XObject << /X1 7 0 R /X2 8 0 R >> >> /Contents 4 0 R " + pageExtra + " >>",
		stream("", content),
		helvetica,
		mono,
	}
	return buildPDF(append(objs, extra...)...)
}

func readOne(tb testing.TB, data []byte) layout.Page {
	tb.Helper()
	pages, err := Read(data, Options{})
	if err != nil {
		tb.Fatalf("Read: %v", err)
	}
	if len(pages) != 1 {
		tb.Fatalf("got %d pages, want 1", len(pages))
	}
	return pages[0]
}

func near64(a, b float64) bool { return math.Abs(a-b) < 1e-3 }

type wantRun struct {
	text       string
	x, y, w, s float64
}

func checkRuns(tb testing.TB, got []layout.Run, want []wantRun) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("got %d runs %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Text != w.text || !near64(g.X, w.x) || !near64(g.Y, w.y) || !near64(g.W, w.w) || !near64(g.Size, w.s) {
			tb.Errorf("run %d = %q x=%.3f y=%.3f w=%.3f size=%.3f, want %q x=%.3f y=%.3f w=%.3f size=%.3f",
				i, g.Text, g.X, g.Y, g.W, g.Size, w.text, w.x, w.y, w.w, w.s)
		}
	}
}

// The 500-unit font /F2 at size 10 advances 5 points per glyph.
func TestTextState(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []wantRun
	}{
		{"Td", "BT /F2 10 Tf 100 700 Td (ab) Tj 0 -20 Td (c) Tj ET",
			[]wantRun{{"ab", 100, 700, 10, 10}, {"c", 100, 680, 5, 10}}},
		{"Td moves from the line start, not the pen", "BT /F2 10 Tf 100 700 Td (abcd) Tj 50 0 Td (e) Tj ET",
			[]wantRun{{"abcd", 100, 700, 20, 10}, {"e", 150, 700, 5, 10}}},
		{"TD sets the leading", "BT /F2 10 Tf 100 700 Td 0 -12 TD (a) Tj T* (b) Tj ET",
			[]wantRun{{"a", 100, 688, 5, 10}, {"b", 100, 676, 5, 10}}},
		{"TL, T*, ' and \"", "BT /F2 10 Tf 14 TL 100 700 Td (a) Tj T* (b) Tj (c) ' 2 1 (d e) \" ET",
			[]wantRun{{"a", 100, 700, 5, 10}, {"b", 100, 686, 5, 10}, {"c", 100, 672, 5, 10}, {"d e", 100, 658, 5*3 + 3*1 + 2, 10}}},
		{"Tm replaces the matrix and scales the size", "BT /F2 10 Tf 2 0 0 2 50 60 Tm (ab) Tj ET",
			[]wantRun{{"ab", 50, 60, 20, 20}}},
		{"Tc and Tw", "BT /F2 10 Tf 1 Tc 4 Tw 0 0 Td (a b) Tj ET",
			[]wantRun{{"a b", 0, 0, 15 + 3 + 4, 10}}},
		{"Tw only on the single-byte space", "BT /F2 10 Tf 4 Tw 0 0 Td (ab) Tj ET",
			[]wantRun{{"ab", 0, 0, 10, 10}}},
		{"Tz scales advances, not the size", "BT /F2 10 Tf 50 Tz 10 10 Td (abcd) Tj (e) Tj ET",
			[]wantRun{{"abcde", 10, 10, 12.5, 10}}},
		{"Ts raises the baseline", "BT /F2 10 Tf 3 Ts 10 10 Td (a) Tj 0 Ts (b) Tj ET",
			[]wantRun{{"a", 10, 13, 5, 10}, {"b", 15, 10, 5, 10}}},
		{"TJ kerning stays in the run", "BT /F2 10 Tf 10 10 Td [(Ka) -20 (pi) 30 (tal)] TJ ET",
			[]wantRun{{"Kapital", 10, 10, 35 + 0.2 - 0.3, 10}}},
		{"TJ gaps split runs and move the pen", "BT /F2 10 Tf 10 10 Td [(ab) -1000 (cd) 500 (e)] TJ (f) Tj ET",
			[]wantRun{{"ab", 10, 10, 10, 10}, {"cd", 30, 10, 10, 10}, {"ef", 35, 10, 10, 10}}},
		{"TJ without a spurious glyph", "BT /F2 10 Tf 0 0 Td [(a)] TJ [(b)] TJ ET",
			[]wantRun{{"ab", 0, 0, 10, 10}}},
		{"glyphs placed one by one join; a gap splits", "BT /F2 10 Tf 0 0 Td (a) Tj 5 0 Td (b) Tj 7 0 Td (c) Tj /F1 10 Tf 5 0 Td (d) Tj ET",
			[]wantRun{{"ab", 0, 0, 10, 10}, {"c", 12, 0, 5, 10}, {"d", 17, 0, 5.30, 10}}},
		{"cm and q/Q", "q 2 0 0 2 10 20 cm BT /F2 10 Tf 5 5 Td (a) Tj ET Q BT /F2 10 Tf 5 5 Td (b) Tj ET",
			[]wantRun{{"a", 20, 30, 10, 20}, {"b", 5, 5, 5, 10}}},
		{"BT resets the matrices", "BT /F2 10 Tf 100 100 Td (a) Tj ET BT (b) Tj ET",
			[]wantRun{{"a", 100, 100, 5, 10}, {"b", 0, 0, 5, 10}}},
		{"text state survives ET but q/Q restores it", "q BT /F2 10 Tf 2 Tc ET Q BT /F2 10 Tf 0 0 Td (a) Tj ET",
			[]wantRun{{"a", 0, 0, 5, 10}}},
		{"unbalanced Q", "Q Q BT /F2 10 Tf 1 1 Td (a) Tj ET",
			[]wantRun{{"a", 1, 1, 5, 10}}},
		{"rotated text: W along the baseline", "BT /F2 10 Tf 0 1 -1 0 100 100 Tm (ab) Tj ET",
			[]wantRun{{"ab", 100, 100, 10, 10}}},
		{"missing font falls back", "BT /F9 10 Tf 0 0 Td (Hi) Tj ET",
			[]wantRun{{"Hi", 0, 0, 6.60 + 2.30, 10}}}, // sans model: upper H 660, narrow i 230
		{"standard font without /Widths uses the width model", "BT /F1 10 Tf 0 0 Td (W\xe6) Tj ET",
			[]wantRun{{"Wæ", 0, 0, 8.60 + 8.60, 10}}}, // W and æ are wide: 860 each
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := readOne(t, onePage("", tt.content))
			checkRuns(t, p.Runs, tt.want)
		})
	}
}

func TestMatrix(t *testing.T) {
	m := matrix{2, 0, 0, 3, 10, 20}.mul(matrix{0, 1, -1, 0, 5, 0})
	x, y := m.apply(1, 1)
	// (1,1) → (12, 23) → (-23+5, 12)
	if !near64(x, -18) || !near64(y, 12) {
		t.Errorf("apply = %v, %v, want -18, 12", x, y)
	}
	tr := identity.translate(3, 4)
	if tr != (matrix{1, 0, 0, 1, 3, 4}) {
		t.Errorf("translate = %v", tr)
	}
	scaled := matrix{2, 0, 0, 2, 1, 1}.translate(3, 4)
	if scaled != (matrix{2, 0, 0, 2, 7, 9}) {
		t.Errorf("translate in scaled space = %v", scaled)
	}
}

func TestPageSpace(t *testing.T) {
	tests := []struct {
		name       string
		extra      string
		w, h, x, y float64
	}{
		{"plain", "", 595, 842, 100, 50},
		{"offset MediaBox", "/MediaBox [10 20 605 862]", 595, 842, 90, 30},
		{"rotate 90", "/Rotate 90", 842, 595, 50, 495},
		{"rotate 180", "/Rotate 180", 595, 842, 495, 792},
		{"rotate 270", "/Rotate -90", 842, 595, 792, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := readOne(t, onePage(tt.extra, "BT /F2 10 Tf 100 50 Td (a) Tj ET"))
			if !near64(p.Width, tt.w) || !near64(p.Height, tt.h) {
				t.Errorf("size = %v×%v, want %v×%v", p.Width, p.Height, tt.w, tt.h)
			}
			if len(p.Runs) != 1 || !near64(p.Runs[0].X, tt.x) || !near64(p.Runs[0].Y, tt.y) {
				t.Errorf("runs = %+v, want one at %v,%v", p.Runs, tt.x, tt.y)
			}
		})
	}
}

func TestForms(t *testing.T) {
	form := func(dict, content string) string {
		return stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] "+dict, content)
	}
	t.Run("matrix and own resources", func(t *testing.T) {
		data := onePage("", "q 1 0 0 1 100 0 cm /X1 Do Q BT /F2 10 Tf 0 0 Td (z) Tj ET",
			form("/Matrix [2 0 0 2 0 10] /Resources << /Font << /F7 6 0 R >> >>", "BT /F7 10 Tf 5 5 Td (a) Tj ET"),
			form("", ""))
		p := readOne(t, data)
		checkRuns(t, p.Runs, []wantRun{{"a", 110, 20, 10, 20}, {"z", 0, 0, 5, 10}})
	})
	t.Run("inherits resources, restores state", func(t *testing.T) {
		data := onePage("", "BT /F2 10 Tf 0 0 Td (a) Tj ET /X1 Do BT 0 0 Td (b) Tj ET",
			form("", "BT /F1 20 Tf 1 Tc 50 50 Td (c) Tj ET Q Q"), form("", ""))
		p := readOne(t, data)
		if len(p.Runs) != 3 || p.Runs[1].Text != "c" || p.Runs[1].Size != 20 || p.Runs[2].Size != 10 || p.Runs[2].W != 5 {
			t.Errorf("runs = %+v", p.Runs)
		}
	})
	t.Run("cycle", func(t *testing.T) {
		data := onePage("", "/X1 Do",
			form("/Resources << /XObject << /X1 7 0 R /X2 8 0 R >> /Font << /F2 6 0 R >> >>", "BT /F2 10 Tf (a) Tj ET /X2 Do /X1 Do"),
			form("/Resources << /XObject << /X1 7 0 R >> /Font << /F2 6 0 R >> >>", "BT /F2 10 Tf (b) Tj ET /X1 Do"))
		p := readOne(t, data)
		if got := runText(p.Runs); got != "ab" {
			t.Errorf("text = %q, want ab", got)
		}
	})
	t.Run("depth limit", func(t *testing.T) {
		// a chain of 8 distinct forms, each showing "a" and drawing the next
		objs := []string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /X 6 0 R >> >> /Contents 4 0 R >>",
			stream("", "/X Do"),
			mono,
		}
		for i := 0; i < 8; i++ {
			objs = append(objs, form(fmt.Sprintf("/Resources << /XObject << /X %d 0 R >> /Font << /F 5 0 R >> >>", 7+i), "BT /F 10 Tf (a) Tj ET /X Do"))
		}
		for _, tt := range []struct{ depth, want int }{{5, 5}, {0, 8}} {
			pages, err := Read(buildPDF(objs...), Options{MaxDepth: tt.depth})
			if err != nil {
				t.Fatal(err)
			}
			if got := runText(pages[0].Runs); got != strings.Repeat("a", tt.want) {
				t.Errorf("MaxDepth %d: text = %q, want %d a", tt.depth, got, tt.want)
			}
		}
	})
}

func runText(runs []layout.Run) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

func seg(x0, y0, x1, y1 float64) layout.Segment {
	return layout.Segment{X0: x0, Y0: y0, X1: x1, Y1: y1}
}

func TestRules(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []layout.Segment
	}{
		{"stroked rectangle", "10 20 100 50 re S",
			[]layout.Segment{seg(10, 20, 110, 20), seg(110, 20, 110, 70), seg(10, 70, 110, 70), seg(10, 20, 10, 70)}},
		{"stroked lines", "10 10 m 200 10 l 200 300 l S",
			[]layout.Segment{seg(10, 10, 200, 10), seg(200, 10, 200, 300)}},
		{"closed with s", "0 0 m 10 0 l 10 10 l 0 10 l s",
			[]layout.Segment{seg(0, 0, 10, 0), seg(10, 0, 10, 10), seg(0, 10, 10, 10), seg(0, 0, 0, 10)}},
		{"diagonals and curves are not rules", "0 0 m 100 100 l S 0 0 m 10 10 20 0 30 0 c S", nil},
		{"thin filled rectangles are rules", "q 0.24 0 0 0.24 0 0 cm 8 8 1 64 re f 8 8 98 1 re f Q",
			[]layout.Segment{seg(2.04, 1.92, 2.04, 17.28), seg(1.92, 2.04, 25.44, 2.04)}},
		{"a background fill is not a rule", "10 10 100 40 re f", nil},
		{"a filled thin polygon is a rule", "0 0 m 100 0 l 100 1 l 0 1 l h f",
			[]layout.Segment{seg(0, 0.5, 100, 0.5)}},
		{"clipping paths are not rules", "0 0 595 842 re W n", nil},
		{"in page space", "1 0 0 1 5 5 cm 0 0 m 10 0 l S", []layout.Segment{seg(5, 5, 15, 5)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := readOne(t, onePage("", "BT /F2 10 Tf (x) Tj ET "+tt.content))
			if len(p.Rules) != len(tt.want) {
				t.Fatalf("rules = %v, want %v", p.Rules, tt.want)
			}
			for i, w := range tt.want {
				g := p.Rules[i]
				if !near64(g.X0, w.X0) || !near64(g.Y0, w.Y0) || !near64(g.X1, w.X1) || !near64(g.Y1, w.Y1) {
					t.Errorf("rule %d = %v, want %v", i, g, w)
				}
			}
		})
	}
}

func TestShapes(t *testing.T) {
	// a disc as Chromium draws a bullet: four Bézier quarters, scaled by the CTM
	disc := "q 0.5 0 0 0.5 0 0 cm 29 254 m 29 255.1 28.1 256 27 256 c 25.9 256 25 255.1 25 254 c 25 252.9 25.9 252 27 252 c 28.1 252 29 252.9 29 254 c h f Q"
	tests := []struct {
		name    string
		content string
		want    []layout.Shape
	}{
		{"filled disc", disc, []layout.Shape{{X0: 12.5, Y0: 126, X1: 14.5, Y1: 128}}},
		{"filled square", "40 50 4 4 re f", []layout.Shape{{X0: 40, Y0: 50, X1: 44, Y1: 54}}},
		{"stroked circle", "10 10 m 10 12 12 12 12 12 c 14 12 14 10 14 10 c 14 8 12 8 12 8 c 10 8 10 10 10 10 c h S", []layout.Shape{{X0: 10, Y0: 8, X1: 14, Y1: 12}}},
		{"stroked square is a frame, not a bullet", "40 50 4 4 re S", nil},
		{"too large", "40 50 40 40 re f", nil},
		{"too long", "40 50 8 2 re f", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := readOne(t, onePage("", "BT /F2 10 Tf (x) Tj ET "+tt.content))
			if len(p.Shapes) != len(tt.want) {
				t.Fatalf("shapes = %v, want %v", p.Shapes, tt.want)
			}
			for i, w := range tt.want {
				g := p.Shapes[i]
				if !near64(g.X0, w.X0) || !near64(g.Y0, w.Y0) || !near64(g.X1, w.X1) || !near64(g.Y1, w.Y1) {
					t.Errorf("shape %d = %v, want %v", i, g, w)
				}
			}
		})
	}
}

func TestLimitsAndStatuses(t *testing.T) {
	image := stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x00")
	t.Run("image only", func(t *testing.T) {
		_, err := Read(onePage("", "q 595 0 0 842 0 0 cm /X1 Do Q", image, image), Options{})
		var e *Error
		if !errors.Is(err, ErrNoText) || !errors.As(err, &e) || !strings.Contains(e.Reason, "1 image") {
			t.Errorf("err = %v, want ErrNoText with 1 image", err)
		}
	})
	t.Run("empty page", func(t *testing.T) {
		// nothing drawn: no scan, so no advice to run OCR
		if _, err := Read(onePage("", ""), Options{}); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "without text or images") {
			t.Errorf("err = %v, want ErrMalformed (nothing drawn)", err)
		}
	})
	t.Run("image and a damaged content stream", func(t *testing.T) {
		// a page that draws an image, and a page whose text cannot be decoded: not a scan
		data := buildPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /X1 5 0 R >> >> /Contents 4 0 R >>",
			stream("", "q 595 0 0 842 0 0 cm /X1 Do Q"), image,
			"<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>",
			stream("/Filter /FlateDecode", "not zlib"))
		_, err := Read(data, Options{})
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "page 2: content stream could not be decoded") {
			t.Errorf("err = %v, want ErrMalformed naming page 2's content stream", err)
		}
	})
	t.Run("MaxStreamBytes", func(t *testing.T) {
		data := buildPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F2 5 0 R >> >> /Contents 4 0 R >>",
			flateStream(strings.Repeat(" ", 5000)+"BT /F2 10 Tf (a) Tj ET"), mono)
		_, err := Read(data, Options{MaxStreamBytes: 4096})
		var e *Error
		if !errors.Is(err, ErrMalformed) || !errors.As(err, &e) || e.Limit != "MaxStreamBytes" || !strings.Contains(e.Reason, "4 KiB") {
			t.Errorf("err = %v, want ErrMalformed with Limit MaxStreamBytes", err)
		}
		if _, err := Read(data, Options{MaxStreamBytes: 8192}); err != nil {
			t.Errorf("err = %v under the limit", err)
		}
		// the same stream listed many times counts each time
		data = buildPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F2 5 0 R >> >> /Contents [4 0 R 4 0 R 4 0 R 6 0 R] >>",
			stream("", strings.Repeat(" ", 2000)), mono, stream("", "BT /F2 10 Tf (a) Tj ET"))
		if _, err := Read(data, Options{MaxStreamBytes: 4096}); !errors.As(err, &e) || e.Limit != "MaxStreamBytes" {
			t.Errorf("err = %v, want Limit MaxStreamBytes for a stream listed 3 times", err)
		}
	})
	t.Run("deep nesting", func(t *testing.T) {
		content := "BT /F2 10 Tf (a) Tj ET " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
		_, err := Read(onePage("", content), Options{})
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "nested more than") {
			t.Errorf("err = %v, want ErrMalformed (nesting)", err)
		}
		// brackets inside strings and comments do not count
		content = "BT /F2 10 Tf (" + strings.Repeat("[", 1500) + ") Tj ET %" + strings.Repeat("[", 1500) + "\n"
		if _, err := Read(onePage("", content), Options{}); err != nil {
			t.Errorf("err = %v, want none for brackets in a string and a comment", err)
		}
	})
	t.Run("MaxOps", func(t *testing.T) {
		content := strings.Repeat("q Q ", 100) + "BT /F2 10 Tf (a) Tj ET"
		if _, err := Read(onePage("", content), Options{MaxOps: 50}); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "content operators") {
			t.Errorf("err = %v, want ErrMalformed (operators)", err)
		}
		if _, err := Read(onePage("", content), Options{MaxOps: 500}); err != nil {
			t.Errorf("err = %v under the limit", err)
		}
	})
	t.Run("MaxPages", func(t *testing.T) {
		data := buildPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R 3 0 R 3 0 R] /Count 3 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F2 5 0 R >> >> /Contents 4 0 R >>",
			stream("", "BT /F2 10 Tf (a) Tj ET"), mono)
		pages, err := Read(data, Options{})
		if err != nil || len(pages) != 3 || pages[2].Number != 3 {
			t.Fatalf("pages = %d, err = %v; want 3 pages", len(pages), err)
		}
		if _, err := Read(data, Options{MaxPages: 2}); !errors.Is(err, ErrMalformed) {
			t.Errorf("err = %v, want ErrMalformed (too many pages)", err)
		}
	})
	t.Run("broken content keeps what was read", func(t *testing.T) {
		pages, err := Read(onePage("", "BT /F2 10 Tf (a) Tj ET"), Options{})
		if err != nil || runText(pages[0].Runs) != "a" {
			t.Fatalf("baseline: %v", err)
		}
		// a page whose content stream cannot be decoded, next to a good one
		data := buildPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F2 5 0 R >> >> /Contents 4 0 R >>",
			stream("", "BT /F2 10 Tf (a) Tj ET"), mono,
			"<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>",
			stream("/Filter /FlateDecode", "not zlib"))
		pages, err = Read(data, Options{})
		if err != nil || len(pages) != 2 || runText(pages[0].Runs) != "a" || len(pages[1].Runs) != 0 {
			t.Errorf("pages = %+v, err = %v", pages, err)
		}
		data = buildPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
			stream("/Filter /FlateDecode", "not zlib"))
		if _, err := Read(data, Options{}); !errors.Is(err, ErrMalformed) {
			t.Errorf("err = %v, want ErrMalformed when no page reads", err)
		}
	})
	t.Run("not a PDF", func(t *testing.T) {
		for _, data := range [][]byte{nil, []byte("hello"), []byte("%PDF-1.4\n%%EOF\n")} {
			if _, err := Read(data, Options{}); !errors.Is(err, ErrMalformed) {
				t.Errorf("Read(%q) err = %v, want ErrMalformed", data, err)
			}
		}
	})
	t.Run("page tree that contains itself", func(t *testing.T) {
		data := buildPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 5 >>",
			"<< /Type /Page /Parent 3 0 R /Resources << /Font << /F2 5 0 R >> >> /Contents 4 0 R >>",
			stream("", "BT /F2 10 Tf (a) Tj ET"), mono)
		pages, err := Read(data, Options{})
		if err != nil || len(pages) != 1 {
			t.Errorf("pages = %d, err = %v; want 1 page", len(pages), err)
		}
	})
	t.Run("huge xref subsection", func(t *testing.T) {
		data := string(onePage("", "BT /F2 10 Tf (a) Tj ET"))
		i := strings.Index(data, "trailer")
		data = data[:i] + "999999999 1\n0000000000 00000 n \n" + data[i:]
		if _, err := Read([]byte(data), Options{}); !errors.Is(err, ErrMalformed) {
			t.Errorf("err = %v, want ErrMalformed", err)
		}
	})
}

func TestRepair(t *testing.T) {
	good := onePage("", "BT /F2 10 Tf (a) Tj ET")
	tests := map[string][]byte{
		"BOM":          append([]byte("\xef\xbb\xbf"), good...),
		"trailing NUL": append(append([]byte{}, good...), make([]byte, 300)...),
		"PDF 2.0":      append([]byte("%PDF-2.0"), good[8:]...),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			p := readOne(t, data)
			if runText(p.Runs) != "a" {
				t.Errorf("text = %q", runText(p.Runs))
			}
		})
	}
}
