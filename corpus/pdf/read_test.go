package pdf

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/subproc/subproc/corpus/layout"
)

// The samples of ../shared/pdf-samples (how each was made: its README),
// read in process. The files that hang or exhaust the library (cyclic page
// trees, huge counts and xref tables, deep nesting) are left to the guarded
// tests of samples_test.go.
var sharedSamples = filepath.Join("..", "..", "..", "shared", "pdf-samples")

func sharedSample(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(sharedSamples, name))
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("%s is missing: these tests read ../shared/pdf-samples beside the repository", name)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// Seed 003's sub-processors, and words with Nordic letters, as they must
// come out of every rendition of it.
var seed003Names = []string{
	"Amazon", "Azure (Microsoft)", "Microsoft", "Clearhaus", "Spar Nord A/S", "Google", "Sproom",
	"Sharp Spring", "Zapier", "ZenDesk", "QuickPay", "Webhosting.dk", "E-conomic", "PopUp Maker",
	"årshjul", "Tyskland", "Kundeservice", "støttesystem", "åpenhetsrapport", "Funksjonsbeskrivelse",
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// pagesRunText joins the runs of pages in order.
func pagesRunText(pages []layout.Page) string {
	var b strings.Builder
	for _, p := range pages {
		b.WriteString(runText(p.Runs))
		b.WriteString("\n")
	}
	return b.String()
}

// checkText fails unless the runs' text, joined in order, holds every want
// (compared without white space, which layout restores from the positions)
// and no replacement or control characters.
func checkText(tb testing.TB, pages []layout.Page, want []string) {
	tb.Helper()
	text := pagesRunText(pages)
	sq := noSpace(text)
	for _, w := range want {
		if !strings.Contains(sq, noSpace(w)) {
			tb.Errorf("text lacks %q", w)
		}
	}
	for _, r := range text {
		if r == unicode.ReplacementChar || r < 0x20 && r != '\n' || r >= 0xe000 && r <= 0xf8ff {
			tb.Errorf("text holds %U", r)
			break
		}
	}
	if !utf8.ValidString(text) {
		tb.Error("text is not UTF-8")
	}
}

func TestSharedSamples(t *testing.T) {
	crafted := []string{"Søren Frichs Vej 44D, 8230 Åbyhøj – “Ændring” € Jönköping"}
	tests := []struct {
		file  string
		want  []string
		err   error
		pages int
	}{
		{"libreoffice_seed003_table.pdf", seed003Names, nil, 2},
		{"chromium_seed003_table.pdf", seed003Names, nil, 2},
		{"ghostscript_rewrite_of_lo003.pdf", seed003Names, nil, 2},
		{"header_pdf20.pdf", seed003Names, nil, 2},
		{"leading_utf8_bom.pdf", seed003Names, nil, 2},
		{"trailing_300_nul_bytes.pdf", seed003Names, nil, 2},
		{"qpdf_merged_lo003_lotxt001.pdf", append([]string{"Databehandleraftale", "Søren Frichs Vej 44D", "8230 Åbyhøj"}, seed003Names...), nil, 11},
		{"libreoffice_seed001_dpa.pdf", []string{"Databehandleraftale", "8230 Åbyhøj", "underdatabehandlere"}, nil, 10},
		{"chromium_seed001_dpa.pdf", []string{"Databehandleraftale", "8230 Åbyhøj", "underdatabehandlere"}, nil, 10},
		{"crafted_ok_helvetica_winansi.pdf", crafted, nil, 1},
		{"crafted_unbalanced_Q.pdf", crafted, nil, 1},
		{"crafted_form_xobject_text.pdf", crafted, nil, 1},
		{"crafted_differences_baseenc.pdf", []string{"Grånland – “Ny” € 5 æøå"}, nil, 1},
		{"crafted_tstar.pdf", []string{"Linje en", "Linje to", "Kapital"}, nil, 1},
		{"crafted_type0_no_tounicode.pdf", nil, ErrFontEncoding, 0},
		// The library rejects AES-256 (V=5) and derives wrong RC4 keys below
		// 128 bits, so both "protected" samples come back encrypted; a pdfium
		// fallback reads them.
		{"enc_aes256_empty_userpw.pdf", nil, ErrEncrypted, 0},
		{"enc_rc4_40_empty_userpw.pdf", nil, ErrEncrypted, 0},
		// A broken xref needs reconstruction, which the library lacks.
		{"startxref_off_by_7.pdf", nil, ErrMalformed, 0},
		{"all_offsets_shifted_20.pdf", nil, ErrMalformed, 0},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".pdf"), func(t *testing.T) {
			pages, err := Read(sharedSample(t, tt.file), Options{})
			if tt.err != nil {
				var e *Error
				if !errors.Is(err, tt.err) || !errors.As(err, &e) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				t.Logf("status: %v", err)
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if len(pages) != tt.pages {
				t.Errorf("got %d pages, want %d", len(pages), tt.pages)
			}
			for i, p := range pages {
				if p.Number != i+1 || p.Width < 500 || p.Height < 700 {
					t.Errorf("page %d: number %d, size %v×%v", i+1, p.Number, p.Width, p.Height)
				}
			}
			checkText(t, pages, tt.want)
		})
	}
}

// Chromium draws text in Type0 (CID) fonts, whose widths are in the
// descendant font's /W, and cell borders as thin filled rectangles.
func TestChromiumGeometry(t *testing.T) {
	pages, err := Read(sharedSample(t, "chromium_seed003_table.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		for i, r := range p.Runs {
			if r.W <= 0 || r.Size < 8.9 || r.Size > 10 || !strings.HasPrefix(r.Font, "LiberationSans") {
				t.Errorf("page %d run %d %q: W %v, size %v, font %q", p.Number, i, r.Text, r.W, r.Size, r.Font)
			}
			if i == 0 {
				continue
			}
			// runs drawn one after another on a baseline move right and do not overlap
			prev := p.Runs[i-1]
			if math.Abs(prev.Y-r.Y) < 0.01 && r.X < prev.X+prev.W-0.5 {
				t.Errorf("page %d: %q at x=%.2f overlaps %q ending at %.2f", p.Number, r.Text, r.X, prev.Text, prev.X+prev.W)
			}
		}
		var h, v int
		for _, s := range p.Rules {
			switch {
			case s.Y0 == s.Y1 && s.X1 > s.X0:
				h++
			case s.X0 == s.X1 && s.Y1 > s.Y0:
				v++
			default:
				t.Errorf("rule %+v is neither horizontal nor vertical", s)
			}
		}
		if h < 10 || v < 10 {
			t.Errorf("page %d: %d horizontal and %d vertical rules, want the table's borders", p.Number, h, v)
		}
	}
	// "Clearhaus" heads its row; "Danmark" is the next cell, to its right
	clear, dk := findRun(pages[0], "Clearhaus"), findRun(pages[0], "Danmark")
	if clear == nil || dk == nil || math.Abs(clear.Y-dk.Y) > 0.01 || dk.X <= clear.X+clear.W {
		t.Errorf("Clearhaus %+v, Danmark %+v", clear, dk)
	}
}

func findRun(p layout.Page, text string) *layout.Run {
	for i := range p.Runs {
		if p.Runs[i].Text == text {
			return &p.Runs[i]
		}
	}
	return nil
}

// Ghostscript rewrites LibreOffice's file into one text object per page,
// moving with Td and spacing columns with large TJ adjustments: the runs must
// come out where LibreOffice drew them, not glued together.
func TestGhostscriptRewrite(t *testing.T) {
	lo, err := Read(sharedSample(t, "libreoffice_seed003_table.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	gs, err := Read(sharedSample(t, "ghostscript_rewrite_of_lo003.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(lo) != len(gs) {
		t.Fatalf("%d pages, want %d", len(gs), len(lo))
	}
	for i := range lo {
		a, b := lo[i].Runs, gs[i].Runs
		if len(a) != len(b) {
			t.Fatalf("page %d: %d runs, want %d as LibreOffice's", i+1, len(b), len(a))
		}
		for j := range a {
			if a[j].Text != b[j].Text || math.Abs(a[j].X-b[j].X) > 0.05 || math.Abs(a[j].Y-b[j].Y) > 0.05 || math.Abs(a[j].W-b[j].W) > 0.1 {
				t.Errorf("page %d run %d: %+v, LibreOffice has %+v", i+1, j, b[j], a[j])
			}
		}
	}
	if land := findRun(gs[0], "Land"); land == nil || math.Abs(land.X-142.8) > 0.05 {
		t.Errorf("Land = %+v, want its own run at x=142.8", land)
	}
}

// Both documents merged by qpdf call their font /F1: page 2 (still the
// table) and page 3 (the text document) must each use their own.
func TestMergedFonts(t *testing.T) {
	pages, err := Read(sharedSample(t, "qpdf_merged_lo003_lotxt001.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkText(t, pages[1:2], []string{"QuickPay", "Webhosting.dk", "E-conomic", "PopUp Maker", "Tyskland"})
	checkText(t, pages[2:3], []string{"Databehandleraftale", "Søren Frichs Vej 44D", "8230 Åbyhøj", "Danmark"})
	if f := pages[2].Runs[0].Font; f != "LiberationSerif" {
		t.Errorf("page 3 font = %q, want LiberationSerif", f)
	}
}

func TestCraftedTStar(t *testing.T) {
	p := readOne(t, sharedSample(t, "crafted_tstar.pdf"))
	// T* moves down by the leading; TJ with a -20 kerning number keeps
	// "Kapital" one run. Helvetica has no /Widths here, so widths come from
	// the standard-font model: checked within 15% of the real metrics.
	want := []wantRun{
		{"Linje en", 72, 700, 12 * (556 + 222 + 556 + 222 + 556 + 278 + 556 + 556) / 1000.0, 12},
		{"Linje to", 72, 686, 12 * (556 + 222 + 556 + 222 + 556 + 278 + 278 + 556) / 1000.0, 12},
		{"Kapital", 72, 672, 12 * (3057 + 20) / 1000.0, 12},
	}
	if len(p.Runs) != len(want) {
		t.Fatalf("got %d runs %+v, want %d", len(p.Runs), p.Runs, len(want))
	}
	for i, w := range want {
		g := p.Runs[i]
		if g.Text != w.text || !near64(g.X, w.x) || !near64(g.Y, w.y) || !near64(g.Size, w.s) || g.W < 0.85*w.w || g.W > 1.15*w.w {
			t.Errorf("run %d = %q x=%.3f y=%.3f w=%.3f size=%.3f, want %q x=%.3f y=%.3f w≈%.3f size=%.3f",
				i, g.Text, g.X, g.Y, g.W, g.Size, w.text, w.x, w.y, w.w, w.s)
		}
	}
}

// FuzzRead feeds Read mutations of small PDFs: it must return pages or an
// *Error, never panic, and what it returns must be well formed. (The
// library can still hang on some inputs, the reason Read runs in a guarded
// worker; none of the seeds here do.)
func FuzzRead(f *testing.F) {
	for _, name := range []string{
		"crafted_ok_helvetica_winansi.pdf", "crafted_differences_baseenc.pdf", "crafted_tstar.pdf",
		"crafted_unbalanced_Q.pdf", "crafted_type0_no_tounicode.pdf", "crafted_form_xobject_text.pdf",
	} {
		if data, err := os.ReadFile(filepath.Join(sharedSamples, name)); err == nil {
			f.Add(data)
		}
	}
	f.Add(onePage("/Rotate 90", "q 2 0 0 2 10 10 cm BT /F2 10 Tf 14 TL 1 Tc 2 Tw 90 Tz 3 Ts 5 5 Td (a b) Tj T* [(c) -300 (d)] TJ (e) ' ET Q 0 0 m 100 0 l S 10 10 50 1 re f /X1 Do"))
	f.Add(onePage("", "29 254 m 29 255 28 256 27 256 c 26 256 25 255 25 254 c 25 253 26 252 27 252 c h f 40 250 4 4 re f BT /F2 10 Tf 40 250 Td (item) Tj ET [[[<< /A [1] >>]]] pop"))
	f.Add(onePage("", "/X1 Do /X2 Do",
		stream("/Type /XObject /Subtype /Form /Matrix [1 0 0 1 5 5] /Resources << /Font << /F 6 0 R >> /XObject << /Y 7 0 R >> >>", "BT /F 9 Tf (x) Tj ET /Y Do"),
		stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray", "\x00")))
	f.Add(buildPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		stream("", "BT /F1 10 Tf 0 0 Td <00240003004400450046> Tj ET"),
		"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 500 /W [3 [278] 36 38 667] >>",
		stream("", toUnicodeCMap)))
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, err := Read(data, Options{MaxPages: 50, MaxOps: 200_000, MaxDepth: 4})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || pages != nil {
				t.Fatalf("Read returned %T %v with %d pages", err, err, len(pages))
			}
			return
		}
		if len(pages) == 0 {
			t.Fatal("no pages and no error")
		}
		for i, p := range pages {
			if p.Number != i+1 || !finite(p.Width, p.Height) {
				t.Fatalf("page %d: number %d, size %v×%v", i+1, p.Number, p.Width, p.Height)
			}
			for _, r := range p.Runs {
				if r.Text == "" || !utf8.ValidString(r.Text) || !finite(r.X, r.Y, r.W, r.Size) {
					t.Fatalf("page %d: bad run %+v", i+1, r)
				}
			}
			for _, s := range p.Rules {
				if !finite(s.X0, s.Y0, s.X1, s.Y1) || s.X0 != s.X1 && s.Y0 != s.Y1 {
					t.Fatalf("page %d: bad rule %+v", i+1, s)
				}
			}
			for _, s := range p.Shapes {
				if !finite(s.X0, s.Y0, s.X1, s.Y1) || s.X1 < s.X0 || s.Y1 < s.Y0 {
					t.Fatalf("page %d: bad shape %+v", i+1, s)
				}
			}
		}
	})
}

// BenchmarkRead reads the 10-page Chromium DPA (Type0 fonts, per-glyph
// positioning) and reports pages per second.
func BenchmarkRead(b *testing.B) {
	data := sharedSample(b, "chromium_seed001_dpa.pdf")
	b.SetBytes(int64(len(data)))
	pages := 0
	for b.Loop() {
		p, err := Read(data, Options{})
		if err != nil {
			b.Fatal(err)
		}
		pages += len(p)
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}
