package pdf

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/subproc/subproc/corpus/layout"
)

// The fallback reader: PDFium compiled to WebAssembly and run by wazero, in
// a worker process of its own (mode "pdfium"). It opens what Read refuses
// (AES-256, PDF 2.0 headers, junk around the file, broken cross-reference
// tables) and has not been seen to hang or crash; it costs about 3 s and
// 300 MB to start, or 0.2 s and 50 MB with a compilation cache.
//
// It gives the same []layout.Page as Read: each character's Unicode value,
// origin, loose box and font size, merged into runs of one line and one
// font; the page's size; and, as ruling lines, the path objects that are
// thin (a stroked line or a thin filled rectangle) or stroked rectangles.

// Limits of the pdfium reader, against files that are large on purpose.
const (
	pdfiumMaxChars   = 200000  // characters read per page at most
	pdfiumMaxObjects = 20000   // page objects looked at per page for ruling lines
	pdfiumMaxRunes   = 5 << 20 // characters read per document at most
)

// pdfiumEngine is a PDFium WebAssembly runtime; every document gets a fresh
// instance of the module, so nothing a document leaves behind reaches the next.
type pdfiumEngine struct {
	pool pdfium.Pool
}

// newPdfium compiles the PDFium module, with wazero's compilation cache in
// cacheDir when it is not "".
func newPdfium(cacheDir string) (*pdfiumEngine, error) {
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	if cacheDir != "" {
		if err := os.MkdirAll(cacheDir, 0o755); err == nil {
			if cc, err := wazero.NewCompilationCacheWithDir(cacheDir); err == nil {
				rc = rc.WithCompilationCache(cc)
			}
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle: 1, MaxIdle: 1, MaxTotal: 1,
		RuntimeConfig: rc,
		FSConfig:      wazero.NewFSConfig(), // no file system: documents come as bytes
		Stdout:        os.Stderr,            // standard output carries the frames
		Stderr:        os.Stderr,
	})
	if err != nil {
		return nil, fmt.Errorf("start pdfium: %w", err)
	}
	return &pdfiumEngine{pool: pool}, nil
}

func (e *pdfiumEngine) pages(data []byte, opt Options) ([]layout.Page, error) {
	inst, err := e.pool.GetInstance(time.Minute)
	if err != nil {
		return nil, fmt.Errorf("start a pdfium instance: %w", err)
	}
	defer inst.Close()
	r := &pdfiumReader{inst: inst, maxPages: opt.withDefaults().MaxPages}
	return r.read(data)
}

// pdfiumReader reads one document with one instance.
type pdfiumReader struct {
	inst         pdfium.Pdfium
	maxPages     int
	chars, unmap int // characters read, and how many of them had no Unicode value
	images       int // images on the pages without characters
	pageErrs     int
	firstPageErr error
}

func (r *pdfiumReader) read(data []byte) ([]layout.Page, error) {
	doc, err := r.inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil, openError(err)
	}
	defer r.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := r.inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, malformed(0, "pdfium cannot count the pages: %v", err)
	}
	if count.PageCount > r.maxPages {
		return nil, malformed(0, "more than %d pages", r.maxPages)
	}
	var pages []layout.Page
	for i := 0; i < count.PageCount && r.chars < pdfiumMaxRunes; i++ {
		p, err := r.page(doc.Document, i)
		if err != nil {
			// A page that cannot be loaded (in a broken page tree) is skipped.
			r.pageErrs++
			if r.firstPageErr == nil {
				r.firstPageErr = fmt.Errorf("page %d: %w", i+1, err)
			}
			continue
		}
		pages = append(pages, p)
	}
	switch {
	case len(pages) == 0 && r.firstPageErr != nil:
		return nil, malformed(0, "pdfium could read no page: %v", r.firstPageErr)
	case len(pages) == 0:
		return nil, malformed(0, "the document has no pages")
	case r.chars == 0 && r.images > 0:
		return nil, &Error{Kind: ErrNoText, Reason: fmt.Sprintf("%s with %s and no text", plural(len(pages), "page"), plural(r.images, "image")), Hint: hintNoText}
	case r.chars == 0:
		return nil, &Error{Kind: ErrMalformed,
			Reason: fmt.Sprintf("pdfium found neither text nor images on %s (damaged content streams, blank pages, or text drawn as outlines)", plural(len(pages), "page"))}
	case r.unmap*5 > r.chars:
		return nil, &Error{Kind: ErrFontEncoding, Hint: hintFontEncoding,
			Reason: fmt.Sprintf("%d of %d characters have no Unicode value", r.unmap, r.chars)}
	}
	return pages, nil
}

// openError classifies a failure to open a document.
func openError(err error) error {
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword):
		return &Error{Kind: ErrEncrypted, Reason: "the document needs a password to open", Hint: hintEncrypted}
	case errors.Is(err, pdfiumerrors.ErrSecurity):
		return &Error{Kind: ErrEncrypted, Reason: "its security handler is not supported", Hint: hintEncrypted}
	}
	return malformed(0, "pdfium cannot open it: %v", err)
}

// page reads page i (0-based).
func (r *pdfiumReader) page(doc references.FPDF_DOCUMENT, i int) (layout.Page, error) {
	loaded, err := r.inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: i})
	if err != nil {
		return layout.Page{}, err
	}
	defer r.inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: loaded.Page})
	ref := requests.Page{ByReference: &loaded.Page}
	p := layout.Page{Number: i + 1}
	if w, err := r.inst.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: ref}); err == nil {
		p.Width = float64(w.PageWidth)
	}
	if h, err := r.inst.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: ref}); err == nil {
		p.Height = float64(h.PageHeight)
	}
	if p.Runs, err = r.runs(ref); err != nil {
		return layout.Page{}, err
	}
	p.Rules, p.Shapes = r.paths(ref)
	if len(p.Runs) == 0 {
		r.images += r.countImages(ref)
	}
	return p, nil
}

// countImages counts the image objects of a page, those inside its forms
// included.
func (r *pdfiumReader) countImages(page requests.Page) int {
	count, err := r.inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return 0
	}
	n := 0
	for i := 0; i < min(count.Count, pdfiumMaxObjects); i++ {
		obj, err := r.inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			continue
		}
		n += r.objectImages(obj.PageObject, 0)
	}
	return n
}

// objectImages counts the images in a page object: 1 for an image, those
// inside a form (up to a few forms deep).
func (r *pdfiumReader) objectImages(obj references.FPDF_PAGEOBJECT, depth int) int {
	typ, err := r.inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj})
	if err != nil {
		return 0
	}
	switch {
	case typ.Type == enums.FPDF_PAGEOBJ_IMAGE:
		return 1
	case typ.Type != enums.FPDF_PAGEOBJ_FORM || depth >= 4:
		return 0
	}
	count, err := r.inst.FPDFFormObj_CountObjects(&requests.FPDFFormObj_CountObjects{PageObject: obj})
	if err != nil {
		return 0
	}
	n := 0
	for i := 0; i < min(count.Count, pdfiumMaxObjects); i++ {
		sub, err := r.inst.FPDFFormObj_GetObject(&requests.FPDFFormObj_GetObject{PageObject: obj, Index: uint64(i)})
		if err != nil {
			continue
		}
		n += r.objectImages(sub.PageObject, depth+1)
	}
	return n
}

// runs reads the characters of a page and merges them into runs.
func (r *pdfiumReader) runs(page requests.Page) ([]layout.Run, error) {
	tp, err := r.inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return nil, fmt.Errorf("load text: %w", err)
	}
	defer r.inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	count, err := r.inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return nil, fmt.Errorf("count characters: %w", err)
	}
	var m runMerger
	for i := 0; i < min(count.Count, pdfiumMaxChars); i++ {
		c, ok := r.char(tp.TextPage, i, &m)
		if ok {
			m.add(c)
		}
	}
	return m.done(), nil
}

// pchar is one character as pdfium places it.
type pchar struct {
	r         rune
	space     bool    // a space, drawn or generated by pdfium between words
	x, y      float64 // origin on the baseline
	right     float64 // right edge of the loose box
	tf        float64 // font size as set (Tf)
	size      float64 // effective size on the page
	font      string
	generated bool
}

// char reads character i of a text page; ok is false for characters that
// carry nothing (line ends pdfium generated, unmapped glyphs, which are counted).
func (r *pdfiumReader) char(tp references.FPDF_TEXTPAGE, i int, m *runMerger) (c pchar, ok bool) {
	u, err := r.inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp, Index: i})
	if err != nil {
		return c, false
	}
	gen, err := r.inst.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: tp, Index: i})
	if err == nil && gen.IsGenerated {
		if u.Unicode == ' ' {
			m.space()
		} else {
			m.lineEnd()
		}
		return c, false
	}
	c.r = rune(u.Unicode)
	switch {
	case c.r == '\r' || c.r == '\n':
		m.lineEnd()
		return c, false
	case c.r == ' ' || c.r == '\t' || c.r == 0xA0:
		m.space()
		return c, false
	}
	if c.r == 0x02 {
		c.r = '-' // pdfium's mark for a hyphen that ends a line
	}
	r.chars++
	if c.r == 0 || c.r == unicode.ReplacementChar || c.r > unicode.MaxRune || c.r < 0x20 ||
		(c.r >= 0xD800 && c.r <= 0xDFFF) {
		r.unmap++
		return c, false
	}
	if me, err := r.inst.FPDFText_HasUnicodeMapError(&requests.FPDFText_HasUnicodeMapError{TextPage: tp, Index: i}); err == nil && me.HasUnicodeMapError {
		r.unmap++
		return c, false
	}
	o, err := r.inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp, Index: i})
	if err != nil {
		return c, false
	}
	c.x, c.y = o.X, o.Y
	c.right = c.x
	if b, err := r.inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp, Index: i}); err == nil {
		c.right = float64(b.Rect.Right)
	}
	if fs, err := r.inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp, Index: i}); err == nil {
		c.tf = fs.FontSize
	}
	c.size = c.tf
	if m.continues(c) {
		return c, true // same font as the run: skip the costlier look-ups
	}
	if mt, err := r.inst.FPDFText_GetMatrix(&requests.FPDFText_GetMatrix{TextPage: tp, Index: i}); err == nil {
		if s := math.Hypot(float64(mt.Matrix.C), float64(mt.Matrix.D)); s > 0 {
			c.size = c.tf * s
		}
	}
	if fi, err := r.inst.FPDFText_GetFontInfo(&requests.FPDFText_GetFontInfo{TextPage: tp, Index: i}); err == nil {
		c.font = baseFont(fi.FontName)
	}
	return c, true
}

// baseFont drops the subset tag ("ABCDEF+") from a font name.
func baseFont(name string) string {
	if i := strings.IndexByte(name, '+'); i == 6 {
		for _, c := range name[:6] {
			if c < 'A' || c > 'Z' {
				return name
			}
		}
		return name[7:]
	}
	return name
}

// runMerger merges characters into runs: a character continues the current
// run when it sits on the same baseline, in the same font and size, and
// starts near where the run ends; a space between them (drawn, generated
// by pdfium, or a gap of a quarter em) is kept as one " ". A gap of more
// than one em, as between table columns, starts a new run.
type runMerger struct {
	runs     []layout.Run
	cur      *layout.Run
	curTf    float64 // the current run's Tf size
	curEnd   float64 // right edge of its last character
	curEmpty bool
	pending  bool // a space came after the run's last character
}

func (m *runMerger) space()   { m.pending = m.cur != nil }
func (m *runMerger) lineEnd() { m.flush() }

// continues reports whether c continues the current run (its font and
// effective size are then the run's).
func (m *runMerger) continues(c pchar) bool {
	if m.cur == nil || c.tf != m.curTf {
		return false
	}
	em := math.Max(m.cur.Size, 1)
	gap := c.x - m.curEnd
	return math.Abs(c.y-m.cur.Y) < 0.2*em && gap > -0.5*em && gap < em
}

func (m *runMerger) add(c pchar) {
	if m.continues(c) {
		em := math.Max(m.cur.Size, 1)
		if (m.pending || c.x-m.curEnd > 0.25*em) && !strings.HasSuffix(m.cur.Text, " ") {
			m.cur.Text += " "
		}
		m.cur.Text += string(c.r)
		m.curEnd = math.Max(m.curEnd, c.right)
		m.cur.W = m.curEnd - m.cur.X
		m.pending = false
		return
	}
	m.flush()
	m.cur = &layout.Run{Text: string(c.r), X: c.x, Y: c.y, W: c.right - c.x, Size: c.size, Font: c.font}
	m.curTf, m.curEnd = c.tf, c.right
}

func (m *runMerger) flush() {
	if m.cur != nil {
		m.cur.Text = strings.TrimRight(m.cur.Text, " ")
		m.runs = append(m.runs, *m.cur)
	}
	m.cur, m.pending = nil, false
}

func (m *runMerger) done() []layout.Run {
	m.flush()
	return m.runs
}

// paths finds the ruling lines of a page among its path objects (thin ones
// become a segment along their length, stroked rectangles their four edges)
// and the small filled figures that may be list bullets.
func (r *pdfiumReader) paths(page requests.Page) (segs []layout.Segment, shapes []layout.Shape) {
	count, err := r.inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return nil, nil
	}
	const thin = 2.0 // points
	for i := 0; i < min(count.Count, pdfiumMaxObjects); i++ {
		obj, err := r.inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			continue
		}
		typ, err := r.inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
		if err != nil || typ.Type != enums.FPDF_PAGEOBJ_PATH {
			continue
		}
		b, err := r.inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: obj.PageObject})
		if err != nil {
			continue
		}
		x0, y0, x1, y1 := float64(b.Left), float64(b.Bottom), float64(b.Right), float64(b.Top)
		w, h := x1-x0, y1-y0
		if w >= minShape && h >= minShape && w <= maxShape && h <= maxShape && w <= 2*h && h <= 2*w && len(shapes) < maxShapes {
			if dm, err := r.inst.FPDFPath_GetDrawMode(&requests.FPDFPath_GetDrawMode{PageObject: obj.PageObject}); err == nil && dm.FillMode != enums.FPDF_FILLMODE_NONE {
				shapes = append(shapes, layout.Shape{X0: x0, Y0: y0, X1: x1, Y1: y1})
				continue
			}
		}
		switch {
		case h <= thin && w > thin:
			segs = append(segs, layout.Segment{X0: x0, Y0: (y0 + y1) / 2, X1: x1, Y1: (y0 + y1) / 2})
		case w <= thin && h > thin:
			segs = append(segs, layout.Segment{X0: (x0 + x1) / 2, Y0: y0, X1: (x0 + x1) / 2, Y1: y1})
		case w > thin && h > thin:
			n, err := r.inst.FPDFPath_CountSegments(&requests.FPDFPath_CountSegments{PageObject: obj.PageObject})
			if err != nil || n.Count < 4 || n.Count > 5 {
				continue
			}
			dm, err := r.inst.FPDFPath_GetDrawMode(&requests.FPDFPath_GetDrawMode{PageObject: obj.PageObject})
			if err != nil || !dm.Stroke {
				continue
			}
			segs = append(segs,
				layout.Segment{X0: x0, Y0: y0, X1: x1, Y1: y0}, layout.Segment{X0: x0, Y0: y1, X1: x1, Y1: y1},
				layout.Segment{X0: x0, Y0: y0, X1: x0, Y1: y1}, layout.Segment{X0: x1, Y0: y0, X1: x1, Y1: y1})
		}
	}
	return segs, shapes
}
