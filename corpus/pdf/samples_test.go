package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/subproc/subproc/corpus/layout"
)

// The samples in testdata/pdf-samples (see its README) and hostile files
// made here go through a real pool: the Read workers and the pdfium
// fallback. Each must give its text or a clear status in bounded time, and
// the test process must survive.

var samplesDir = filepath.Join("..", "..", "testdata", "pdf-samples")

// sampleTimeout is the pool's timeout in these tests: the files that hang
// the first reader cost this much before they go to pdfium.
const sampleTimeout = 3 * time.Second

// sampleBound is what one document may take at most here: two readers'
// timeouts and a pdfium start without a compilation cache on a busy machine.
const sampleBound = 2*sampleTimeout + 45*time.Second

// shared is the pool of these tests, started once: pdfium costs about 3 s
// to compile, less with the cache.
var shared struct {
	once sync.Once
	pool *Pool
}

func sharedPool() *Pool {
	shared.once.Do(func() {
		opt := PoolOptions{Workers: 4, Timeout: sampleTimeout}
		if dir, err := os.UserCacheDir(); err == nil {
			opt.CacheDir = filepath.Join(dir, "subproc", "pdfium")
		}
		shared.pool = NewPool(opt)
	})
	return shared.pool
}

func closeShared() {
	if shared.pool != nil {
		shared.pool.Close()
	}
}

// want is the expected outcome of a document: all of words in its text
// (compared without white space), or an error of one of the kinds.
type want struct {
	words []string
	kinds []error
}

func words(w ...string) want   { return want{words: w} }
func errKinds(k ...error) want { return want{kinds: k} }
func (w want) isError() bool   { return len(w.kinds) > 0 }
func (w want) String() string  { return fmt.Sprint(w.words, w.kinds) }

var (
	seed003 = words("Clearhaus", "årshjul", "Databehandlere")
	seed001 = words("Databehandleraftale", "Åbyhøj")
	crafted = words("SørenFrichsVej", "Åbyhøj", "“Ændring”", "€", "Jönköping")
)

var sampleWants = map[string]want{
	"all_offsets_shifted_20.pdf":       seed003,
	"chromium_seed001_dpa.pdf":         seed001,
	"chromium_seed003_table.pdf":       seed003,
	"crafted_cyclic_kids.pdf":          crafted,
	"crafted_deep_nesting_content.pdf": errKinds(ErrNoText, ErrMalformed),
	"crafted_differences_baseenc.pdf":  words("Grånland", "“Ny”", "æøå"),
	"crafted_form_xobject_text.pdf":    crafted,
	"crafted_huge_count.pdf":           crafted,
	"crafted_huge_xref_index.pdf":      crafted,
	"crafted_ok_helvetica_winansi.pdf": crafted,
	"crafted_parent_cycle.pdf":         crafted,
	"crafted_tstar.pdf":                words("Linjeen", "Linjeto", "Kapital"),
	"crafted_type0_no_tounicode.pdf":   errKinds(ErrFontEncoding),
	"crafted_unbalanced_Q.pdf":         crafted,
	"enc_aes128_userpw_secret.pdf":     errKinds(ErrEncrypted),
	"enc_aes256_empty_userpw.pdf":      seed003,
	"enc_aes256_userpw_secret.pdf":     errKinds(ErrEncrypted),
	"enc_rc4_40_empty_userpw.pdf":      seed003,
	"ghostscript_rewrite_of_lo003.pdf": seed003,
	"header_pdf20.pdf":                 seed003,
	"leading_utf8_bom.pdf":             seed003,
	"libreoffice_seed001_dpa.pdf":      seed001,
	"libreoffice_seed003_table.pdf":    seed003,
	"qpdf_merged_lo003_lotxt001.pdf":   words("Clearhaus", "årshjul", "Åbyhøj"),
	"startxref_off_by_7.pdf":           seed003,
	"trailing_300_nul_bytes.pdf":       seed003,
}

func TestSamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(samplesDir, "*.pdf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples in %s (%v)", samplesDir, err)
	}
	p := sharedPool()
	var mu sync.Mutex
	var table []string
	t.Cleanup(func() {
		sort.Strings(table)
		t.Logf("outcomes:\n%s", strings.Join(table, "\n"))
	})
	for _, f := range files {
		name := filepath.Base(f)
		w, ok := sampleWants[name]
		if !ok {
			t.Errorf("%s has no expected outcome in sampleWants", name)
			continue
		}
		t.Run(strings.TrimSuffix(name, ".pdf"), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			line := check(t, p, data, w)
			mu.Lock()
			table = append(table, fmt.Sprintf("%-36s %s", name, line))
			mu.Unlock()
		})
	}
}

// check reads data with p and compares the outcome with w; it returns a
// line for the outcome table.
func check(t *testing.T, p *Pool, data []byte, w want) string {
	t.Helper()
	start := time.Now()
	pages, tr, err := p.pages(context.Background(), data)
	elapsed := time.Since(start)
	if elapsed > sampleBound {
		t.Errorf("took %v, more than %v", elapsed, sampleBound)
	}
	how := "read"
	if tr.fallback {
		how = "pdfium after: " + short(tr.first)
		if err == nil && !strings.Contains(how, "timed out") {
			how = "pdfium after: " + short(tr.first)
		}
	}
	if err != nil {
		how += " -> " + short(err)
	}
	line := fmt.Sprintf("%6.2fs  %s", elapsed.Seconds(), how)
	switch {
	case w.isError() && err == nil:
		t.Errorf("read %d pages, want an error of kind %v", len(pages), w.kinds)
	case w.isError():
		if !isAny(err, w.kinds) {
			t.Errorf("error = %v, want one of kinds %v", err, w.kinds)
		}
	case err != nil:
		t.Errorf("error = %v, want text with %q", err, w.words)
	default:
		text := squeeze(pagesText(pages))
		for _, word := range w.words {
			if !strings.Contains(text, squeeze(word)) {
				t.Errorf("text lacks %q: %.300q", word, text)
			}
		}
	}
	return line
}

func isAny(err error, kinds []error) bool {
	for _, k := range kinds {
		if errors.Is(err, k) {
			return true
		}
	}
	return false
}

func short(err error) string {
	if err == nil {
		return "ok"
	}
	s := err.Error()
	if i := strings.Index(s, ": the file may be"); i > 0 {
		s = s[:i]
	}
	if len(s) > 90 {
		s = s[:90] + "…"
	}
	return s
}

func pagesText(pages []layout.Page) string {
	var b strings.Builder
	for _, p := range pages {
		for _, r := range p.Runs {
			b.WriteString(r.Text)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestFallback makes the Read worker fail in each way and checks that
// pdfium reads the document, or that both failures are reported.
func TestFallback(t *testing.T) {
	sample := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(samplesDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	cat := func(parts ...string) []byte { return []byte(strings.Join(parts, "")) }
	cyclic, xref := string(sample("crafted_cyclic_kids.pdf")), string(sample("crafted_huge_xref_index.pdf"))
	tests := []struct {
		name  string
		data  []byte
		first string // how the Read worker fails
		want  want
	}{
		{"timeout", cat(markRaw, cyclic), FailTimeout, crafted},
		{"out_of_memory", cat(markRaw, xref), FailMemory, crafted},
		{"crash", cat(markExit, cyclic), FailCrash, crafted},
		{"both_crash", cat(markBoth, markExit, cyclic), FailCrash, want{}},
	}
	p := sharedPool()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pages, tr, err := p.pages(context.Background(), tt.data)
			workerError(t, tr.first, tt.first)
			if !tr.fallback {
				t.Fatalf("the document did not go to pdfium")
			}
			if tt.want.words == nil {
				var fe *fallbackError
				if !errors.As(err, &fe) {
					t.Fatalf("error = %v, want both readers' failures", err)
				}
				workerError(t, fe.second, FailCrash)
				return
			}
			if err != nil {
				t.Fatalf("pdfium: %v", err)
			}
			text := squeeze(pagesText(pages))
			for _, w := range tt.want.words {
				if !strings.Contains(text, squeeze(w)) {
					t.Errorf("text lacks %q: %.200q", w, text)
				}
			}
		})
	}
}

// TestFallbackNotOnLimit checks that a file past one of Read's limits is
// refused at once: pdfium, without those limits, would spend its timeout on
// it.
func TestFallbackNotOnLimit(t *testing.T) {
	p := NewPool(PoolOptions{Workers: 1, Timeout: sampleTimeout, Read: Options{MaxStreamBytes: 1 << 16}})
	defer p.Close()
	content := pdfStream("", append(bytes.Repeat([]byte{' '}, 1<<20), helloText...), true)
	_, tr, err := p.pages(context.Background(), pagePDF(content, ""))
	var e *Error
	if !errors.As(err, &e) || e.Limit != "MaxStreamBytes" || !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want ErrMalformed with Limit MaxStreamBytes", err)
	}
	if tr.fallback {
		t.Errorf("the document went to pdfium")
	}
}

// TestFallbackDamagedIsNoScan reads a page with an image next to a page
// whose text cannot be decoded: pdfium sees an image and no text, but the
// file is damaged, not scanned.
func TestFallbackDamagedIsNoScan(t *testing.T) {
	img := pdfStream("/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8", bytes.Repeat([]byte{0x80}, 64), true)
	data := writePDF([]pdfObject{
		{1, []byte("<< /Type /Catalog /Pages 2 0 R >>")},
		{2, []byte("<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>")},
		{3, []byte("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>")},
		{4, pdfStream("", []byte("q 100 0 0 100 40 600 cm /Im1 Do Q"), false)},
		{5, img},
		{6, []byte("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 8 0 R >> >> /Contents 7 0 R >>")},
		{7, brokenFlate(helloText)},
		{8, []byte(fontHelvetica)},
	})
	_, tr, err := sharedPool().pages(context.Background(), data)
	if !tr.fallback || !errors.Is(err, ErrMalformed) || errors.Is(err, ErrNoText) || !strings.Contains(err.Error(), "page 2") {
		t.Errorf("err = %v (fallback %v), want Read's ErrMalformed about page 2", err, tr.fallback)
	}
}

// brokenFlate is a Flate stream of text with its zlib header bytes flipped.
func brokenFlate(text string) []byte {
	var b bytes.Buffer
	z := zlib.NewWriter(&b)
	z.Write([]byte(text))
	z.Close()
	data := b.Bytes()
	data[0] ^= 0xFF
	data[1] ^= 0xFF
	return fmt.Appendf(nil, "<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", len(data), data)
}

// TestHostile sends files made to break readers through the pool: halves
// of good files, files with flipped bytes, a decompression bomb, deep
// nesting, a form that draws itself, an image-only page. Each must end
// with text or a clear status in bounded time.
func TestHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile sweep skipped in -short mode")
	}
	good, err := os.ReadFile(filepath.Join(samplesDir, "libreoffice_seed003_table.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	long, err := os.ReadFile(filepath.Join(samplesDir, "chromium_seed001_dpa.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	status := errKinds(ErrNoText, ErrMalformed, ErrFontEncoding, ErrEncrypted)
	cases := []struct {
		name string
		data []byte
		want want // zero: text or any status
	}{
		{"first_half", good[:len(good)/2], want{}},
		{"second_half", good[len(good)/2:], want{}},
		{"long_first_half", long[:len(long)/2], want{}},
		{"header_only", good[:9], status},
		{"empty", nil, status},
		{"not_a_pdf", []byte("helloText, world\n"), status},
		{"flate_bomb", flateBomb(t), want{}},
		{"deep_nesting_object", deepNestingObject(), want{}},
		{"self_drawing_form", selfDrawingForm(), want{}},
		{"image_only", imageOnly(), errKinds(ErrNoText)},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		b := bytes.Clone(good)
		for range 20 {
			b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
		}
		cases = append(cases, struct {
			name string
			data []byte
			want want
		}{fmt.Sprintf("flipped_%02d", i), b, want{}})
	}

	p := sharedPool()
	var mu sync.Mutex
	var table []string
	t.Cleanup(func() {
		sort.Strings(table)
		t.Logf("outcomes:\n%s", strings.Join(table, "\n"))
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var line string
			if c.want.words == nil && c.want.kinds == nil {
				line = checkAny(t, p, c.data)
			} else {
				line = check(t, p, c.data, c.want)
			}
			mu.Lock()
			table = append(table, fmt.Sprintf("%-22s %s", c.name, line))
			mu.Unlock()
		})
	}
}

// checkAny accepts text or a clear status: an error of this package's
// kinds, or a worker that failed.
func checkAny(t *testing.T, p *Pool, data []byte) string {
	t.Helper()
	start := time.Now()
	pages, tr, err := p.pages(context.Background(), data)
	elapsed := time.Since(start)
	if elapsed > sampleBound {
		t.Errorf("took %v, more than %v", elapsed, sampleBound)
	}
	var we *WorkerError
	switch {
	case err == nil && len(pages) == 0:
		t.Errorf("no pages and no error")
	case err != nil && !isAny(err, []error{ErrNoText, ErrMalformed, ErrFontEncoding, ErrEncrypted}) && !errors.As(err, &we):
		t.Errorf("error = %v (%T), want a status", err, err)
	}
	how := "read"
	if tr.fallback {
		how = "pdfium after: " + short(tr.first)
	}
	if err != nil {
		how += " -> " + short(err)
	} else {
		how += fmt.Sprintf(" -> %d pages, %d characters", len(pages), len([]rune(pagesText(pages))))
	}
	return fmt.Sprintf("%6.2fs  %s", elapsed.Seconds(), how)
}

// A minimal PDF writer, after craft.py in the samples' README.

type pdfObject struct {
	num  int
	body []byte
}

func writePDF(objs []pdfObject) []byte {
	var out bytes.Buffer
	out.WriteString("%PDF-1.4\n")
	offs := map[int]int{}
	n := 0
	for _, o := range objs {
		offs[o.num] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n", o.num)
		out.Write(o.body)
		out.WriteString("\nendobj\n")
		n = max(n, o.num+1)
	}
	x := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", n)
	for i := 1; i < n; i++ {
		if off, ok := offs[i]; ok {
			fmt.Fprintf(&out, "%010d 00000 n \n", off)
		} else {
			out.WriteString("0000000000 00000 f \n")
		}
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", n, x)
	return out.Bytes()
}

func pdfStream(dict string, data []byte, compress bool) []byte {
	if compress {
		var b bytes.Buffer
		z, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
		z.Write(data)
		z.Close()
		data = b.Bytes()
		dict += " /Filter /FlateDecode"
	}
	return fmt.Appendf(nil, "<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

const (
	fontHelvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	helloText     = "BT /F1 12 Tf 72 700 Td (Hello hostile world) Tj ET"
)

// pagePDF is a one-page document with content and more objects from 6 on.
func pagePDF(content []byte, resources string, more ...pdfObject) []byte {
	if resources == "" {
		resources = "<< /Font << /F1 5 0 R >> >>"
	}
	objs := []pdfObject{
		{1, []byte("<< /Type /Catalog /Pages 2 0 R >>")},
		{2, []byte("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")},
		{3, []byte("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + " /Contents 4 0 R >>")},
		{4, content},
		{5, []byte(fontHelvetica)},
	}
	return writePDF(append(objs, more...))
}

// flateBomb is a page whose content stream inflates to 256 MB of spaces
// before its text.
func flateBomb(t testing.TB) []byte {
	var b bytes.Buffer
	z, _ := zlib.NewWriterLevel(&b, zlib.BestSpeed)
	spaces := bytes.Repeat([]byte{' '}, 1<<20)
	for range 256 {
		z.Write(spaces)
	}
	z.Write([]byte(helloText))
	z.Close()
	data := b.Bytes()
	content := fmt.Appendf(nil, "<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", len(data), data)
	return pagePDF(content, "")
}

// deepNestingObject is a page with a 3,000,000-deep array among its keys.
func deepNestingObject() []byte {
	deep := strings.Repeat("[", 3_000_000) + strings.Repeat("]", 3_000_000)
	objs := []pdfObject{
		{1, []byte("<< /Type /Catalog /Pages 2 0 R >>")},
		{2, []byte("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")},
		{3, []byte("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Junk 6 0 R >>")},
		{4, pdfStream("", []byte(helloText), false)},
		{5, []byte(fontHelvetica)},
		{6, []byte(deep)},
	}
	return writePDF(objs)
}

// selfDrawingForm is a page whose text is in a Form XObject that also draws itself.
func selfDrawingForm() []byte {
	form := pdfStream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>",
		[]byte(helloText+" q 1 0 0 1 0 -14 cm /X1 Do Q"), false)
	return pagePDF(pdfStream("", []byte("/X1 Do"), false), "<< /XObject << /X1 6 0 R >> >>", pdfObject{6, form})
}

// imageOnly is a scanned page: one image, no text.
func imageOnly() []byte {
	pixels := bytes.Repeat([]byte{0x80}, 64*64)
	img := pdfStream("/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8", pixels, true)
	return pagePDF(pdfStream("", []byte("q 500 0 0 700 40 70 cm /Im1 Do Q"), false),
		"<< /XObject << /Im1 6 0 R >> >>", pdfObject{6, img})
}
